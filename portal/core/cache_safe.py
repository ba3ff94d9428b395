"""What a cache outage means, said once: the cache is a help, never a requirement.

Every cache read or write that may fail runs inside `with cache_fail_open("what is skipped"):`. When the
cache is down (Redis unreachable, a timeout, a value that will not unpickle), the block stops, one warning
line says what was skipped and the error's type, and the caller goes on with its default: a read is a miss,
a write or a counter is skipped, a limit lets the visitor through. Never a traceback: it may carry the cache's
address, keys or values, and an outage would print one per request.
"""

import logging
from types import TracebackType

logger = logging.getLogger("portal.cache")  # one name for every outage line, whatever the caller


class _FailOpen:
    __slots__ = ("_what",)

    def __init__(self, what: str) -> None:
        self._what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _trace: TracebackType | None
    ) -> bool:
        if kind is None or not issubclass(kind, Exception):
            return False  # no error, or one that must stop the process (KeyboardInterrupt, SystemExit)
        logger.warning("%s (cache unavailable: %s)", self._what, kind.__name__)
        return True


def cache_fail_open(what: str) -> _FailOpen:
    """A block of cache operations that, should the cache fail, is skipped with one warning (`what`)."""
    return _FailOpen(what)
