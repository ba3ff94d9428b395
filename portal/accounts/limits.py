"""How often codes may be sent and tried, per email and per client network, shared by every worker.

Sending: per email PORTAL_SIGN_IN_SENDS_PER_MINUTE and _PER_HOUR (1 and 5), per network three times that
(a household or an office shares one), and PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL for everyone together.
Trying: PORTAL_SIGN_IN_TRIES_PER_HOUR codes per network, on top of the five tries per code and the lock per
email (codes.py). The limits never depend on whether we know the
address, so they reveal nothing. A cache outage opens them (logged).
"""

from django.conf import settings
from django.http import HttpRequest

from portal.accounts.codes import secret_digest
from portal.core.cache_safe import cache_fail_open
from portal.core.client_ip import client_network
from portal.core.windows import window_add, window_counts, window_undo

_MINUTE = {"bucket_seconds": 60, "buckets": 1}
_HOUR = {"bucket_seconds": 600, "buckets": 6}
NETWORK_FACTOR = 3


def _within(names: list[str], limits: list[int], window: dict[str, int]) -> bool:
    return all(count < limit for count, limit in zip(window_counts(names, **window), limits, strict=True))


def sign_in_send_allowed(*, request: HttpRequest, email: str) -> bool:
    """Count one code sent for `email` from this visitor, or False when a limit is reached (nothing sent)."""
    names = [
        f"accounts:sends:email:{secret_digest('email', email)[:32]}",
        f"accounts:sends:net:{client_network(request)}",
        "accounts:sends:all",  # the merchant's domain must not become a way to mail anyone, in bulk
    ]
    per_minute = int(settings.PORTAL_SIGN_IN_SENDS_PER_MINUTE)
    per_hour = int(settings.PORTAL_SIGN_IN_SENDS_PER_HOUR)
    everyone = int(settings.PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL)
    limits = [
        (per_minute, per_hour),
        (per_minute * NETWORK_FACTOR, per_hour * NETWORK_FACTOR),
        (everyone, everyone),
    ]
    with cache_fail_open("sign-in send limits: allowing"):
        minute_ok = _within(names, [minute for minute, _hour in limits], _MINUTE)
        if not (minute_ok and _within(names, [hour for _minute, hour in limits], _HOUR)):
            return False  # one read refuses a flood without counting it
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
            return False
    return True


def sign_in_try_allowed(*, request: HttpRequest) -> bool:
    """Count one code tried from this network, or False past PORTAL_SIGN_IN_TRIES_PER_HOUR."""
    name = f"accounts:tries:net:{client_network(request)}"
    with cache_fail_open("sign-in try limit: allowing"):
        (tried,), _counted = window_add([name], **_HOUR)
        if tried > int(settings.PORTAL_SIGN_IN_TRIES_PER_HOUR):
            return False
    return True
