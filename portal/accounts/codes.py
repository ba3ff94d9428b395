"""Sign-in codes: issue, check, use. Six digits, ten minutes, single use, five tries, stored hashed.

After PORTAL_SIGN_IN_FAILURES_PER_DAY wrong codes for one email (any session, any address) the email is locked
for PORTAL_SIGN_IN_LOCK_MINUTES. The failure count and the lock live in the shared cache; if it is down they
are not applied (logged), and the five tries per code, kept in the database, still hold.
"""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.accounts.models import SignInCode
from portal.core.windows import window_add

logger = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=10)
TRIES_PER_CODE = 5
_DAY = {"bucket_seconds": 3600, "buckets": 24}


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # tries are left
    EXPIRED = "expired"  # no code, used, out of time or out of tries: ask for a new one
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str
    link_key: str
    expires_at: datetime


def secret_digest(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def code_normalize(raw: str) -> str | None:
    """A pasted code keeps its spaces and dashes ("123 456", "123-456"): six digits, or None."""
    digits = "".join(ch for ch in raw if ch not in " -\u2010\u2011\u2012\u2013\u00a0\t")
    return digits if len(digits) == 6 and digits.isascii() and digits.isdigit() else None


def sign_in_code_issue(*, email: str) -> IssuedCode:
    """A new code for `email`; every older one stops working."""
    code, link_key = f"{secrets.randbelow(10**6):06d}", secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(email=email).delete()
        SignInCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
        row = SignInCode.objects.create(
            email=email,
            code_digest=secret_digest("code", email, code),
            link_digest=secret_digest("link", link_key),
            expires_at=now + CODE_LIFETIME,
        )
    return IssuedCode(code=code, link_key=link_key, expires_at=row.expires_at)


def _lock_key(email: str) -> str:
    return f"accounts:sign-in-lock:{secret_digest('email', email)[:32]}"


def sign_in_locked(*, email: str) -> bool:
    try:
        return bool(cache.get(_lock_key(email)))
    except Exception:
        logger.warning("sign-in lock unavailable (cache down); not applied", exc_info=True)
        return False


def _failure_record(email: str) -> None:
    try:
        (failures,), _counted = window_add(
            [f"accounts:sign-in-failures:{secret_digest('email', email)[:32]}"], **_DAY
        )
        if failures >= int(settings.PORTAL_SIGN_IN_FAILURES_PER_DAY):
            cache.set(_lock_key(email), 1, timeout=int(settings.PORTAL_SIGN_IN_LOCK_MINUTES) * 60)
    except Exception:
        logger.warning("sign-in failures not counted (cache down)", exc_info=True)


def _live(row: SignInCode | None) -> bool:
    return row is not None and row.used_at is None and row.expires_at > timezone.now()


def _use(row: SignInCode) -> bool:
    """Mark the code used; False when another request used it first (a double submit)."""
    return bool(SignInCode.objects.filter(pk=row.pk, used_at=None).update(used_at=timezone.now()))


def sign_in_code_check(*, email: str, code: str) -> CodeCheck:
    """Check a typed code for `email`; a right one is used up."""
    if sign_in_locked(email=email):
        return CodeCheck.LOCKED
    row = SignInCode.objects.filter(email=email).order_by("-created_at").first()
    if row is None or not _live(row) or row.attempts >= TRIES_PER_CODE:
        return CodeCheck.EXPIRED
    if hmac.compare_digest(row.code_digest, secret_digest("code", email, code)):
        return CodeCheck.OK if _use(row) else CodeCheck.EXPIRED
    SignInCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    _failure_record(email)
    if sign_in_locked(email=email):
        return CodeCheck.LOCKED
    return CodeCheck.WRONG if row.attempts + 1 < TRIES_PER_CODE else CodeCheck.EXPIRED


def sign_in_link_email(*, link_key: str) -> str | None:
    """The email a live link was sent to (to show it, masked), without using the link."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    return row.email if row is not None and _live(row) and row.attempts < TRIES_PER_CODE else None


def sign_in_link_use(*, link_key: str) -> str | None:
    """Use the link from the email: the email it signs in, or None (expired, used, locked, unknown)."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    if row is None or not _live(row) or row.attempts >= TRIES_PER_CODE or sign_in_locked(email=row.email):
        return None
    return row.email if _use(row) else None
