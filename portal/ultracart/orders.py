"""Order operations: what the thank-you page, receipts, invoices and the account pages ask UltraCart."""

import base64
import binascii
import logging
from typing import Any

from django.conf import settings

from portal.ultracart.cache import (
    NOT_FOUND,
    TTL_INVOICE,
    TTL_ORDER,
    TTL_ORDER_LIST,
    TTL_RECEIPT,
    TTL_TOKEN,
    cache_get,
    cache_get_any,
    cache_read_through,
    cache_remember_not_found,
    cache_store,
    cache_store_many,
    key_invoice,
    key_order,
    key_order_list,
    key_order_pages,
    key_receipt,
    key_token,
    stale_key_of,
)
from portal.ultracart.client import call_deadline, ultracart_request
from portal.ultracart.errors import BadResponse, NotFound, UltraCartError
from portal.ultracart.ids import order_id_path_segment
from portal.ultracart.models import Order, OrderPage, ReceiptHtml
from portal.ultracart.parsing import order_from_json, order_page_from_json

logger = logging.getLogger("portal.ultracart")

# What a receipt page shows: addresses, lines, totals, taxes, coupons, payment, tracking, the auto order link.
ORDER_EXPANSION = (
    "billing,shipping,shipping.tracking_number_details,item,summary,taxes,coupon,payment,auto_order,checkout"
)
# The account's order list asks for whole orders, so each one it lists is kept under its id too: opening an
# order from the list (receipt, invoice, tracking) then costs no getOrder.
ORDER_LIST_EXPANSION = ORDER_EXPANSION
MAX_PAGE_SIZE = 200  # UltraCart's _limit ceiling

# Customer-safe format options: no internal information, merchant notes, contact info or card details.
RECEIPT_FORMAT = {
    "context": "receipt",
    "format": "table",
    "show_internal_information": False,
    "show_merchant_notes": False,
    "show_payment_info": False,
    "show_non_sensitive_payment_info": False,  # the page words the payment itself, in the order's language
    "show_contact_info": False,
    "translate": True,
    "email_as_link": False,
    "link_file_attachments": False,
    "dont_link_email_to_search": True,
    "hide_bill_to_address": False,
}


def _order_path(order_id: str, suffix: str = "", *, operation: str) -> str:
    return f"/order/orders/{order_id_path_segment(order_id, operation=operation)}{suffix}"


def order_payload(body: dict[str, Any], *, operation: str) -> Order:
    raw = body.get("order")
    if not isinstance(raw, dict) or not raw.get("order_id"):
        raise BadResponse("UltraCart answered without an order", operation=operation)  # not an answer
    return order_from_json(raw)


def _order_fetch(order_id: str) -> Order:
    body = ultracart_request(
        operation="getOrder",
        method="GET",
        path=_order_path(order_id, operation="getOrder"),
        params={"_expand": ORDER_EXPANSION},
    )
    return order_payload(body, operation="getOrder")


def order_get(*, order_id: str) -> Order:
    return cache_read_through(
        operation="getOrder", key=key_order(order_id), ttl=TTL_ORDER, fetch=lambda: _order_fetch(order_id)
    )


def order_token_cached(*, token: str) -> bool:
    """True when we already know what the token names (an order, or nothing): looking it up asks UltraCart
    nothing. The thank-you page's guessing limits spare such tokens."""
    return bool(cache_get(key_token(token)))


def _order_by_token_stale(token: str) -> Order | None:
    """What we kept of the token's order, for when UltraCart cannot answer (no call is made for it)."""
    stale_order_id = cache_get(stale_key_of(key_token(token)))
    stale_order = cache_get_any(key_order(stale_order_id)) if stale_order_id else None
    return stale_order if isinstance(stale_order, Order) else None


def order_cached(*, order_id: str) -> bool:
    """True when looking the order up asks UltraCart nothing (we hold it, or know it does not exist)."""
    return cache_get(key_order(order_id)) is not None


def order_get_by_token(*, token: str) -> Order:
    """The order behind a thank-you token. Caches token -> order id, and the order under its id.

    Only UltraCart's answer for an unknown token, a 404 (as the sandbox gives it), is NotFound: the one
    outcome the guessing limits count as a miss, and remembered for TTL_NOT_FOUND. Anything else that is
    not an order (a 400 or other 4xx, a refused key, an outage, a malformed answer) is our problem, never
    the visitor's: it is logged, nothing is cached, and the stale copy is served if we kept one, else the
    error goes up (the page answers the 503 that retries). With a stale copy in hand UltraCart gets only
    ULTRACART_STALE_DEADLINE, as every other cached read.
    """
    known_order_id = cache_get(key_token(token))
    if known_order_id == NOT_FOUND:
        raise NotFound("UltraCart knew no order for this token a moment ago", operation="getOrderByToken")
    if known_order_id:
        return order_get(order_id=known_order_id)
    stale = _order_by_token_stale(token)
    try:
        with call_deadline(seconds=float(settings.ULTRACART_STALE_DEADLINE) if stale else None):
            body = ultracart_request(
                operation="getOrderByToken",
                method="POST",
                path="/order/orders/token",
                params={"_expand": ORDER_EXPANSION},
                body={"order_token": token},
            )
        order = order_payload(body, operation="getOrderByToken")
    except NotFound:
        cache_remember_not_found(key_token(token))
        raise
    except UltraCartError as error:
        if error.status is not None and 400 <= error.status < 500 and error.status != 429:
            logger.warning("getOrderByToken answered %s: not a miss, nothing cached", error.status)
        if stale is None:
            raise
        return stale
    cache_store(key_token(token), order.order_id, ttl=TTL_TOKEN)
    cache_store(key_order(order.order_id), order, ttl=TTL_ORDER)
    return order


