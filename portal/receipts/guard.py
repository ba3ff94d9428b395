"""Limits on thank-you token look-ups, so that guessing tokens can neither flood us nor drain UltraCart.

- A request rate per client network (PORTAL_THANK_YOU_RATE, django-ratelimit): more gets the branded 429.
- Look-ups that must ask UltraCart (the token is not in our cache) are reserved before the call, per client
  network (PORTAL_TOKEN_MISSES_PER_HOUR) and for everyone together (PORTAL_TOKEN_MISS_BUDGET_SHARE of
  ULTRACART_CALLS_PER_HOUR). A look-up that finds its order gives its reservation back; a miss, an error or a
  timeout keeps it. Past either limit the visitor gets the reassuring 503 ("your order was received"), never
  a call: our hourly UltraCart budget is what new orders' thank-you pages live on, and a guesser must not be
  able to spend it. Tokens already in our cache are never refused: they cost no call.
A cache outage opens the limits (logged): shoppers must still see their orders.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from portal.core.client_ip import client_network

logger = logging.getLogger(__name__)
_KEEP_SECONDS = 2 * 3600


@dataclass(frozen=True, slots=True)
class LookupReservation:
    keys: tuple[str, ...]  # empty when the cache was down and nothing was counted


def _hour() -> int:
    return int(time.time() // 3600)


def _network_key(group: str, request: HttpRequest) -> str:
    return client_network(request)


def token_rate_limited(*, request: HttpRequest) -> bool:
    try:
        limited: bool = is_ratelimited(
            request, group="thank-you", key=_network_key, rate=settings.PORTAL_THANK_YOU_RATE, increment=True
        )
        return limited
    except Exception:
        logger.warning("thank-you rate limit unavailable (cache down); allowing", exc_info=True)
        return False


def _count(key: str, delta: int) -> int:
    cache.add(key, 0, timeout=_KEEP_SECONDS)
    return cache.incr(key, delta)


def token_lookup_reserve(*, request: HttpRequest) -> LookupReservation | None:
    """Count an UltraCart token look-up before it is made; None when the limits refuse it."""
    hour = _hour()
    network_key = f"receipts:token-lookups:{hour}:{client_network(request)}"
    all_key = f"receipts:token-lookups:{hour}:all"
    everyone = max(1, int(settings.PORTAL_TOKEN_MISS_BUDGET_SHARE * settings.ULTRACART_CALLS_PER_HOUR))
    try:
        by_network, by_everyone = _count(network_key, 1), _count(all_key, 1)
    except Exception:
        logger.warning("token look-up limits unavailable (cache down); allowing", exc_info=True)
        return LookupReservation(keys=())
    reservation = LookupReservation(keys=(network_key, all_key))
    if by_network > settings.PORTAL_TOKEN_MISSES_PER_HOUR or by_everyone > everyone:
        token_lookup_release(reservation=reservation)  # refused: no call is made, so nothing is spent
        return None
    return reservation


def token_lookup_release(*, reservation: LookupReservation) -> None:
    """The look-up found its order: it was no miss, so it does not count against anyone."""
    for key in reservation.keys:
        try:
            cache.decr(key)
        except Exception:
            logger.warning("could not release a token look-up reservation", exc_info=True)
