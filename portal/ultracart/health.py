"""UltraCart status for /healthz without spending a call: what the last calls told us.

The client records the outcome of every UltraCart call in the cache (shared by all workers); /healthz reads
it back together with the budget used this hour.
"""

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open

_LAST_KEY = "uc:health:last"
_LAST_OK_KEY = "uc:health:last_ok"
_LAST_ERROR_KEY = "uc:health:last_error"
_RECENT_ERRORS_KEY = "uc:health:recent_errors"
RECENT_ERRORS = 10
_KEEP_SECONDS = 24 * 3600
# Outcomes that mean "the merchant must fix something" rather than "UltraCart is busy or down".
_ERROR_OUTCOMES = frozenset({"BadCredentials"})
_DEGRADED_OUTCOMES = frozenset({"RateLimited", "Unavailable", "BadResponse"})


def health_record(*, operation: str, outcome: str, status: int | None, request_id: str = "") -> None:
    """Remember one call's outcome. NotFound is an answer, so it counts as UltraCart being fine.

    Failures are also kept in a short list with UltraCart's request id, for the admin's API status page
    (what to quote to UltraCart support). Nothing else about the call is kept.
    """
    entry = {
        "operation": operation,
        "outcome": outcome,
        "http_status": status,
        "request_id": request_id,
        "at": time.time(),
    }
    healthy = outcome in ("ok", "NotFound")
    # The call itself succeeded or failed already; a cache outage must not change that.
    with cache_fail_open("ultracart health: outcome not recorded"):
        cache.set_many(
            {_LAST_KEY: entry, (_LAST_OK_KEY if healthy else _LAST_ERROR_KEY): entry}, timeout=_KEEP_SECONDS
        )
        if not healthy:  # a lost race between two workers only drops an entry from a status list
            recent = cache.get(_RECENT_ERRORS_KEY) or []
            cache.set(_RECENT_ERRORS_KEY, [entry, *recent][:RECENT_ERRORS], timeout=_KEEP_SECONDS)


def health_recent_errors() -> list[dict[str, object]]:
    """The last failed calls, newest first, each with its time as ISO text."""
    recent: list[object] = []
    with cache_fail_open("ultracart health: recent errors unknown"):
        recent = cache.get(_RECENT_ERRORS_KEY) or []
    return [{**entry, "at": _when(entry)} for entry in recent if isinstance(entry, dict)]


def health_key_refused() -> bool:
    """UltraCart's latest real answer (a call that reached it, not one our breaker held back) refused our
    key (401/410), and no call has succeeded since: a revoked key, even while the breakers are open."""
    try:
        recorded = cache.get_many([_RECENT_ERRORS_KEY, _LAST_OK_KEY])
    except Exception:
        return False
    answered = [
        e for e in recorded.get(_RECENT_ERRORS_KEY) or [] if isinstance(e, dict) and e.get("http_status")
    ]
    if not answered or answered[0].get("outcome") not in _ERROR_OUTCOMES:
        return False
    last_ok = recorded.get(_LAST_OK_KEY)
    return not last_ok or float(last_ok["at"]) < float(answered[0]["at"])


def _when(entry: dict | None) -> str | None:
    if not entry:
        return None
    return datetime.fromtimestamp(entry["at"], tz=UTC).isoformat(timespec="seconds")


def ultracart_status() -> dict[str, object]:
    """{"status": "ok" | "degraded" | "error" | "unknown", ...} from recorded calls; never calls UltraCart."""
    from portal.ultracart.breaker import breaker_open_operations
    from portal.ultracart.budget import budget_calls_this_hour

    recorded = None
    with cache_fail_open("ultracart health: last outcomes unknown"):
        recorded = cache.get_many([_LAST_KEY, _LAST_OK_KEY, _LAST_ERROR_KEY])
    if recorded is None:
        return {"status": "unknown", "detail": "cache unavailable"}
    last = recorded.get(_LAST_KEY)
    used, limit = budget_calls_this_hour(), int(settings.ULTRACART_CALLS_PER_HOUR)
    open_breakers = breaker_open_operations()
    body: dict[str, object] = {
        "calls_this_hour": used,
        "breakers_open": open_breakers,
        "calls_per_hour_limit": limit,
        "last_ok_at": _when(recorded.get(_LAST_OK_KEY)),
        "last_error_at": _when(recorded.get(_LAST_ERROR_KEY)),
    }
    if not last:
        return {"status": "unknown", **body}
    outcome = "ok" if last["outcome"] == "NotFound" else last["outcome"]
    if outcome in _ERROR_OUTCOMES:
        status = "error"
    elif outcome in _DEGRADED_OUTCOMES or used >= limit or open_breakers:
        status = "degraded"
    else:
        status = "ok"
    return {
        "status": status,
        "last_outcome": outcome,
        "last_operation": last["operation"],
        "last_http_status": last["http_status"],
        "last_call_at": _when(last),
        **body,
    }
