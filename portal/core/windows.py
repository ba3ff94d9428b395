"""Rolling-window counters in the shared cache, for limits that must hold across every worker and machine.

A window is WINDOW_BUCKETS buckets of BUCKET_SECONDS each: seven 10-minute buckets by default, so a count is
remembered for 60 to 70 minutes and any 60 minutes hold at most one window's allowance. It fades out bucket
by bucket, so a limit has no cliff at the top of the clock hour where a guesser could
spend a fresh allowance at once, or a shopper would wait for one.

Increments are atomic (cache.add then cache.incr, atomic in Redis and in local memory); the earlier buckets
are read with one get_many. Callers handle cache errors: every limit built on this fails open.
"""

import contextlib
import time
from collections.abc import Sequence

from django.core.cache import cache

BUCKET_SECONDS = 600
WINDOW_BUCKETS = 7


def _now() -> float:
    return time.time()  # one place for tests to move the clock


def _bucket_keys(name: str, *, bucket_seconds: int, buckets: int) -> list[str]:
    current = int(_now() // bucket_seconds)
    return [f"{name}:{bucket_seconds}:{current - back}" for back in range(buckets)]


def window_add(
    names: Sequence[str], *, bucket_seconds: int = BUCKET_SECONDS, buckets: int = WINDOW_BUCKETS
) -> tuple[list[int], tuple[str, ...]]:
    """Count one more for each named counter now.

    Returns each window total including this one, and the bucket keys counted in, for `window_undo`.
    """
    keys = {name: _bucket_keys(name, bucket_seconds=bucket_seconds, buckets=buckets) for name in names}
    earlier = cache.get_many([key for name in names for key in keys[name][1:]])
    totals = []
    for name in names:
        current = keys[name][0]
        cache.add(current, 0, timeout=bucket_seconds * (buckets + 1))
        totals.append(cache.incr(current) + sum(int(earlier.get(key) or 0) for key in keys[name][1:]))
    return totals, tuple(keys[name][0] for name in names)


def window_undo(counted: Sequence[str]) -> None:
    """Take back what window_add counted (in the buckets it counted in, even if the clock moved on)."""
    for key in counted:
        with contextlib.suppress(ValueError):  # the bucket has expired: nothing left to take back
            cache.decr(key)


def window_counts(
    names: Sequence[str], *, bucket_seconds: int = BUCKET_SECONDS, buckets: int = WINDOW_BUCKETS
) -> list[int]:
    """The window totals of some counters, in one cache round trip."""
    keys = {name: _bucket_keys(name, bucket_seconds=bucket_seconds, buckets=buckets) for name in names}
    found = cache.get_many([key for name in names for key in keys[name]])
    return [sum(int(found.get(key) or 0) for key in keys[name]) for name in names]


def window_count(name: str, *, bucket_seconds: int = BUCKET_SECONDS, buckets: int = WINDOW_BUCKETS) -> int:
    """The window total of one counter."""
    return window_counts([name], bucket_seconds=bucket_seconds, buckets=buckets)[0]


def window_seconds_until_under(
    names: Sequence[str],
    limits: Sequence[int],
    *,
    bucket_seconds: int = BUCKET_SECONDS,
    buckets: int = WINDOW_BUCKETS,
) -> list[int]:
    """For each counter, the seconds until its window total falls under its limit (0 when it already is).

    Buckets leave the window oldest first, so the answer is when enough of the oldest ones have left; one
    cache round trip for all. A refused visitor is told this as Retry-After.
    """
    keys = {name: _bucket_keys(name, bucket_seconds=bucket_seconds, buckets=buckets) for name in names}
    found = cache.get_many([key for name in names for key in keys[name]])
    current = int(_now() // bucket_seconds)
    waits = []
    for name, limit in zip(names, limits, strict=True):
        counts = [int(found.get(key) or 0) for key in keys[name]]  # newest first
        total, wait = sum(counts), 0
        for back in range(buckets - 1, -1, -1):  # oldest first
            if total < limit:
                break
            total -= counts[back]
            leaves_at = (current - back + buckets) * bucket_seconds  # when this bucket leaves the window
            wait = max(1, int(leaves_at - _now() + 0.999))
        waits.append(wait)
    return waits
