"""What an order page shows, decided once per request from the order and the visitor's access level.

Templates get this frozen object (and its Order), never raw dicts. On a redacted page the Order itself has
no addresses, name, email, phone, payment or tracking numbers (shipments keep only carrier and status),
and there is no receipt HTML or invoice link, so a template slip cannot leak them.
"""

import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

from portal.core.emails import email_mask
from portal.core.languages import language_supported
from portal.receipts.access import Access
from portal.receipts.amounts import order_in_language
from portal.receipts.refunds import RefundView, refund_view
from portal.receipts.sanitize import receipt_html_sanitize
from portal.receipts.state import OrderState, StateWording, order_state, state_wording
from portal.receipts.timeline import TimelineStep, order_timeline_build
from portal.receipts.tracking import ShipmentView, shipment_views
from portal.receipts.wording import order_tax_label, payment_text
from portal.subscriptions.notes import SubscriptionNote, subscription_note
from portal.ultracart import Order, UltraCartError, order_receipt_html

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OrderPage:
    order: Order
    is_full: bool
    state: StateWording
    timeline: tuple[TimelineStep, ...]
    refund: RefundView | None
    shipments: tuple[ShipmentView, ...]
    payment: str  # in the order's language: "Visa ending in 1111"; "" on a redacted page
    tax_label: str  # the one tax label of this order, also on its redacted page and its invoice
    receipt_html: SafeString | None  # sanitized; None when redacted or when UltraCart could not format it
    invoice_url: str | None  # full access only
    subscription_url: str | None
    subscription: SubscriptionNote | None  # what the subscription this order started is now
    resend_url: str
    offers_resend: bool  # a confirmation of a refunded or canceled order would confirm what no longer stands
    sign_in_url: str
    masked_email: str  # full access only: "j•••@example.com"
    show_conversion: bool


def _receipt_html(order_id: str) -> SafeString | None:
    try:
        receipt = order_receipt_html(order_id=order_id)
    except UltraCartError as error:
        # The page still confirms the order and lists its items; the receipt is in the confirmation email.
        logger.warning("receipt html unavailable: %s %s", error.operation, error.status)
        return None
    return receipt_html_sanitize(html=receipt.html)


def _page_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def order_redact(order: Order) -> Order:
    """The order as a redacted page may hold it: what was bought and what it cost, nothing about who."""
    # Item options can be personal too (an engraving, a gift message): the lines keep what and how many.
    items = tuple(replace(item, options=()) for item in order.items)
    # Carrier and status stay (they say where the parcel is); the number and the events (places) go.
    shipments = tuple(replace(s, tracking_number="", url="", events=()) for s in order.shipments)
    return replace(
        order,
        billing=None,
        shipping=None,
        email="",
        payment_method="",
        payment_description="",
        shipments=shipments,
        card_type="",
        card_last4="",
        items=items,
        coupons=(),
        refund_reason="",
    )


def resend_offered(*, order: Order) -> bool:
    return order_state(order=order) not in (OrderState.REFUNDED, OrderState.CANCELED)


def order_page_build(*, order: Order, access: Access, show_conversion: bool = False) -> OrderPage:
    """Built under the page's language (translation.override): amounts and words follow it."""
    is_full = access is Access.FULL
    order = order_in_language(order)
    shown = order if is_full else order_redact(order)
    # UltraCart formats its receipt in the order's language only: a page in another language lists the items.
    state = order_state(order=order)
    receipt_speaks_page = not language_supported(order.language) or order.language == _page_language()
    return OrderPage(
        order=shown,
        is_full=is_full,
        state=state_wording(state=state),
        timeline=order_timeline_build(order=order),
        refund=refund_view(order=shown),
        shipments=shipment_views(shipments=shown.shipments, is_full=is_full),
        payment=payment_text(order=shown) if is_full else "",
        tax_label=order_tax_label(order=order),
        receipt_html=_receipt_html(order.order_id) if is_full and receipt_speaks_page else None,
        # The invoices app serves it and asks access.py too; a redacted page does not offer it.
        invoice_url=reverse("invoices:download", kwargs={"order_id": order.order_id}) if is_full else None,
        subscription_url=f"/account/subscriptions/{order.auto_order_oid}/" if order.auto_order_oid else None,
        subscription=subscription_note(order=order, full_access=is_full),
        resend_url=reverse("receipts:resend_receipt", kwargs={"order_id": order.order_id}),
        offers_resend=resend_offered(order=order),
        # The email to pre-fill travels in the session (sign_in_hint_set), never in the URL.
        sign_in_url=reverse("accounts:sign_in"),
        masked_email=email_mask(order.email) if is_full else "",
        show_conversion=show_conversion,
    )
