"""One writer at a time per auto order, in every process and the task worker.

A short lock in the shared cache (`cache.add` with a timeout is atomic on Redis; on the local-memory cache
it is per process, which is what a one-process setup needs). The write path (auto_order_writes._write)
takes it, so a customer's tabs, the resume worker and staff's "Run now" all queue on it.

- A writer that finds the lock held polls for up to LOCK_WAIT seconds (never past the page's UltraCart
  deadline, keeping LOCK_RESERVE for its own read and write), then reads fresh and checks its precondition
  on what the other writer left: it never writes back an object read before the other write.
  Still held after the wait: WriteInProgress, and nothing is sent.
- The lock lives LOCK_SECONDS, longer than a whole write can take (one deadline plus a read timeout). A
  write whose outcome is unknown keeps it until it expires, so nobody writes over a change that may still
  land at UltraCart.
- A cache outage does not block customers: the write goes ahead unlocked (logged); the fresh read and the
  precondition still hold.
"""

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open
from portal.ultracart.client import call_deadline
from portal.ultracart.errors import WriteInProgress

LOCK_WAIT = 5.0
LOCK_RESERVE = 1.5
POLL = 0.05


def lock_seconds() -> int:
    return int(float(settings.ULTRACART_DEADLINE) + float(settings.ULTRACART_READ_TIMEOUT)) + 2


def _key(auto_order_oid: int) -> str:
    return f"uc:write-lock:auto-order:{auto_order_oid}"


@dataclass
class WriteLock:
    auto_order_oid: int
    owner: str = field(default_factory=lambda: secrets.token_hex(8))
    keep: bool = False  # True: leave it to expire (the write may still land)

    def _try(self) -> bool:
        # The cache is down: better unlocked than no subscription changes at all (state checks still hold).
        with cache_fail_open("auto order write lock: writing unlocked"):
            return bool(cache.add(_key(self.auto_order_oid), self.owner, timeout=lock_seconds()))
        return True

    def _release(self) -> None:
        with cache_fail_open("auto order write lock not released: it expires by itself"):
            if cache.get(_key(self.auto_order_oid)) == self.owner:
                cache.delete(_key(self.auto_order_oid))


@contextmanager
def auto_order_write_lock(*, auto_order_oid: int) -> Iterator[WriteLock]:
    """Hold the auto order's write lock for the block; see the module docstring for waiting and expiry."""
    lock = WriteLock(auto_order_oid=auto_order_oid)
    with call_deadline() as deadline:  # the page's deadline, or one of its own for the worker
        give_up = min(time.monotonic() + LOCK_WAIT, deadline - LOCK_RESERVE)
    while not lock._try():
        if time.monotonic() >= give_up:
            raise WriteInProgress("another write to this auto order is in progress", operation="writeLock")
        time.sleep(POLL)
    try:
        yield lock
    finally:
        if not lock.keep:
            lock._release()