def order_list_for_email(*, email: str, limit: int = 20, offset: int = 0) -> OrderPage:
    """One page of the customer's orders, newest first."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = max(0, offset)
    key, stale_key = key_order_list(email, limit=limit, offset=offset)

    def fetch() -> OrderPage:
        body = ultracart_request(
            operation="getOrdersByQuery",
            method="POST",
            path="/order/orders/query",
            params={
                "_limit": limit,
                "_offset": offset,
                "_sort": "-creation_dts",
                "_expand": ORDER_LIST_EXPANSION,
            },
            body={"email": email},
        )
        page = order_page_from_json(body)
        cache_store_many({key_order(order.order_id): order for order in page.orders}, ttl=TTL_ORDER)
        _order_pages_remember(email, limit=limit, offset=offset, page=page)
        return page

    return cache_read_through(
        operation="getOrdersByQuery", key=key, stale_key=stale_key, ttl=TTL_ORDER_LIST, fetch=fetch
    )


def _order_pages_remember(email: str, *, limit: int, offset: int, page: OrderPage) -> None:
    """What this answer says about how many pages there are: the last one when UltraCart gave a total or
    said there is no more, else at least the next one."""
    number = offset // limit + 1
    if page.total is not None:
        pages = max(1, -(-page.total // limit))
    elif not page.more:
        pages = number
    else:
        pages = max(number + 1, int(cache_get(key_order_pages(email, limit=limit)) or 0))
    cache_store(key_order_pages(email, limit=limit), pages, ttl=TTL_ORDER_LIST)


def order_list_pages_known(*, email: str, limit: int) -> int | None:
    """How many pages of the customer's orders the pages already fetched show (None: none fetched). No call:
    a page number past it is refused before anyone asks UltraCart."""
    known = cache_get(key_order_pages(email, limit=max(1, min(limit, MAX_PAGE_SIZE))))
    return int(known) if known else None


def order_receipt_html(*, order_id: str) -> ReceiptHtml:
    """UltraCart's own receipt markup (UNSANITIZED: the receipts app sanitizes it)."""

    def fetch() -> ReceiptHtml:
        body = ultracart_request(
            operation="format",
            method="POST",
            path=_order_path(order_id, "/format", operation="format"),
            body=RECEIPT_FORMAT,
        )
        html, css_links = body.get("formatted_result"), body.get("css_links")
        if not isinstance(html, str):
            raise BadResponse("format answered without formatted_result", operation="format")
        links = (
            tuple(link for link in css_links if isinstance(link, str)) if isinstance(css_links, list) else ()
        )
        return ReceiptHtml(html=html, css_links=links)

    return cache_read_through(operation="format", key=key_receipt(order_id), ttl=TTL_RECEIPT, fetch=fetch)


def order_invoice_pdf(*, order_id: str) -> bytes:
    """UltraCart's invoice as PDF bytes (decoded from pdfBase64 and checked to be a PDF)."""

    def fetch() -> bytes:
        body = ultracart_request(
            operation="generateInvoice",
            method="GET",
            path=_order_path(order_id, "/invoice", operation="generateInvoice"),
        )
        encoded = body.get("pdfBase64", body.get("pdf_base64"))
        if not isinstance(encoded, str):
            raise BadResponse("generateInvoice answered without pdfBase64", operation="generateInvoice")
        try:
            pdf = base64.b64decode(encoded)  # non-alphabet characters (UltraCart's line breaks) are skipped
        except (binascii.Error, ValueError) as exc:
            raise BadResponse("pdfBase64 is not base64", operation="generateInvoice") from exc
        if not pdf.startswith(b"%PDF-"):
            raise BadResponse("generateInvoice sent something that is not a PDF", operation="generateInvoice")
        return pdf

    return cache_read_through(
        operation="generateInvoice", key=key_invoice(order_id), ttl=TTL_INVOICE, fetch=fetch
    )


def order_token_generate(*, order_id: str) -> str:
    body = ultracart_request(
        operation="generateOrderToken",
        method="GET",
        path=f"/order/orders/token/{order_id_path_segment(order_id, operation='generateOrderToken')}",
        cache_state="none",
    )
    token = body.get("order_token")
    if not isinstance(token, str) or not token:
        raise BadResponse("generateOrderToken answered without a token", operation="generateOrderToken")
    return token


def order_receipt_resend(*, order_id: str) -> None:
    """Ask UltraCart to email the receipt again. Not retried on an unknown outcome: no state to check."""
    with call_deadline():
        ultracart_request(
            operation="resendReceipt",
            method="POST",
            path=_order_path(order_id, "/resend_receipt", operation="resendReceipt"),
            write=True,
            cache_state="none",
        )
