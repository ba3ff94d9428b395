"""The UltraCart call budget, shared by every worker process through Django's cache.

UltraCart allows 1,000 calls/hour by default and refuses concurrent calls with 429 too, so we keep our own,
lower ceilings (ULTRACART_CALLS_PER_HOUR, ULTRACART_MAX_IN_FLIGHT) and fail fast rather than queue: a caller
that finds the budget spent serves stale data or a "busy" page.

- Calls per hour: a rolling window (portal/core/windows.py: 60 to 70 minutes in 10-minute buckets, so no
  cliff at the top of the hour). A refused call is taken back out: the count is what UltraCart received.
- Calls per visitor (client network) per minute, ULTRACART_CALLS_PER_VISITOR_MINUTE: counted only for calls
  UltraCart answered. Its failures are never the visitor's fault; the circuit breaker bounds those.
- Calls in flight: ULTRACART_MAX_IN_FLIGHT slots, each a key taken with cache.add (atomic set-if-absent) and
  released with delete. Every slot expires on its own shortly after the call's deadline, so a worker killed
  mid-call cannot hold a slot for ever (the safety net that a shared incr/decr counter lacks).

If the cache itself is down we let calls through (logged): refusing every call would take the site down for
a problem that is not UltraCart's.
"""

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open
from portal.core.windows import window_add, window_count, window_undo
from portal.ultracart.errors import RateLimited

_CALLS = "uc:budget:calls"
_VISITOR_CALLS = "uc:budget:visitor:{visitor}"
_SLOT_KEY = "uc:budget:slot:{index}"
# Who the current request's calls are made for (the client network), set by ultracart_request_scope.
current_visitor: contextvars.ContextVar[str | None] = contextvars.ContextVar(
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


def _visitor_key() -> str | None:
    visitor = current_visitor.get()
    return _VISITOR_CALLS.format(visitor=visitor) if visitor else None


def budget_visitor_allows(*, operation: str) -> None:
    """Raise RateLimited when this request's visitor has had its answered calls for this minute."""
    key = _visitor_key()
    if key is None:
        return
    used = None
    with cache_fail_open("ultracart budget: visitor limit not applied"):
        used = window_count(key, bucket_seconds=60, buckets=1)
    if used is not None and used >= int(settings.ULTRACART_CALLS_PER_VISITOR_MINUTE):
        raise RateLimited("this visitor's UltraCart calls for the minute are spent", operation=operation)


def budget_visitor_count() -> None:
    """UltraCart answered a call made for this visitor: it counts against their minute."""
    key = _visitor_key()
    if key is None:
        return
    with cache_fail_open("ultracart budget: visitor call not counted"):
        window_add([key], bucket_seconds=60, buckets=1)


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
