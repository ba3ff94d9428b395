"""Save offers on the cancel page: what answers the reason the customer picked, and where an offer came from.

The merchant maps cancel reasons to offers (Portal settings, portal/merchant/save_offer_map.py); a reason
the map leaves out gets the generic pause and skip. An offer is shown only when its action has a page here
(the registry's PAGES: an action another branch has not built yet is simply absent), the merchant allows it
and the subscription's state permits it. Showing is audited (SAVE_OFFER_SHOWN, which offers for which
reason); an offer's page carries the reason as `offer`, and the action it leads to records it.

The offers page is the cancel's review: "No thanks, cancel" on it cancels with the chosen reason at once.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.merchant.actions import AuditAction, AuditResult, SubscriptionAction
from portal.merchant.audit import audit_record
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.merchant.save_offer_map import GENERIC_SAVE_OFFERS
from portal.subscriptions.actors import Actor
from portal.subscriptions.discounts import discount_offer_words, discount_price_words, discount_terms
from portal.subscriptions.registry import PAGES
from portal.subscriptions.selectors import flow_allowed
from portal.ultracart import AutoOrder

A = SubscriptionAction


@dataclass(frozen=True, slots=True)
class SaveOffer:
    action: str
    label: str  # the button
    detail: str  # a line beside it ("$18.50 → $14.80 for your next 2 shipments, then back to $18.50"), or ""
    url: str


def _offers_named(reason: str, config: PortalSettings) -> tuple[str, ...]:
    if not config.subscription_save_offers:
        return ()
    mapped = config.save_offers_for(reason) if reason else None
    return mapped if mapped is not None else tuple(GENERIC_SAVE_OFFERS)


def offer_origin(*, action: str, offer: str) -> str:
    """The cancel reason whose offers led to this page (`offer`), when that reason does offer it; else ""."""
    config = portal_settings_get()
    if offer in config.subscription_cancel_reasons and action in _offers_named(offer, config):
        return offer
    return ""


def _label(action: str) -> str:
    words = {
        A.PAUSE: _("Pause instead"),
        A.SKIP: _("Skip the next shipment instead"),
        A.RESCHEDULE: _("Move the next shipment instead"),
        A.SWAP: _("Try another product instead"),
        A.FREQUENCY: _("Receive it less often"),
        A.QUANTITY: _("Receive fewer"),
        A.SHIPPING_ADDRESS: _("Send it to your new address"),
    }
    return words.get(SubscriptionAction(action), str(action))


def save_offers_for(auto_order: AutoOrder, *, reason: str) -> tuple[SaveOffer, ...]:
    """The offers the cancel page shows for this reason, as they apply to this subscription now."""
    config = portal_settings_get()
    found = []
    for action in _offers_named(reason, config):
        if action not in PAGES or not flow_allowed(auto_order, SubscriptionAction(action)):
            continue
        url = reverse(f"subscriptions:{action}", args=[auto_order.auto_order_oid])
        url = f"{url}?{urlencode({'offer': reason})}" if reason else url
        label, detail = _label(action), ""
        if action == A.DISCOUNT:
            terms = discount_terms(auto_order, config=config)
            if terms is None:
                continue
            label, detail = discount_offer_words(terms), discount_price_words(terms)
        found.append(SaveOffer(str(action), label, detail, url))
    return tuple(found)


def save_offers_shown_record(
    *, actor: Actor, auto_order: AutoOrder, reason: str, offers: tuple[SaveOffer, ...]
) -> None:
    """Which offers a customer was shown for which reason (never more than the audit row already holds)."""
    audit_record(
        action=AuditAction.SAVE_OFFER_SHOWN, result=AuditResult.OK, email=actor.email,
        auto_order_oid=auto_order.auto_order_oid, order_id=auto_order.original_order_id,
        detail=f"reason={reason} offers={','.join(offer.action for offer in offers)}",
        client_address=actor.client_address,
    )  # fmt: skip
