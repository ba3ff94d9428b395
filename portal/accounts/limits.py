"""How often codes may be sent and tried, per email and per client network, shared by every worker.

Sending: per email PORTAL_SIGN_IN_SENDS_PER_MINUTE and _PER_HOUR (1 and 5), per network three times that
(a household or an office shares one). Trying: PORTAL_SIGN_IN_TRIES_PER_HOUR codes per network, on top of
the five tries per code and the lock per email (codes.py). The limits never depend on whether we know the
address, so they reveal nothing. A cache outage opens them (logged).
"""

import logging

from django.conf import settings
from django.http import HttpRequest

from portal.accounts.codes import secret_digest
from portal.core.client_ip import client_network
from portal.core.windows import window_add, window_counts

logger = logging.getLogger(__name__)
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
    ]
    per_minute = int(settings.PORTAL_SIGN_IN_SENDS_PER_MINUTE)
    per_hour = int(settings.PORTAL_SIGN_IN_SENDS_PER_HOUR)
    try:
        minute_ok = _within(names, [per_minute, per_minute * NETWORK_FACTOR], _MINUTE)
        if not (minute_ok and _within(names, [per_hour, per_hour * NETWORK_FACTOR], _HOUR)):
            return False
        window_add(names, **_MINUTE)
        window_add(names, **_HOUR)
    except Exception:
        logger.warning("sign-in send limits unavailable (cache down); allowing", exc_info=True)
    return True


def sign_in_try_allowed(*, request: HttpRequest) -> bool:
    """Count one code tried from this network, or False past PORTAL_SIGN_IN_TRIES_PER_HOUR."""
    name = f"accounts:tries:net:{client_network(request)}"
    try:
        if not _within([name], [int(settings.PORTAL_SIGN_IN_TRIES_PER_HOUR)], _HOUR):
            return False
        window_add([name], **_HOUR)
    except Exception:
        logger.warning("sign-in try limit unavailable (cache down); allowing", exc_info=True)
    return True
