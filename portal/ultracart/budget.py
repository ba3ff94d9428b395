"""The UltraCart call budget, shared by every worker process through Django's cache.

UltraCart allows 1,000 calls/hour by default and refuses concurrent calls with 429 too, so we keep our own,
lower ceilings (ULTRACART_CALLS_PER_HOUR, ULTRACART_MAX_IN_FLIGHT) and fail fast rather than queue: a caller
that finds the budget spent serves stale data or a "busy" page.

- Calls per hour: one counter per clock hour (cache.add then cache.incr, both atomic in Redis and locmem).
- Calls in flight: ULTRACART_MAX_IN_FLIGHT slots, each a key taken with cache.add (atomic set-if-absent) and
  released with delete. Every slot expires on its own shortly after the call's deadline, so a worker killed
  mid-call cannot hold a slot for ever (the safety net that a shared incr/decr counter lacks).

If the cache itself is down we let calls through (logged): refusing every call would take the site down for
a problem that is not UltraCart's.
"""

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from portal.ultracart.errors import RateLimited

logger = logging.getLogger("portal.ultracart")

_HOUR_KEY = "uc:budget:hour:{bucket}"
_SLOT_KEY = "uc:budget:slot:{index}"


def _hour_bucket(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // 3600)


def budget_calls_this_hour() -> int:
    """Calls counted in the current clock hour (0 when unknown)."""
    try:
        return int(cache.get(_HOUR_KEY.format(bucket=_hour_bucket())) or 0)
    except Exception:  # a cache outage must not break /healthz
        return 0


def _count_call(*, operation: str) -> None:
    limit = int(settings.ULTRACART_CALLS_PER_HOUR)
    key = _HOUR_KEY.format(bucket=_hour_bucket())
    try:
        cache.add(key, 0, timeout=2 * 3600)
        used = cache.incr(key)
    except Exception:
        logger.warning("ultracart budget: cache unavailable, call not counted", exc_info=True)
        return
    if used > limit:
        raise RateLimited("our hourly UltraCart call budget is spent", operation=operation)


def _take_slot(*, operation: str, hold_seconds: float) -> tuple[str, str] | None:
    """Take a free in-flight slot; None when the cache is down (fail open)."""
    owner = uuid.uuid4().hex
    timeout = max(1, int(hold_seconds) + 5)
    try:
        for index in range(int(settings.ULTRACART_MAX_IN_FLIGHT)):
            key = _SLOT_KEY.format(index=index)
            if cache.add(key, owner, timeout=timeout):
                return key, owner
    except Exception:
        logger.warning("ultracart budget: cache unavailable, in-flight limit not applied", exc_info=True)
        return None
    raise RateLimited("too many UltraCart calls in flight", operation=operation)


def _release_slot(slot: tuple[str, str] | None) -> None:
    if slot is None:
        return
    key, owner = slot
    try:
        # Only free our own slot: after expiry the key may belong to another call.
        if cache.get(key) == owner:
            cache.delete(key)
    except Exception:
        logger.warning(
            "ultracart budget: could not release an in-flight slot (it will expire)", exc_info=True
        )


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
    try:
        keys = [_SLOT_KEY.format(index=i) for i in range(int(settings.ULTRACART_MAX_IN_FLIGHT))]
        return len(cache.get_many(keys))
    except Exception:
        return 0
