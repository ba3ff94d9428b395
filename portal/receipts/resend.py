"""Helpers of "Resend my confirmation email": where to go back to, when the next resend is possible, and
its audit entry (an UltraCart write: every press is recorded, sent, refused by the limit, or failed)."""

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme

from portal.core.cache_safe import cache_fail_open
from portal.core.client_ip import client_ip
from portal.merchant.actions import AuditAction
from portal.merchant.audit import audit_record
from portal.ultracart import Order


def resend_return_path(*, request: HttpRequest, order: Order) -> str:
    """Back to the page the button was pressed on (`next`), when that is this order's page on our site."""
    fallback = reverse("receipts:receipt", kwargs={"order_id": order.order_id})
    candidate = request.POST.get("next", "")
    if not candidate.startswith("/") or not url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return fallback  # "//evil.example", "https://…", "/\\evil.example": never off our site
    try:
        match = resolve(candidate.split("?", 1)[0])
    except Resolver404:
        return fallback
    if match.view_name == "receipts:thank_you":
        return candidate  # its token is in the query: the thank-you page it was pressed on
    if match.view_name == "receipts:receipt" and match.kwargs.get("order_id") == order.order_id:
        return candidate
    return fallback


def resend_retry_time(*, key: str, interval_seconds: int) -> str:
    """When the next resend is possible ("6:20 p.m. PST"), in the store's time zone; "" if unknown.

    `key` holds the Unix time of the last send (the resend limit's cache entry).
    """
    sent = None
    with cache_fail_open("resend time: left out of the message"):
        sent = cache.get(key)
    if not isinstance(sent, int | float) or sent < 1_000_000_000:
        return ""
    retry = timezone.localtime(datetime.fromtimestamp(sent, tz=UTC) + timedelta(seconds=interval_seconds))
    return f"{formats.time_format(retry, 'TIME_FORMAT')} {retry.tzname() or ''}".strip()


def resend_audit(
    *, request: HttpRequest, order: Order, result: str, detail: str = "", ultracart_request_id: str = ""
) -> None:
    """One press of the button: "ok" (UltraCart sent it), "refused" (once per 10 minutes, no call made) or
    "failed" (UltraCart could not send it). The row keeps the order's email as every audit row does."""
    audit_record(
        action=AuditAction.RESEND_RECEIPT,
        result=result,
        email=order.email,
        order_id=order.order_id,
        detail=detail,
        ultracart_request_id=ultracart_request_id,
        client_address=client_ip(request),
    )
