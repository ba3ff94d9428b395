"""One-time form tokens: a confirmation page issues one, the POST that acts uses it up.

The token is signed (bound to the auto order, the page's action, the session's customer and the fingerprint
of the auto order the review showed) and used up with `cache.add`, which is atomic across workers, so a
double click or a resubmitted form acts once, and a confirm reviewed on an older state is refused.
"""

import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open

_SALT = "portal.subscriptions.form"
MAX_AGE = 60 * 60  # a confirmation page left open for an hour must be reloaded


class TokenUse(StrEnum):
    OK = "ok"  # first use: act
    USED = "used"  # a double submit
    INVALID = "invalid"  # forged, expired, or another customer's, auto order's or action's


@dataclass(frozen=True, slots=True)
class TokenCheck:
    use: TokenUse
    seen: str = ""  # the fingerprint the review was built on
    reason: str = ""  # for the audit, when invalid (never the token itself)


def form_token_issue(*, email: str, auto_order_oid: int, action: str, seen: str) -> str:
    return signing.dumps([email, auto_order_oid, action, seen, secrets.token_hex(8)], salt=_SALT)


def form_token_use(token: str, *, email: str, auto_order_oid: int, action: str) -> TokenCheck:
    """OK the first time a valid token for this customer, auto order and action is presented."""
    try:
        signed_email, oid, signed_action, seen, _nonce = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return TokenCheck(TokenUse.INVALID, reason="expired form token")
    except (signing.BadSignature, ValueError, TypeError):
        return TokenCheck(TokenUse.INVALID, reason="forged or malformed form token")
    if (signed_email, oid, signed_action) != (email, auto_order_oid, action):
        return TokenCheck(TokenUse.INVALID, reason="form token of another customer, subscription or action")
    first = True  # a cache outage must not block customers; the write lock and state checks still hold
    with cache_fail_open("form token not marked used: accepting it once more"):
        first = bool(cache.add(f"sub:form:{token[-40:]}", 1, timeout=MAX_AGE + 60))
    return TokenCheck(TokenUse.OK if first else TokenUse.USED, seen=str(seen))
