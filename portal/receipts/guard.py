"""Limits on order look-ups that may be guesses: guessers are refused, shoppers are not.

Only a look-up that must ask UltraCart (the token or order id is not in our cache) can be a costly guess, and
only an answer that it names no order of the visitor's (UltraCart's 404, or a signed-in customer's look-up
of someone else's order, lookup.py) is a miss. Any other 4xx, UltraCart errors, a refused key, timeouts,
malformed answers and our own budget refusals are never the visitor's fault and never count.

Misses are counted in rolling windows (60 to 70 minutes, portal/core/windows.py) per client address (IPv4,
or IPv6 /64), per block (IPv4 /24, IPv6 /48), per region (IPv4 /16, IPv6 /32: free /48s come from one
provider's range) and for everyone together. Each look-up is counted before its call (so parallel guesses
cannot overrun a limit) and taken back unless it missed. A look-up is made when its block and region are
under PORTAL_TOKEN_MISSES_PER_BLOCK and _PER_REGION and:
- the address has not missed in the window (a shopper's first and only look-up), whatever others do; or
- the address has missed before, but is under PORTAL_TOKEN_MISSES_PER_HOUR, and everyone together is under
  PORTAL_TOKEN_MISS_BUDGET_SHARE of ULTRACART_CALLS_PER_HOUR.
An attacker with N addresses in K blocks and R regions costs at most min(R x PER_REGION, K x PER_BLOCK,
share + N) calls an hour (README, "Guessers are refused, shoppers are not"; proved in
tests/test_thank_you_guessing.py). Past a limit the visitor gets the reassuring 503, never a call.
A cache outage opens the limits (logged): shoppers must still see their orders.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from portal.core.client_ip import client_block, client_network, client_region
from portal.core.windows import window_add, window_counts, window_undo

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LookupReservation:
    counted: tuple[str, ...]  # the window buckets counted in; empty when the cache was down


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


def token_miss_share() -> int:
    """How many misses everyone together may cost in a window before only clean addresses are asked about."""
    return max(1, int(settings.PORTAL_TOKEN_MISS_BUDGET_SHARE * settings.ULTRACART_CALLS_PER_HOUR))


def _allowed(counts: Sequence[int]) -> bool:
    """counts: misses in the window, this look-up included, by address, block, region and everyone."""
    by_address, by_block, by_region, by_everyone = counts
    over_block = by_block > settings.PORTAL_TOKEN_MISSES_PER_BLOCK
    if over_block or by_region > settings.PORTAL_TOKEN_MISSES_PER_REGION:
        return False
    if by_address == 1:  # this address has not missed: a shopper is asked about whatever others do
        return True
    return by_address <= settings.PORTAL_TOKEN_MISSES_PER_HOUR and by_everyone <= token_miss_share()


def token_lookup_reserve(*, request: HttpRequest) -> LookupReservation | None:
    """Count an UltraCart token look-up before it is made; None when the limits refuse it."""
    names = (
        f"receipts:token-misses:address:{client_network(request)}",
        f"receipts:token-misses:block:{client_block(request)}",
        f"receipts:token-misses:region:{client_region(request)}",
        "receipts:token-misses:all",
    )
    try:
        # One read first: a guesser past their limits is refused in one round trip, without counting.
        if not _allowed([count + 1 for count in window_counts(names)]):
            return None
        counts, counted = window_add(names)  # atomic: parallel guesses cannot overrun a limit
    except Exception:
        logger.warning("token look-up limits unavailable (cache down); allowing", exc_info=True)
        return LookupReservation(counted=())
    reservation = LookupReservation(counted=counted)
    if not _allowed(counts):
        token_lookup_release(reservation=reservation)  # refused: no call is made, so nothing is spent
        return None
    return reservation


def token_lookup_release(*, reservation: LookupReservation) -> None:
    """The look-up did not miss (it found its order, or UltraCart could not answer): it counts for no one."""
    try:
        window_undo(reservation.counted)
    except Exception:
        logger.warning("could not release a token look-up reservation", exc_info=True)
