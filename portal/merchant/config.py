"""What the merchant has chosen: branding, support contact, access windows, invoice source.

One function answers for the whole portal. Today the values are code defaults read from settings (the
environment); the admin issue makes them editable and this function will read that one record (cached).
"""

from dataclasses import dataclass

from django.conf import settings


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
    # Subscriptions: which self-service actions customers may take, and their limits.
    subscription_actions: frozenset[str] = (
        frozenset()
    )  # pause pause_until resume skip reschedule cancel update_card
    subscription_max_skips: int = 2  # consecutive skips of the next shipment
    subscription_min_lead_days: int = 2  # the earliest new shipment date is today + this
    subscription_max_days_ahead: int = 90  # the latest new shipment (or resume) date is today + this
    subscription_cancel_reasons: tuple[str, ...] = ()
    subscription_save_offers: bool = True  # offer pause / skip beside the cancel button


def _web_url(value: str) -> str:
    # It lands in an href: a javascript: or data: URL must never pass.
    return value if value.startswith(("https://", "http://")) else ""


def portal_settings_get() -> PortalSettings:
    return PortalSettings(
        store_name=settings.PORTAL_STORE_NAME,
        accent_color=settings.PORTAL_ACCENT_COLOR,
        logo_url=settings.PORTAL_LOGO_URL,
        support_email=settings.PORTAL_SUPPORT_EMAIL,
        support_phone=settings.PORTAL_SUPPORT_PHONE,
        storefront_url=_web_url(settings.PORTAL_STOREFRONT_URL),
        merchant_address=settings.PORTAL_MERCHANT_ADDRESS,
        merchant_tax_id=settings.PORTAL_MERCHANT_TAX_ID,
        full_details_minutes=settings.PORTAL_FULL_DETAILS_MINUTES,
        invoice_source=settings.PORTAL_INVOICE_SOURCE,
        subscription_actions=frozenset(settings.PORTAL_SUBSCRIPTION_ACTIONS),
        subscription_max_skips=settings.PORTAL_SUBSCRIPTION_MAX_SKIPS,
        subscription_min_lead_days=max(1, settings.PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS),
        subscription_max_days_ahead=settings.PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD,
        subscription_cancel_reasons=tuple(settings.PORTAL_SUBSCRIPTION_CANCEL_REASONS),
        subscription_save_offers=settings.PORTAL_SUBSCRIPTION_SAVE_OFFERS,
    )
