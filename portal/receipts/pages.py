"""What an order page shows, decided once per request from the order and the visitor's access level.

Templates get this frozen object (and its Order), never raw dicts. On a redacted page the Order itself has
no addresses, name, email, phone, payment or tracking numbers, and there is no receipt HTML or invoice
link, so a template slip cannot leak them.
"""

import logging
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.safestring import SafeString

from portal.receipts.access import Access
from portal.receipts.sanitize import receipt_html_sanitize
from portal.receipts.timeline import TimelineStep, order_timeline_build
from portal.ultracart import Order, UltraCartError, order_receipt_html

logger = logging.getLogger(__name__)

SIGN_IN_PATH = "/account/sign-in/"


@dataclass(frozen=True, slots=True)
class OrderPage:
    order: Order
    is_full: bool
    timeline: tuple[TimelineStep, ...]
    receipt_html: SafeString | None  # sanitized; None when redacted or when UltraCart could not format it
    invoice_url: str | None  # full access only
    subscription_url: str | None
    resend_url: str
    sign_in_url: str
    masked_email: str  # full access only: "j•••@example.com"
    show_conversion: bool


def email_mask(email: str) -> str:
    local, at, domain = email.partition("@")
    if not at or not local:
        return ""
    return f"{local[0]}•••@{domain}"


def _receipt_html(order_id: str) -> SafeString | None:
    try:
        receipt = order_receipt_html(order_id=order_id)
    except UltraCartError as error:
        # The page still confirms the order and lists its items; the receipt is in the confirmation email.
        logger.warning("receipt html unavailable: %s %s", error.operation, error.status)
        return None
    return receipt_html_sanitize(html=receipt.html)


def order_redact(order: Order) -> Order:
    """The order as a redacted page may hold it: what was bought and what it cost, nothing about who."""
    # Item options can be personal too (an engraving, a gift message): the lines keep what and how many.
    items = tuple(replace(item, options=()) for item in order.items)
    return replace(
        order,
        billing=None,
        shipping=None,
        email="",
        payment_method="",
        payment_description="",
        shipments=(),
        items=items,
        coupons=(),
        refund_reason="",
    )


def order_page_build(*, order: Order, access: Access, show_conversion: bool = False) -> OrderPage:
    is_full = access is Access.FULL
    return OrderPage(
        order=order if is_full else order_redact(order),
        is_full=is_full,
        timeline=order_timeline_build(order=order),
        receipt_html=_receipt_html(order.order_id) if is_full else None,
        # The invoices app serves it and asks access.py too; a redacted page does not offer it.
        invoice_url=reverse("invoices:download", kwargs={"order_id": order.order_id}) if is_full else None,
        subscription_url=f"/account/subscriptions/{order.auto_order_oid}/" if order.auto_order_oid else None,
        resend_url=reverse("receipts:resend_receipt", kwargs={"order_id": order.order_id}),
        # The email to pre-fill travels in the session (sign_in_hint_set), never in the URL.
        sign_in_url=SIGN_IN_PATH,
        masked_email=email_mask(order.email) if is_full else "",
        show_conversion=show_conversion,
    )
