"""What the merchant has chosen: branding, support contact, access windows, invoice source, subscriptions.

One function answers for the whole portal: `portal_settings_get()`. It reads the one `PortalConfiguration`
record (edited in the admin) through the shared cache; until the merchant saves that record the PORTAL_*
environment values apply. Saving (the admin, or `portal_settings_update`) writes the new value to the cache
after commit, so every worker sees it on its next read. A cache outage falls back to the database, and a
database outage to the environment defaults: a customer page never fails for want of its settings.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.core.cache_safe import cache_fail_open
from portal.core.request_memo import request_memo_forget, request_memo_get
from portal.merchant.actions import SubscriptionAction
from portal.merchant.item_rules import ItemRule, add_on_items_parse, item_rules_parse
from portal.merchant.save_offer_map import SaveOfferMap, save_offer_map_parse

logger = logging.getLogger(__name__)

CACHE_KEY = "merchant:portal-settings:v4"  # bump when PortalSettings changes shape
CACHE_TTL = 60 * 60  # a bound on staleness should an invalidation ever be lost
_DEFAULTS = "__env_defaults__"  # cached: "no record saved yet"
_MEMO_NAME = "portal_settings"


@dataclass(frozen=True, slots=True)
class PortalSettings:
    store_name: str
    accent_color: str
    logo_url: str
    support_email: str
    support_phone: str
    storefront_url: str  # "Back to the store"; empty: no link
    merchant_address: str
    merchant_tax_id: str
    full_details_minutes: int
    invoice_source: str  # "portal" (rendered here) or "ultracart" (generateInvoice)
    time_zone: str = "UTC"  # IANA name; every date and time a customer reads is shown in it
    # Subscriptions: which self-service actions customers may take, and their limits.
    subscription_actions: frozenset[str] = frozenset()  # SubscriptionAction values
    subscription_max_skips: int = 2  # consecutive skips of the next shipment
    subscription_min_lead_days: int = 2  # the earliest new shipment date is today + this
    subscription_max_days_ahead: int = 90  # the latest new shipment (or resume) date is today + this
    subscription_cancel_reasons: tuple[str, ...] = ()
    subscription_save_offers: bool = True  # offer pause / skip beside the cancel button
    subscription_item_rules: tuple[ItemRule, ...] = ()  # per item: frequencies, quantity, swaps
    subscription_add_on_items: tuple[str, ...] = ()  # item ids a customer may add once to a shipment
    subscription_save_offer_map: SaveOfferMap = ()  # (cancel reason, its offers' action names)
    subscription_discount_percent: int = 20  # the discount offer: percent off the item's price...
    subscription_discount_orders: int = 2  # ...for this many shipments, then the price is back by itself
    # The first thank-you view only (receipts/partials/conversion_tracking.html). Out of repr: the invoice
    # cache key is built from repr, and a new snippet does not change an invoice.
    conversion_snippet: str = field(default="", repr=False)
    conversion_hosts: tuple[str, ...] = field(default=(), repr=False)

    def item_rule(self, item_id: str) -> ItemRule:
        """The merchant's rule for an item; an item without a line offers none of its choices."""
        rule = next((r for r in self.subscription_item_rules if r.item_id == item_id), None)
        return rule or ItemRule(item_id)

    def save_offers_for(self, reason: str) -> tuple[str, ...] | None:
        """The offers the merchant maps to a cancel reason; None when the map has no line for it."""
        return next((offers for name, offers in self.subscription_save_offer_map if name == reason), None)


def _web_url(value: str) -> str:
    # It lands in an href: a javascript: or data: URL must never pass.
    return value if value.startswith(("https://", "http://")) else ""


# Settings kept as they are in the environment (PORTAL_<NAME>), the record and PortalSettings alike.
PLAIN_FIELDS = (
    "store_name",
    "accent_color",
    "support_email",
    "support_phone",
    "merchant_address",
    "merchant_tax_id",
    "full_details_minutes",
    "invoice_source",
    "time_zone",
    "subscription_max_skips",
    "subscription_max_days_ahead",
    "subscription_save_offers",
    "subscription_discount_percent",
    "subscription_discount_orders",
)


def _actions_named(names: list[str]) -> frozenset[str]:
    if "all" in names:
        return frozenset(SubscriptionAction)
    return frozenset(names) & frozenset(SubscriptionAction)


