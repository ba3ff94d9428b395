"""The one error family of the UltraCart boundary. Views map NotFound to a 404 page and the rest to a 503."""

from typing import TypedDict, Unpack


class ErrorDetails(TypedDict, total=False):
    """What every UltraCartError carries besides its message: the keyword arguments of its constructor."""

    operation: str
    status: int | None
    uc_error: str
    request_id: str


class UltraCartError(Exception):
    """Base: every failure to get an answer from UltraCart. Carries what support needs, never secrets."""

    def __init__(
        self,
        message: str = "",
        *,
        operation: str = "",
        status: int | None = None,
        uc_error: str = "",
        request_id: str = "",
    ) -> None:
        self.operation = operation
        self.status = status
        self.uc_error = uc_error  # the UC-REST-ERROR header (or the body's developer_message)
        self.request_id = request_id  # X-UltraCart-Request-Id, to quote to UltraCart support
        super().__init__(message or uc_error or self.__class__.__name__)

    def __str__(self) -> str:
        details = [f"operation={self.operation}"]
        if self.status is not None:
            details.append(f"status={self.status}")
        if self.request_id:
            details.append(f"request_id={self.request_id}")
        return f"{self.args[0]} ({', '.join(details)})"


class NotFound(UltraCartError):
    """The order, token or auto order does not exist (or is not this merchant's)."""


class BadCredentials(UltraCartError):
    """401 or 410: a wrong simple key or a disabled application. A merchant configuration problem."""


class RateLimited(UltraCartError):
    """UltraCart answered 429, or our own call budget (per hour or in flight) is spent."""


class Unavailable(UltraCartError):
    """5xx, a timeout, a connection error, or the per-call deadline passed."""

    def __init__(
        self, message: str = "", *, outcome_unknown: bool = False, **kwargs: Unpack[ErrorDetails]
    ) -> None:
        # For writes: True when the request may have reached UltraCart (read timeout, 5xx), so the caller
        # must re-read the state before trying again.
        self.outcome_unknown = outcome_unknown
        super().__init__(message, **kwargs)


class ChangeRefused(UltraCartError):
    """The fresh read shows UltraCart would refuse this change (a merged auto order, a fixed schedule's
    frequency): nothing was written. The message says why, in English, for the log and the audit."""


class BadResponse(UltraCartError):
    """UltraCart answered, but not with something usable: malformed JSON, success false, a PDF that is not."""
