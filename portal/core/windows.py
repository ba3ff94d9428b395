"""Rolling-window counters in the shared cache, for limits that must hold across every worker and machine.

A window is WINDOW_BUCKETS buckets of BUCKET_SECONDS each: seven 10-minute buckets by default, so a count is
remembered for 60 to 70 minutes and any 60 minutes hold at most one window's allowance. It fades out bucket
by bucket, so a limit has no cliff at the top of the clock hour where a guesser could
spend a fresh allowance at once, or a shopper would wait for one.

Increments are atomic (cache.add then cache.incr, atomic in Redis and in local memory); the earlier buckets
are read with one get_many. On Redis an update is one round trip: the add, incr and read go in one pipeline,
and an undo is one script (Django's incr alone is two round trips, EXISTS then INCRBY, and a cold thank-you
page updates a dozen counters). Callers handle cache errors: every limit built on this fails open.
"""

import contextlib
import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

BUCKET_SECONDS = 600
WINDOW_BUCKETS = 7


def _now() -> float:
    return time.time()  # one place for tests to move the clock


def _bucket_keys(name: str, *, bucket_seconds: int, buckets: int) -> list[str]:
    current = int(_now() // bucket_seconds)
    return [f"{name}:{bucket_seconds}:{current - back}" for back in range(buckets)]


def _redis() -> RedisCache | None:
    """The default cache when it is Django's Redis backend (pipelines and scripts), else None."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def _redis_add(redis: RedisCache, keys: dict[str, list[str]], *, timeout: int) -> list[int]:
    """window_add in one round trip. Counters hold plain integers (as Django's Redis serializer stores
    them), so INCRBY works on them."""
    made = {key: redis.make_and_validate_key(key) for bucket_keys in keys.values() for key in bucket_keys}
    pipeline: Any = redis._cache.get_client(write=True).pipeline(transaction=False)
    for bucket_keys in keys.values():
        pipeline.set(made[bucket_keys[0]], 0, ex=timeout, nx=True)
        pipeline.incr(made[bucket_keys[0]])
    earlier = [made[key] for bucket_keys in keys.values() for key in bucket_keys[1:]]
    if earlier:
        pipeline.mget(earlier)
    answers = pipeline.execute()
    found = dict(zip(earlier, answers[-1], strict=True)) if earlier else {}
    return [
        int(answers[2 * index + 1]) + sum(int(found.get(made[key]) or 0) for key in bucket_keys[1:])
        for index, bucket_keys in enumerate(keys.values())
    ]


def window_add(
    names: Sequence[str], *, bucket_seconds: int = BUCKET_SECONDS, buckets: int = WINDOW_BUCKETS
) -> tuple[list[int], tuple[str, ...]]:
    """Count one more for each named counter now.

    Returns each window total including this one, and the bucket keys counted in, for `window_undo`.
    """
    keys = {name: _bucket_keys(name, bucket_seconds=bucket_seconds, buckets=buckets) for name in names}
    timeout = bucket_seconds * (buckets + 1)
    redis = _redis()
    if redis is not None:
        return _redis_add(redis, keys, timeout=timeout), tuple(keys[name][0] for name in names)
    earlier = cache.get_many([key for name in names for key in keys[name][1:]])
    totals = []
    for name in names:
        current = keys[name][0]
        cache.add(current, 0, timeout=timeout)
        totals.append(cache.incr(current) + sum(int(earlier.get(key) or 0) for key in keys[name][1:]))
    return totals, tuple(keys[name][0] for name in names)


# Decrement each bucket that still exists (an expired one has nothing to take back, and must not come back
# as -1 without an expiry).
_UNDO_SCRIPT = """
for _, key in ipairs(KEYS) do
  if redis.call('exists', key) == 1 then redis.call('decrby', key, 1) end
end
"""


def window_undo(counted: Sequence[str]) -> None:
    """Take back what window_add counted (in the buckets it counted in, even if the clock moved on)."""
    redis = _redis()
    if redis is not None:
        if counted:
            made = [redis.make_and_validate_key(key) for key in counted]
            redis._cache.get_client(write=True).eval(_UNDO_SCRIPT, len(made), *made)
        return
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
