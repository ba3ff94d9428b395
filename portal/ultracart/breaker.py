"""A circuit breaker per UltraCart operation, shared by every worker and machine through the cache.

After ULTRACART_BREAKER_FAILURES consecutive failures of an operation (5xx, 429, a refused key, timeouts,
dropped connections, malformed answers) we stop calling it for ULTRACART_BREAKER_COOLDOWN seconds: warm
views serve their stale copy at once, cold views get the 503 at once, and nobody waits out a deadline.
After the cool-down exactly one probe goes through (a cache.add lock); its success closes the breaker, its
failure opens it for another cool-down. Per operation, so a failing `format` does not stop token look-ups.

Answers that are not failures of UltraCart (a 404, a 400 for our own bad request) count as successes.
If the cache is down the breaker stays closed (logged): it must never be the reason a page fails.
"""

import time

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open

_FAILURES = "uc:breaker:{operation}:failures"
_OPEN_UNTIL = "uc:breaker:{operation}:open_until"
_PROBE = "uc:breaker:{operation}:probe"
_KNOWN = "uc:breaker:known"
# A streak of failures is forgotten after this long without another one: two blips hours apart are no outage.
_STREAK_SECONDS = 10 * 60
_KEEP_SECONDS = 24 * 3600


def _keys(operation: str) -> tuple[str, str, str]:
    return (
        _FAILURES.format(operation=operation),
        _OPEN_UNTIL.format(operation=operation),
        _PROBE.format(operation=operation),
    )


def breaker_allows(*, operation: str, hold_seconds: float) -> str:
    """May we call `operation` now? "closed": yes. "probe": yes, as the one probe after the cool-down (call
    breaker_probe_release if the call is then not made). "": no, the breaker is open."""
    failures_key, open_key, probe_key = _keys(operation)
    with cache_fail_open("ultracart breaker: breaker closed"):
        state = cache.get_many([failures_key, open_key])
        if int(state.get(failures_key) or 0) < int(settings.ULTRACART_BREAKER_FAILURES):
            return "closed"
        if float(state.get(open_key) or 0) > time.time():
            return ""
        # Half open: one probe, held for as long as its call may take, then the lock expires by itself.
        return "probe" if cache.add(probe_key, 1, timeout=max(1, int(hold_seconds) + 1)) else ""
    return "closed"


def breaker_probe_release(*, operation: str) -> None:
    """The probe was refused by our own limits before reaching UltraCart: let the next caller probe."""
    with cache_fail_open("ultracart breaker: probe lock left to expire"):
        cache.delete(_keys(operation)[2])


def breaker_record(*, operation: str, failed: bool) -> None:
    failures_key, open_key, probe_key = _keys(operation)
    with cache_fail_open("ultracart breaker: outcome not recorded"):
        if not failed:
            if cache.get(failures_key):
                cache.delete_many([failures_key, open_key, probe_key])
            return
        cache.add(failures_key, 0, timeout=_STREAK_SECONDS)
        failures = cache.incr(failures_key)
        cache.touch(failures_key, _STREAK_SECONDS)
        known = cache.get(_KNOWN) or []
        if operation not in known:  # for the status pages; a lost race only hides a name for a while
            cache.set(_KNOWN, [*known, operation][-50:], timeout=_KEEP_SECONDS)
        if failures >= int(settings.ULTRACART_BREAKER_FAILURES):
            cooldown = float(settings.ULTRACART_BREAKER_COOLDOWN)
            cache.set(open_key, time.time() + cooldown, timeout=_KEEP_SECONDS)
            cache.delete(probe_key)


def breaker_state(*, operation: str) -> str:
    """closed, open or half-open (cooled down, waiting for its probe): for /healthz and the admin."""
    failures_key, open_key, _probe = _keys(operation)
    with cache_fail_open("ultracart breaker: state unknown"):
        state = cache.get_many([failures_key, open_key])
        if int(state.get(failures_key) or 0) < int(settings.ULTRACART_BREAKER_FAILURES):
            return "closed"
        return "open" if float(state.get(open_key) or 0) > time.time() else "half-open"
    return "unknown"


def breaker_open_operations() -> list[str]:
    """Operations whose breaker is open or half-open, among those that have failed lately."""
    known: list[str] = []
    with cache_fail_open("ultracart breaker: failed operations unknown"):
        known = cache.get(_KNOWN) or []
    return [operation for operation in known if breaker_state(operation=operation) != "closed"]
