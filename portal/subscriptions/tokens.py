"""One-time form tokens: a confirmation page issues one, the POST that acts uses it up.

The token is signed (bound to the auto order, the action and the session's customer) and used up with
`cache.add`, which is atomic across workers, so a double click or a resubmitted form acts once.
"""

import logging
import secrets

from django.core import signing
from django.core.cache import cache

logger = logging.getLogger("portal.subscriptions")
_SALT = "portal.subscriptions.form"
MAX_AGE = 60 * 60  # a confirmation page left open for an hour must be reloaded


def form_token_issue(*, email: str, auto_order_oid: int, action: str) -> str:
    return signing.dumps([email, auto_order_oid, action, secrets.token_hex(8)], salt=_SALT)


def form_token_use(token: str, *, email: str, auto_order_oid: int, action: str) -> bool:
    """True the first time a valid token for this customer, auto order and action is presented."""
    try:
        signed_email, oid, signed_action, _nonce = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if (signed_email, oid, signed_action) != (email, auto_order_oid, action):
        return False
    try:
        return bool(cache.add(f"sub:form:{token[-40:]}", 1, timeout=MAX_AGE + 60))
    except Exception:  # a cache outage must not block customers; the state checks still hold
        logger.warning("form token cache unavailable; accepting token once more")
        return True
