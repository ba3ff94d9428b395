"""What a customer action raises when it did not happen (or may not have); views map each to a page."""

from portal.merchant.actions import AuditResult
from portal.ultracart import AutoOrder


class ActionError(Exception):
    """A customer action that did not happen; `message` is safe to show."""

    result = AuditResult.FAILED

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class ActionNotFound(ActionError):
    result = AuditResult.NOT_FOUND  # missing, or not this customer's: the same 404


class ActionRefused(ActionError):
    result = AuditResult.REFUSED  # not allowed in this state, a date out of bounds, a forged or invalid form


class ActionChanged(ActionRefused):
    """The fresh read under the write lock differs from what the customer reviewed: nothing was written."""

    def __init__(self, message: str, *, fresh: AutoOrder) -> None:
        super().__init__(message)
        self.fresh = fresh


class ActionExpired(ActionRefused):
    """The confirm's form token was forged, expired, or another's: review again (nothing was written)."""


class ActionBusy(ActionError):
    result = AuditResult.BUSY  # another change to this subscription was being written: nothing sent
    retry_after = 5


class ActionRejected(ActionError):
    result = AuditResult.REJECTED  # UltraCart answered 4xx: it did not accept the change


class ActionRepeated(ActionError):
    result = AuditResult.REPEATED  # a used-up form token: a double submit


class ActionFailed(ActionError):
    result = AuditResult.FAILED  # UltraCart failed: nothing changed


class ActionUnconfirmed(ActionError):
    result = AuditResult.UNKNOWN  # no answer, and the re-read does not show it: it may still land


class ActionLimited(ActionFailed):
    """Our own per-customer limit refused the call (UltraCart was not asked): nothing changed, and the page
    says so truthfully, with when to try again."""

    def __init__(self, message: str = "", *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
