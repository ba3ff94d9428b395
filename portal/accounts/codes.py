"""Sign-in codes: issue, check, use. Six digits, ten minutes, single use, five tries, stored hashed.

After PORTAL_SIGN_IN_FAILURES_PER_DAY wrong codes for one email in a day (any session, any address) the
email's codes are locked until that day is over (24 hours from its first wrong code, and at least
PORTAL_SIGN_IN_LOCK_MINUTES). The count is kept for the whole day, lock or not: when the lock reset it, an
attacker had 10 guesses every 30 minutes, 480 a day. Tries, failures and the lock live in the database and
change with atomic updates, so parallel requests cannot overrun them and a cache outage does not lift them.
The emailed link carries a 256-bit key that cannot be guessed, so the lock does not apply to it: a stranger's
wrong codes cannot keep the owner out. Every check is audited (portal/merchant/audit.py), never the code.
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
from portal.merchant.actions import AuditAction, AuditResult
from portal.merchant.audit import audit_record

CODE_LIFETIME = timedelta(minutes=10)


def code_lifetime_minutes() -> int:
    """CODE_LIFETIME as the whole minutes the sign-in email and pages promise."""
    return int(CODE_LIFETIME.total_seconds() // 60)


TRIES_PER_CODE = 5
FAILURE_WINDOW = timedelta(days=1)


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # tries are left
    USED_UP = "used_up"  # its five tries were spent on wrong codes
    EXPIRED = "expired"  # out of time, or no code for the email (never sent, withdrawn or cleaned up)
    USED = "used"  # already used to sign in
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class CodeResult:
    check: CodeCheck
    tries_left: int = 0  # WRONG: how many more times this code may be typed
    locked_until: datetime | None = None  # LOCKED: when codes for the email work again


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


def sign_in_locked_until(*, email: str) -> datetime | None:
    """When codes for `email` work again, or None when they are not locked."""
    return (
        SignInThrottle.objects.filter(email_digest=_throttle_digest(email), locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )


def sign_in_locked(*, email: str) -> bool:
    return sign_in_locked_until(email=email) is not None


def _failure_record(email: str) -> tuple[bool, int]:
    """One more wrong code for `email` in its day: whether this one started the lock, and how many more
    wrong codes the day allows before it would."""
    now = timezone.now()
    digest = _throttle_digest(email)
    SignInThrottle.objects.get_or_create(email_digest=digest, defaults={"window_started_at": now})
    # A day-old window starts again, never under a lock (the reset may race with a failure: it can only
    # undercount by one).
    SignInThrottle.objects.filter(email_digest=digest, window_started_at__lt=now - FAILURE_WINDOW).exclude(
        locked_until__gt=now
    ).update(window_started_at=now, failures=0)
    SignInThrottle.objects.filter(email_digest=digest).update(failures=F("failures") + 1)
    limit = int(settings.PORTAL_SIGN_IN_FAILURES_PER_DAY)
    at_least = now + timedelta(minutes=int(settings.PORTAL_SIGN_IN_LOCK_MINUTES))
    # The count is kept: the lock lasts until the window that counted the failures is over.
    row = SignInThrottle.objects.get(email_digest=digest)
    if row.failures < limit or (row.locked_until is not None and row.locked_until > now):
        return False, max(0, limit - row.failures)
    lock_until = max(at_least, row.window_started_at + FAILURE_WINDOW)
    started = SignInThrottle.objects.filter(pk=row.pk, failures__gte=limit).exclude(locked_until__gt=now)
    return bool(started.update(locked_until=lock_until)), 0


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


def _why_unusable(email: str) -> CodeCheck:
    """No try could be taken: say which of used, used up or expired (a missing code reads as expired)."""
    row = SignInCode.objects.filter(email=email).first()
    if row is None or (row.used_at is None and row.attempts < TRIES_PER_CODE):
        return CodeCheck.EXPIRED
    return CodeCheck.USED if row.used_at is not None else CodeCheck.USED_UP


def _checked(email: str, code: str) -> CodeResult:
    if (locked_until := sign_in_locked_until(email=email)) is not None:
        return CodeResult(CodeCheck.LOCKED, locked_until=locked_until)
    row = _spend_try(email)
    if row is None:
        return CodeResult(_why_unusable(email))
    if hmac.compare_digest(row.code_digest, secret_digest("code", email, code)):
        return CodeResult(CodeCheck.OK if _use(row) else CodeCheck.USED)
    lock_started, failures_left = _failure_record(email)
    if lock_started or failures_left == 0:
        return CodeResult(CodeCheck.LOCKED, locked_until=sign_in_locked_until(email=email))
    if row.attempts >= TRIES_PER_CODE:
        return CodeResult(CodeCheck.USED_UP)
    # The fewer of the code's own tries and the day's wrong codes before the lock: the truth either way.
    return CodeResult(CodeCheck.WRONG, tries_left=min(TRIES_PER_CODE - row.attempts, failures_left))


def _audit_check(email: str, result: CodeResult, client_address: str, *, lock_started: bool) -> None:
    """The audit row keeps the email (as every customer action's does); the code is never recorded."""
    detail = "by code" if result.check is CodeCheck.OK else f"code {result.check}"
    if result.check is CodeCheck.WRONG:
        detail += f", {result.tries_left} tries left"
    outcome = "ok" if result.check is CodeCheck.OK else "refused"
    audit_record(
        action=AuditAction.SIGN_IN, result=outcome, email=email, detail=detail, client_address=client_address
    )
    if lock_started and result.locked_until is not None:
        audit_record(
            action=AuditAction.SIGN_IN_LOCK,
            result=AuditResult.LOCKED,
            email=email,
            detail=f"{settings.PORTAL_SIGN_IN_FAILURES_PER_DAY} wrong codes in a day; codes refused until "
            f"{result.locked_until.isoformat(timespec='minutes')} (the emailed link still works)",
            client_address=client_address,
        )


def sign_in_code_check(*, email: str, code: str, client_address: str = "") -> CodeResult:
    """Check a typed code for `email`; a right one is used up. Audited (and the lock it starts)."""
    was_locked = sign_in_locked(email=email)
    result = _checked(email, code)
    lock_started = result.check is CodeCheck.LOCKED and not was_locked
    _audit_check(email, result, client_address, lock_started=lock_started)
    return result


def sign_in_link_email(*, link_key: str) -> str | None:
    """The email a live link was sent to (to show it, masked), without using the link."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    return row.email if row is not None and _live(row) and row.attempts < TRIES_PER_CODE else None


def sign_in_link_use(*, link_key: str, client_address: str = "") -> str | None:
    """Use the link from the email: the email it signs in, or None (expired, used, replaced, unknown)."""
    row = SignInCode.objects.filter(link_digest=secret_digest("link", link_key)).first()
    email = row.email if row is not None and _live(row) and row.attempts < TRIES_PER_CODE else None
    if email is not None and row is not None and not _use(row):
        email = None
    audit_record(
        action=AuditAction.SIGN_IN,
        result="ok" if email else "refused",
        email=email or (row.email if row is not None else ""),
        detail="by emailed link" if email else "emailed link not valid (expired, used, replaced or unknown)",
        client_address=client_address,
    )
    return email
