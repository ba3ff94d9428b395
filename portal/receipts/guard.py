"""Limits on thank-you token look-ups, so that guessing tokens can neither flood us nor drain UltraCart.

Two limits, both per client IP and shared by every worker through the cache:
- a request rate (PORTAL_THANK_YOU_RATE, django-ratelimit): more gets the branded 429 page;
- misses (unknown tokens) per hour (PORTAL_TOKEN_MISSES_PER_HOUR). Every miss costs an UltraCart call, and our
  hourly call budget is what new orders' thank-you pages live on. Past the limit, or once misses from all IPs
  pass a share of the budget (PORTAL_TOKEN_MISS_BUDGET_SHARE) for an IP that has missed before, the visitor
  gets the ordinary "we couldn't find that order" page without any call. Real shoppers arrive from
  UltraCart's redirect with a valid token and never miss.
A cache outage opens both limits (logged): shoppers must still see their orders.
"""

import logging
import time
from enum import Enum

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from portal.core.client_ip import client_ip

logger = logging.getLogger(__name__)


class TokenLookup(Enum):
    ALLOWED = "allowed"
    RATE_LIMITED = "rate_limited"
    REFUSED = "refused"  # answered as a miss, without asking UltraCart


def _hour() -> int:
    return int(time.time() // 3600)


def _ip_misses_key(request: HttpRequest) -> str:
    return f"receipts:token-misses:{_hour()}:{client_ip(request)}"


def _all_misses_key() -> str:
    return f"receipts:token-misses:{_hour()}:all"


def _ip_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def token_lookup_check(*, request: HttpRequest) -> TokenLookup:
    try:
        if is_ratelimited(
            request, group="thank-you", key=_ip_key, rate=settings.PORTAL_THANK_YOU_RATE, increment=True
        ):
            return TokenLookup.RATE_LIMITED
        counts = cache.get_many([_ip_misses_key(request), _all_misses_key()])
    except Exception:
        logger.warning("token look-up limits unavailable (cache down); allowing", exc_info=True)
        return TokenLookup.ALLOWED
    ip_misses = int(counts.get(_ip_misses_key(request)) or 0)
    all_misses = int(counts.get(_all_misses_key()) or 0)
    share = float(settings.PORTAL_TOKEN_MISS_BUDGET_SHARE) * int(settings.ULTRACART_CALLS_PER_HOUR)
    if ip_misses >= int(settings.PORTAL_TOKEN_MISSES_PER_HOUR) or (ip_misses and all_misses >= share):
        return TokenLookup.REFUSED
    return TokenLookup.ALLOWED


def token_miss_record(*, request: HttpRequest) -> None:
    for key in (_ip_misses_key(request), _all_misses_key()):
        try:
            cache.add(key, 0, timeout=2 * 3600)
            cache.incr(key)
        except Exception:
            logger.warning("could not count a token miss (cache down)", exc_info=True)
            return
