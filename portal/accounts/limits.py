"""How often codes may be sent and tried, per email and per client network, shared by every worker.

Sending, per rolling hour (and per minute for an email and a network):
- per email PORTAL_SIGN_IN_SENDS_PER_MINUTE and _PER_HOUR (1 and 5);
- per network (IPv4 address, IPv6 /56) three times that (a household or an office shares one);
- per block (IPv4 /24, IPv6 /48) BLOCK_SHARE and per region (IPv4 /16, IPv6 /32) REGION_SHARE of
  PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL (25 and 50 of 500): one ISP customer's /48 holds 65,536 /64s, and 170 of
  them spent the whole hourly cap in 15 s, so nobody anywhere could sign in for up to an hour;
- PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL for everyone together, which now takes at least 1 / REGION_SHARE (10)
  regions to reach.
The blocks and regions are portal/core/client_ip.py's, as the order guessing limits use (receipts/guard.py).
Trying: PORTAL_SIGN_IN_TRIES_PER_HOUR codes per network, on top of the five tries per code and the lock per
email (codes.py). The limits never depend on whether we know the address, so they reveal nothing. A refusal
says which limit and when it lifts (Retry-After). A cache outage opens them (logged).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.http import HttpRequest

from portal.accounts.codes import secret_digest
from portal.core.cache_safe import cache_fail_open
from portal.core.client_ip import client_block, client_network, client_region
from portal.core.windows import window_add, window_counts, window_seconds_until_under, window_undo

_MINUTE = {"bucket_seconds": 60, "buckets": 1}
_HOUR = {"bucket_seconds": 600, "buckets": 6}
NETWORK_FACTOR = 3
BLOCK_SHARE = 0.05
REGION_SHARE = 0.1


class SendLimit(StrEnum):
    RECENT = "recent"  # a code went to this email within the minute
    EMAIL = "email"  # this email's codes for the hour
    NETWORK = "network"  # the visitor's network, block or region
    EVERYONE = "everyone"  # everyone together


@dataclass(frozen=True, slots=True)
class SendRefusal:
    limit: SendLimit
    retry_after: int  # seconds until the limit lets another code go


# What each counter's refusal is called, in the order of the names below (the first refusing one is told).
_KINDS = (SendLimit.EMAIL, SendLimit.NETWORK, SendLimit.NETWORK, SendLimit.NETWORK, SendLimit.EVERYONE)


def sign_in_send_limits() -> list[tuple[int, int]]:
    """(per minute, per hour) for the email, network, block, region and everyone, from the settings."""
    per_minute = int(settings.PORTAL_SIGN_IN_SENDS_PER_MINUTE)
    per_hour = int(settings.PORTAL_SIGN_IN_SENDS_PER_HOUR)
    everyone = int(settings.PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL)
    network = (per_minute * NETWORK_FACTOR, per_hour * NETWORK_FACTOR)
    block = max(network[1], int(everyone * BLOCK_SHARE))
    region = max(block, int(everyone * REGION_SHARE))
    return [(per_minute, per_hour), network, (block, block), (region, region), (everyone, everyone)]


def _names(request: HttpRequest, email: str) -> list[str]:
    return [
        f"accounts:sends:email:{secret_digest('email', email)[:32]}",
        f"accounts:sends:net:{client_network(request)}",
        f"accounts:sends:block:{client_block(request)}",
        f"accounts:sends:region:{client_region(request)}",
        "accounts:sends:all",  # the merchant's domain must not become a way to mail anyone, in bulk
    ]


def _refusal(names: list[str], limits: list[tuple[int, int]]) -> SendRefusal | None:
    """Which limit refuses one more code now, and for how long; None when none does."""
    minute_waits = window_seconds_until_under(names, [minute for minute, _hour in limits], **_MINUTE)
    hour_waits = window_seconds_until_under(names, [hour for _minute, hour in limits], **_HOUR)
    refusing = [
        (kind, max(minute_wait, hour_wait), minute_wait > 0 and hour_wait == 0)
        for kind, minute_wait, hour_wait in zip(_KINDS, minute_waits, hour_waits, strict=True)
        if minute_wait or hour_wait
    ]
    if not refusing:
        return None
    kind, _wait, minute_only = refusing[0]
    if kind is SendLimit.EMAIL and minute_only:
        kind = SendLimit.RECENT
    return SendRefusal(limit=kind, retry_after=max(wait for _kind, wait, _minute in refusing))


def sign_in_send_reserve(*, request: HttpRequest, email: str) -> SendRefusal | None:
    """Count one code sent for `email` here; the refusal when a limit is reached (none sent)."""
    names, limits = _names(request, email), sign_in_send_limits()
    with cache_fail_open("sign-in send limits: allowing"):
        minute_counts = window_counts(names, **_MINUTE)
        hour_counts = window_counts(names, **_HOUR)
        under = all(
            minute < limit_minute and hour < limit_hour
            for minute, hour, (limit_minute, limit_hour) in zip(
                minute_counts, hour_counts, limits, strict=True
            )
        )
        if not under:
            return _refusal(names, limits)  # one read refuses a flood without counting it
        # Counted, then checked against the totals the atomic increments return: parallel sends cannot
        # all pass the read above.
        per_minute_now, minute_counted = window_add(names, **_MINUTE)
        per_hour_now, hour_counted = window_add(names, **_HOUR)
        over = any(
            minute > limit_minute or hour > limit_hour
            for minute, hour, (limit_minute, limit_hour) in zip(
                per_minute_now, per_hour_now, limits, strict=True
            )
        )
        if over:
            window_undo([*minute_counted, *hour_counted])
            return _refusal(names, limits) or SendRefusal(limit=SendLimit.EVERYONE, retry_after=60)
    return None


def sign_in_try_allowed(*, request: HttpRequest) -> bool:
    """Count one code tried from this network, or False past PORTAL_SIGN_IN_TRIES_PER_HOUR."""
    name = f"accounts:tries:net:{client_network(request)}"
    with cache_fail_open("sign-in try limit: allowing"):
        (tried,), _counted = window_add([name], **_HOUR)
        if tried > int(settings.PORTAL_SIGN_IN_TRIES_PER_HOUR):
            return False
    return True
