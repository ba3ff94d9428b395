"""What the admin's API status page shows: one cheap call to check the credentials, and what we recorded."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from portal.ultracart.breaker import breaker_open_operations, breaker_state
from portal.ultracart.budget import budget_calls_this_hour, budget_in_flight
from portal.ultracart.cache import cache_hit_rate
from portal.ultracart.client import ultracart_request
from portal.ultracart.errors import BadCredentials, UltraCartError
from portal.ultracart.health import health_key_refused, health_recent_errors


@dataclass(frozen=True, slots=True)
class ApiStatus:
    base_url: str
    uses_sandbox: bool
    credentials: str  # "ok", "refused" (401/410), or "unknown: <why>" when UltraCart could not answer
    checked_at: datetime
    calls_last_hour: int
    calls_per_hour: int
    calls_in_flight: int
    breakers: dict[str, str]  # operation -> open / half-open, for the ones that are not closed
    cache_hit_rate: float | None
    cache_reads: int
    recent_errors: list[dict[str, object]]


def _credentials_check() -> str:
    try:
        ultracart_request(
            operation="getAutoOrderCancelReasons",
            method="GET",
            path="/auto_order/auto_orders/cancel_reasons",
            cache_state="none",
        )
    except BadCredentials:
        return "refused"
    except UltraCartError as error:
        # A revoked key opens every breaker it meets, this check's too: what UltraCart last said still counts.
        return "refused" if health_key_refused() else f"unknown: {type(error).__name__}"
    return "ok"


def api_status_get() -> ApiStatus:
    """One UltraCart call (the cheapest: the cancel reasons), the rest from the shared cache."""
    credentials = _credentials_check()
    rate, reads = cache_hit_rate()
    return ApiStatus(
        base_url=settings.ULTRACART_BASE_URL,
        uses_sandbox=settings.ULTRACART_BASE_URL.startswith("http://127.0.0.1"),
        credentials=credentials,
        checked_at=datetime.now(tz=UTC),
        calls_last_hour=budget_calls_this_hour(),
        calls_per_hour=int(settings.ULTRACART_CALLS_PER_HOUR),
        calls_in_flight=budget_in_flight(),
        breakers={op: breaker_state(operation=op) for op in breaker_open_operations()},
        cache_hit_rate=rate,
        cache_reads=reads,
        recent_errors=health_recent_errors(),
    )
