"""The UltraCart call budget, shared by every worker process through Django's cache.

UltraCart allows 1,000 calls/hour by default and refuses concurrent calls with 429 too, so we keep our own,
lower ceilings (ULTRACART_CALLS_PER_HOUR, ULTRACART_MAX_IN_FLIGHT) and fail fast rather than queue: a caller
that finds the budget spent serves stale data or a "busy" page.

- Calls per hour: a rolling window (portal/core/windows.py: 60 to 70 minutes in 10-minute buckets, so no
  cliff at the top of the hour). A refused call is taken back out: the count is what UltraCart received.
- Calls per visitor, counted only for calls UltraCart answered (its failures are never the visitor's fault;
  the circuit breaker bounds those). A visitor is a signed-in customer, counted per customer wherever they
  connect from (ULTRACART_CALLS_PER_CUSTOMER in any CUSTOMER_WINDOW_MINUTES: room for a dozen subscription
  changes in a few minutes), or else a client network (IPv4 address or IPv6 /56) per minute,
  ULTRACART_CALLS_PER_VISITOR_MINUTE. A refusal is VisitorLimited, with the seconds until there is room.
- Calls in flight: ULTRACART_MAX_IN_FLIGHT slots, each a key taken with cache.add (atomic set-if-absent) and
  released with delete. Every slot expires on its own shortly after the call's deadline, so a worker killed
  mid-call cannot hold a slot for ever (the safety net that a shared incr/decr counter lacks).

If the cache itself is down we let calls through (logged): refusing every call would take the site down for
a problem that is not UltraCart's.
"""

import contextvars
import hashlib
import hmac
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open
from portal.core.emails import email_key
from portal.core.windows import window_add, window_count, window_seconds_until_under, window_undo
from portal.ultracart.errors import RateLimited, VisitorLimited

_CALLS = "uc:budget:calls"
_VISITOR_CALLS = "uc:budget:visitor:{visitor}"
_SLOT_KEY = "uc:budget:slot:{index}"
CUSTOMER_WINDOW_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Visitor:
    """Whom a request's UltraCart calls count against, and how many answered calls they get."""

    key: str  # "network:<address or /56>" or "customer:<HMAC of the email>": never the email itself
    calls: int
    window_minutes: int


def budget_visitor_network(*, network: str) -> Visitor:
    return Visitor(f"network:{network}", int(settings.ULTRACART_CALLS_PER_VISITOR_MINUTE), 1)


def budget_visitor_customer(*, email: str) -> Visitor:
    digest = hmac.new(settings.SECRET_KEY.encode(), email_key(email).encode(), hashlib.sha256).hexdigest()
    return Visitor(
        f"customer:{digest[:32]}", int(settings.ULTRACART_CALLS_PER_CUSTOMER), CUSTOMER_WINDOW_MINUTES
    )


class VisitorOnce:
    """The visitor of one request, worked out at its first UltraCart call (most pages make none), once."""

    def __init__(self, resolve: Callable[[], Visitor | None]) -> None:
        self._resolve = resolve
        self._resolved = False
        self._visitor: Visitor | None = None

    def get(self) -> Visitor | None:
        if not self._resolved:
            self._visitor, self._resolved = self._resolve(), True
        return self._visitor


# Whom the current request's calls are made for, set by ultracart_request_scope.
current_visitor: contextvars.ContextVar[VisitorOnce | None] = contextvars.ContextVar(
    "ultracart_visitor", default=None
)


def budget_calls_this_hour() -> int:
    """Calls UltraCart received in the rolling hour (0 when unknown)."""
    with cache_fail_open("ultracart budget: calls this hour unknown"):  # /healthz must still answer
        return window_count(_CALLS)
    return 0


def _count_call(*, operation: str) -> None:
    added = None
    with cache_fail_open("ultracart budget: call not counted"):
        added = window_add([_CALLS])
    if added is None:
        return
    (used,), counted = added
    if used > int(settings.ULTRACART_CALLS_PER_HOUR):
        window_undo(counted)  # not made, so not counted
        raise RateLimited("our hourly UltraCart call budget is spent", operation=operation)


def _visitor() -> Visitor | None:
    holder = current_visitor.get()
    return holder.get() if holder is not None else None


def _window(visitor: Visitor) -> tuple[str, dict[str, int]]:
    return _VISITOR_CALLS.format(visitor=visitor.key), {
        "bucket_seconds": 60,
        "buckets": visitor.window_minutes,
    }


def budget_visitor_allows(*, operation: str) -> None:
    """Raise VisitorLimited when this request's visitor has had their answered calls for the window."""
    visitor = _visitor()
    if visitor is None:
        return
    key, window = _window(visitor)
    retry_after = None
    with cache_fail_open("ultracart budget: visitor limit not applied"):
        if window_count(key, **window) >= visitor.calls:
            retry_after = window_seconds_until_under([key], [visitor.calls], **window)[0]
    if retry_after is not None:
        raise VisitorLimited(
            "this visitor's UltraCart calls for the window are spent",
            operation=operation,
            retry_after=retry_after,
        )


def budget_visitor_count() -> None:
    """UltraCart answered a call made for this visitor: it counts against their window."""
    visitor = _visitor()
    if visitor is None:
        return
    key, window = _window(visitor)
    with cache_fail_open("ultracart budget: visitor call not counted"):
        window_add([key], **window)


def _take_slot(*, operation: str, hold_seconds: float) -> tuple[str, str] | None:
    """Take a free in-flight slot; None when the cache is down (fail open)."""
    owner = uuid.uuid4().hex
    timeout = max(1, int(hold_seconds) + 5)
    all_taken = False
    with cache_fail_open("ultracart budget: in-flight limit not applied"):
        for index in range(int(settings.ULTRACART_MAX_IN_FLIGHT)):
            key = _SLOT_KEY.format(index=index)
            if cache.add(key, owner, timeout=timeout):
                return key, owner
        all_taken = True
    if not all_taken:
        return None
    raise RateLimited("too many UltraCart calls in flight", operation=operation)


def _release_slot(slot: tuple[str, str] | None) -> None:
    if slot is None:
        return
    key, owner = slot
    with cache_fail_open("ultracart budget: in-flight slot not released (it will expire)"):
        # Only free our own slot: after expiry the key may belong to another call.
        if cache.get(key) == owner:
            cache.delete(key)


@contextmanager
def budget_call(*, operation: str, hold_seconds: float) -> Iterator[None]:
    """Count one UltraCart request against the budget, or raise RateLimited without making it."""
    slot = _take_slot(operation=operation, hold_seconds=hold_seconds)
    try:
        _count_call(operation=operation)
        yield
    finally:
        _release_slot(slot)


def budget_in_flight() -> int:
    with cache_fail_open("ultracart budget: calls in flight unknown"):
        keys = [_SLOT_KEY.format(index=i) for i in range(int(settings.ULTRACART_MAX_IN_FLIGHT))]
        return len(cache.get_many(keys))
    return 0
