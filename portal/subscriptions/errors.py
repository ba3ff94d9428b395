"""What a customer action raises when it did not happen; views map each to a page."""


class ActionError(Exception):
    """A customer action that did not happen; `message` is safe to show."""

    result = "failed"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class ActionNotFound(ActionError):
    result = "not_found"  # missing, or not this customer's: the same 404


class ActionRefused(ActionError):
    result = "refused"  # not allowed in this state, or a date out of bounds


class ActionRepeated(ActionError):
    result = "repeated"  # a used-up form token: a double submit


class ActionFailed(ActionError):
    result = "failed"  # UltraCart failed: nothing changed


class ActionLimited(ActionFailed):
    """Our own per-customer limit refused the call (UltraCart was not asked): nothing changed, and the page
    says so truthfully, with when to try again."""

    def __init__(self, message: str = "", *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
