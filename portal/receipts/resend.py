"""Helpers of "Resend my confirmation email": where to go back to, and when the next resend is possible."""

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme

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
    try:
        sent = cache.get(key)
    except Exception:  # a cache outage: the message just leaves the time out
        return ""
    if not isinstance(sent, int | float) or sent < 1_000_000_000:
        return ""
    retry = timezone.localtime(datetime.fromtimestamp(sent, tz=UTC) + timedelta(seconds=interval_seconds))
    return f"{formats.time_format(retry, 'TIME_FORMAT')} {retry.tzname() or ''}".strip()