def portal_settings_defaults() -> PortalSettings:
    """The environment's values (PORTAL_*): what applies until the merchant saves the settings record."""
    return PortalSettings(
        **{name: getattr(settings, f"PORTAL_{name.upper()}") for name in PLAIN_FIELDS},
        logo_url=settings.PORTAL_LOGO_URL,
        storefront_url=_web_url(settings.PORTAL_STOREFRONT_URL),
        subscription_actions=_actions_named(settings.PORTAL_SUBSCRIPTION_ACTIONS),
        subscription_min_lead_days=max(1, settings.PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS),
        subscription_cancel_reasons=tuple(settings.PORTAL_SUBSCRIPTION_CANCEL_REASONS),
        subscription_item_rules=item_rules_parse(settings.PORTAL_SUBSCRIPTION_ITEM_RULES),
        subscription_add_on_items=add_on_items_parse("\n".join(settings.PORTAL_SUBSCRIPTION_ADD_ON_ITEMS)),
        subscription_save_offer_map=save_offer_map_parse(settings.PORTAL_SUBSCRIPTION_SAVE_OFFER_MAP),
    )


def logo_path(*, digest: str, content_type: str) -> str:
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}.get(content_type, "img")
    return f"/brand-logo/{digest[:16]}.{extension}"


def _from_record(record: Any) -> PortalSettings:
    from portal.merchant.validation import cancel_reasons_parse, conversion_hosts_parse

    logo = record.logo_url
    if record.logo_digest:
        logo = logo_path(digest=record.logo_digest, content_type=record.logo_content_type)
    return PortalSettings(
        **{name: getattr(record, name) for name in PLAIN_FIELDS},
        logo_url=logo,
        storefront_url=_web_url(record.storefront_url),
        subscription_actions=frozenset(record.subscription_actions or ()),
        subscription_min_lead_days=max(1, record.subscription_min_lead_days),
        subscription_cancel_reasons=tuple(cancel_reasons_parse(record.subscription_cancel_reasons)),
        subscription_item_rules=item_rules_parse(record.subscription_item_rules),
        subscription_add_on_items=add_on_items_parse(record.subscription_add_on_items),
        subscription_save_offer_map=save_offer_map_parse(record.subscription_save_offer_map),
        conversion_snippet=record.conversion_snippet,
        conversion_hosts=tuple(conversion_hosts_parse(record.conversion_hosts)),
    )


def _from_database() -> PortalSettings | None:
    """The saved record's settings, None when there is none yet. Raises when the database cannot answer."""
    from portal.merchant.models import PortalConfiguration

    record = PortalConfiguration.objects.defer("logo_image").filter(pk=1).first()
    return _from_record(record) if record is not None else None


def portal_settings_get() -> PortalSettings:
    # Once per request (portal/core/request_memo.py): the view, context processor and templates share it.
    return request_memo_get(_MEMO_NAME, _settings_read)


def _settings_read() -> PortalSettings:
    cached = None
    with cache_fail_open("portal settings: reading the database"):
        cached = cache.get(CACHE_KEY)
    if isinstance(cached, PortalSettings):
        return cached
    if cached == _DEFAULTS:
        return portal_settings_defaults()
    try:
        saved = _from_database()
    except Exception:
        logger.warning("portal settings: database unavailable, using the defaults", exc_info=True)
        return portal_settings_defaults()
    with cache_fail_open("portal settings: not cached"):
        # add, not set: a save that landed meanwhile has already written its newer value, which stays.
        cache.add(CACHE_KEY, saved or _DEFAULTS, CACHE_TTL)
    return saved or portal_settings_defaults()


def portal_settings_invalidate() -> None:
    """Forget the cached settings now and publish the saved ones once the transaction commits."""

    def publish() -> None:
        try:
            saved = _from_database()
            cache.set(CACHE_KEY, saved or _DEFAULTS, CACHE_TTL)
        except Exception:
            logger.warning("portal settings: could not publish the new settings", exc_info=True)
            _forget()

    _forget()
    transaction.on_commit(publish)


def _forget() -> None:
    request_memo_forget(_MEMO_NAME)  # the request that saved renders with what it saved
    with cache_fail_open("portal settings: the old value expires on its own"):
        cache.delete(CACHE_KEY)


def logo_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
