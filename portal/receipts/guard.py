"""Limits on order look-ups that may be guesses: guessers are refused, shoppers are not.

Only a look-up that must ask UltraCart (the token or order id is not in our cache) can be a costly guess, and
only an answer that it names no order of the visitor's (UltraCart's 404, or a signed-in customer's look-up
of someone else's order, lookup.py) is a miss. Any other 4xx, UltraCart errors, a refused key, timeouts,
malformed answers and our own budget refusals are never the visitor's fault and never count.

Misses are counted in rolling windows (60 to 70 minutes, portal/core/windows.py) per client address (IPv4,
or IPv6 /56), per block (IPv4 /24, IPv6 /48), per region (IPv4 /16, IPv6 /32: free /48s come from one
provider's range) and for everyone together. Each look-up is counted before its call (so parallel guesses
cannot overrun a limit) and taken back unless it missed: `guessing_limits` is that reserve -> call ->
release, the one way the thank-you page and the order look-up ask. A look-up is made:
- from an IPv4 address that has not missed in the window (a shopper's first and only look-up): always,
  whatever its block, region or everyone did. A /16 is often one ISP's pool or a carrier's NAT, so a spent
  block or region must not lock its shoppers out; the hourly call budget still bounds them all;
- from an IPv6 /56 that has not missed: while its block and region are under PORTAL_TOKEN_MISSES_PER_BLOCK
  and _PER_REGION (a /48 or a /32 is one site or one free tunnel-broker range, not many shoppers' pool);
- from an address that has missed before: while its block and region are under their caps, it is under
  PORTAL_TOKEN_MISSES_PER_HOUR, and everyone together is under PORTAL_TOKEN_MISS_BUDGET_SHARE of
  ULTRACART_CALLS_PER_HOUR.
An attacker with N4 IPv4 addresses, and N6 IPv6 /56s in K blocks and R regions, costs at most
N4 + min(R x PER_REGION, K x PER_BLOCK, share + N6) calls an hour (README, "Guessers are refused,
shoppers are not"; proved in tests/test_thank_you_guessing.py). Past a limit the visitor gets the
reassuring 503, never a call. A cache outage opens the limits (logged): shoppers must still see their orders.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from portal.core.cache_safe import cache_fail_open
from portal.core.client_ip import client_block, client_network, client_region, client_uses_ipv4
from portal.core.windows import window_add, window_counts, window_undo
from portal.ultracart import NotFound


@dataclass(frozen=True, slots=True)
class LookupReservation:
    counted: tuple[str, ...]  # the window buckets counted in; empty when the cache was down


def _network_key(group: str, request: HttpRequest) -> str:
    return client_network(request)


def token_rate_limited(*, request: HttpRequest) -> bool:
    with cache_fail_open("thank-you rate limit unavailable: allowing"):
        limited: bool = is_ratelimited(
            request, group="thank-you", key=_network_key, rate=settings.PORTAL_THANK_YOU_RATE, increment=True
        )
        return limited
    return False


def token_miss_share() -> int:
    """How many misses everyone together may cost in a window before only clean addresses are asked about."""
    return max(1, int(settings.PORTAL_TOKEN_MISS_BUDGET_SHARE * settings.ULTRACART_CALLS_PER_HOUR))


def _allowed(counts: Sequence[int], *, ipv4: bool) -> bool:
    """counts: misses in the window, this look-up included, by address, block, region and everyone."""
    by_address, by_block, by_region, by_everyone = counts
    if by_address == 1 and ipv4:  # an IPv4 address that never missed: a shopper, whatever its region did
        return True
    over_block = by_block > settings.PORTAL_TOKEN_MISSES_PER_BLOCK
    if over_block or by_region > settings.PORTAL_TOKEN_MISSES_PER_REGION:
        return False
    if by_address == 1:  # an IPv6 /56 that never missed, in a block and region under their caps
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
    ipv4 = client_uses_ipv4(request)
    counted: tuple[str, ...] | None = None
    with cache_fail_open("token look-up limits unavailable: allowing"):
        # One read first: a guesser past their limits is refused in one round trip, without counting.
        if not _allowed([count + 1 for count in window_counts(names)], ipv4=ipv4):
            return None
        counts, counted = window_add(names)  # atomic: parallel guesses cannot overrun a limit
    if counted is None:
        return LookupReservation(counted=())
    reservation = LookupReservation(counted=counted)
    if not _allowed(counts, ipv4=ipv4):
        token_lookup_release(reservation=reservation)  # refused: no call is made, so nothing is spent
        return None
    return reservation


def token_lookup_release(*, reservation: LookupReservation) -> None:
    """The look-up did not miss (it found its order, or UltraCart could not answer): it counts for no one."""
    with cache_fail_open("token look-up reservation not released"):
        window_undo(reservation.counted)


class LookupRefused(Exception):
    """The guessing limits refuse this look-up: no call is made (the page answers the reassuring 503)."""


@dataclass(slots=True)
class LookupOutcome:
    """What the caller learnt from the call: `miss()` when it named no order of the visitor's."""

    missed: bool = False

    def miss(self) -> None:
        self.missed = True


@contextmanager
def guessing_limits(*, request: HttpRequest, costly: bool) -> Iterator[LookupOutcome]:
    """Reserve -> call -> release around one look-up that may be a guess.

    `costly`: the look-up must ask UltraCart (we hold neither the order nor its absence); a cheap one is
    never counted nor refused. Raises LookupRefused before the call when the limits refuse. The reservation
    is kept only for a miss: UltraCart's NotFound raised inside, or `outcome.miss()` (someone else's
    order); anything else (the order found, UltraCart failing, our own limits) gives it back.
    """
    reservation = token_lookup_reserve(request=request) if costly else None
    if costly and reservation is None:
        raise LookupRefused()
    outcome = LookupOutcome()
    try:
        yield outcome
    except NotFound:
        outcome.miss()
        raise
    finally:
        if reservation is not None and not outcome.missed:
            token_lookup_release(reservation=reservation)
