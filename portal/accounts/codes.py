"""Sign-in codes: issue, check, use. Six digits, ten minutes, single use, five tries, stored hashed.

After PORTAL_SIGN_IN_FAILURES_PER_DAY wrong codes for one email in a day (any session, any address) the
email's codes are locked for PORTAL_SIGN_IN_LOCK_MINUTES. Tries, failures and the lock live in the database
and change with atomic updates, so parallel requests cannot overrun them and a cache outage does not lift
them. The emailed link carries a 256-bit key that cannot be guessed, so the lock does not apply to it: a
stranger's wrong codes cannot keep the owner out.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from portal.accounts.models import SignInCode, SignInThrottle

CODE_LIFETIME = timedelta(minutes=10)


def code_lifetime_minutes() -> int:
    """CODE_LIFETIME as the whole minutes the sign-in email and pages promise."""
    return int(CODE_LIFETIME.total_seconds() // 60)


TRIES_PER_CODE = 5


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
    """A new code for `email`; the older one stops working (one row per email, replaced atomically)."""
    code, link_key = f"{secrets.randbelow(10**6):06d}", secrets.token_urlsafe(32)
    now = timezone.now()
    SignInCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    row, _created = SignInCode.objects.update_or_create(
        email=email,
        defaults={
            "code_digest": secret_digest("code", email, code),
            "link_digest": secret_digest("link", link_key),
            "created_at": now,
            "expires_at": now + CODE_LIFETIME,
            "attempts": 0,
            "used_at": None,
        },
    )
    return IssuedCode(code=code, link_key=link_key, expires_at=row.expires_at)


def sign_in_code_withdraw(*, email: str) -> None:
    """The email could not be sent: its code must not linger."""
    SignInCode.objects.filter(email=email).delete()


def _throttle_digest(email: str) -> str:
    return secret_digest("throttle", email)


def sign_in_locked(*, email: str) -> bool:
    return SignInThrottle.objects.filter(
        email_digest=_throttle_digest(email), locked_until__gt=timezone.now()
    ).exists()


def _failure_record(email: str) -> None:
    """One more wrong code for `email` in its day; the limit locks it."""
    now = timezone.now()
    digest = _throttle_digest(email)
    SignInThrottle.objects.get_or_create(email_digest=digest, defaults={"window_started_at": now})
    # A day-old window starts again (the reset may race with a failure: it can only undercount by one).
    SignInThrottle.objects.filter(email_digest=digest, window_started_at__lt=now - timedelta(days=1)).update(
        window_started_at=now, failures=0
    )
    SignInThrottle.objects.filter(email_digest=digest).update(failures=F("failures") + 1)
    limit = int(settings.PORTAL_SIGN_IN_FAILURES_PER_DAY)
    lock_until = now + timedelta(minutes=int(settings.PORTAL_SIGN_IN_LOCK_MINUTES))
    SignInThrottle.objects.filter(email_digest=digest, failures__gte=limit).exclude(
        locked_until__gt=now
    ).update(locked_until=lock_until, failures=0, window_started_at=now)


def _live(row: SignInCode | None) -> bool:
    return row is not None and row.used_at is None and row.expires_at > timezone.now()


def _use(row: SignInCode) -> bool:
    """Mark the code used; False when another request used it first (a double submit)."""
    return bool(SignInCode.objects.filter(pk=row.pk, used_at=None).update(used_at=timezone.now()))


def _spend_try(email: str) -> SignInCode | None:
    """Take one of the code's five tries before comparing: parallel guesses cannot share a try."""
    spent = SignInCode.objects.filter(
        email=email, used_at=None, expires_at__gt=timezone.now(), attempts__lt=TRIES_PER_CODE
    ).update(attempts=F("attempts") + 1)
    return SignInCode.objects.filter(email=email).first() if spent else None


def sign_in_code_check(*, email: str, code: str) -> CodeCheck:
    """Check a typed code for `email`; a right one is used up."""
    if sign_in_locked(email=email):
        return CodeCheck.LOCKED
    row = _spend_try(email)
    if row is None:
        return CodeCheck.EXPIRED
    if hmac.compare_digest(row.code_digest, secret_digest("code", email, code)):
        return CodeCheck.OK if _use(row) else CodeCheck.EXPIRED
    _failure_record(email)
    if sign_in_locked(email=email):
        return CodeCheck.LOCKED
    return CodeCheck.WRONG if row.attempts < TRIES_PER_CODE else CodeCheck.EXPIRED


def sign_in_link_email(*, link_key: str) -> str | None:
    """The email a live link was sent to (to show it, masked), without using the link."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    return row.email if row is not None and _live(row) and row.attempts < TRIES_PER_CODE else None


def sign_in_link_use(*, link_key: str) -> str | None:
    """Use the link from the email: the email it signs in, or None (expired, used, replaced, unknown)."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    if row is None or not _live(row) or row.attempts >= TRIES_PER_CODE:
        return None
    return row.email if _use(row) else None
