"""Auto order (subscription) writes: pause and update.

They follow UltraCart's own advice: read the auto order with the expansion we are going to write back,
change only the intended fields, PUT the whole object. Writes to one auto order are serial (write_lock.py):
under the lock, read fresh, check the precondition on that read, then write.

A write whose outcome is unknown is never blindly repeated; it is read back:
- UltraCart answered 5xx (it is done with the request): the re-read tells; not there, write once more.
- No answer (timeout, dropped connection): the re-read, and after a short settle a second one, tell whether
  it landed (then it is a success, noted: `auto_order_write_note()`); if not, the write may still land:
  WriteUnconfirmed, and the lock is kept until it expires so nobody writes over it.
"""

import contextvars
import copy
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from portal.ultracart.auto_orders import (
    AUTO_ORDER_EXPANSION,
    auto_order_path,
    auto_order_payload,
    auto_order_read_raw,
)
from portal.ultracart.cache import TTL_AUTO_ORDER, auto_order_list_cache_update, cache_store, key_auto_order
from portal.ultracart.client import call_deadline, ultracart_request
from portal.ultracart.errors import NotFound, UltraCartError, Unavailable, WriteUnconfirmed
from portal.ultracart.models import AutoOrder
from portal.ultracart.parsing_auto_orders import auto_order_from_json
from portal.ultracart.write_lock import WriteLock, auto_order_write_lock

Mutation = Callable[[dict[str, Any]], None]
Check = Callable[[dict[str, Any]], bool]
# Called with the fresh read (under the write lock) before anything is written; raising aborts the write.
Precondition = Callable[[AutoOrder], None]

_EXPANDED_SECTIONS = ("items", "add_ons", "original_order", "rebill_orders")
SETTLE = 1.5  # after an unanswered write, how long to wait before the second re-read
CONFIRMED_BY_READ_BACK = "UltraCart did not answer the write; re-reading showed it had landed"
_write_note: contextvars.ContextVar[str] = contextvars.ContextVar("auto_order_write_note", default="")


def auto_order_write_note() -> str:
    """How the last write in this context was confirmed: "" (UltraCart answered) or CONFIRMED_BY_READ_BACK."""
    return _write_note.get()


def _read_back(auto_order_oid: int, applied: Check, *, answered: bool, deadline: float) -> dict[str, Any]:
    current = auto_order_read_raw(auto_order_oid, cache_state="none")
    settle = min(SETTLE, deadline - time.monotonic() - 0.5)
    if applied(current) or answered or settle <= 0.05:
        return current
    time.sleep(settle)  # a write UltraCart is still working on lands in this time, most often
    return auto_order_read_raw(auto_order_oid, cache_state="none")


def _put(
    lock: WriteLock, current: dict[str, Any], *, deadline: float, mutate: Mutation, applied: Check,
    **request: Any,
) -> dict[str, Any]:  # fmt: skip
    oid = lock.auto_order_oid
    for _attempt in range(2):
        sent = copy.deepcopy(current)
        mutate(sent)
        try:
            body = ultracart_request(method="PUT", body=sent, write=True, cache_state="none", **request)
        except Unavailable as exc:
            if not exc.outcome_unknown:
                raise
            answered = exc.status is not None
            lock.keep = not answered  # an unanswered write may still land: nobody writes over it
            try:
                current = _read_back(oid, applied, answered=answered, deadline=deadline)
            except UltraCartError as read_error:
                lock.keep = True
                raise WriteUnconfirmed("the write and its re-read failed", **_details(exc)) from read_error
            if applied(current):
                lock.keep = False
                _write_note.set("" if answered else CONFIRMED_BY_READ_BACK)
                return current
            if not answered:
                raise WriteUnconfirmed("no answer, and the change is not there yet", **_details(exc)) from exc
            continue
        # The response may leave out what it was not asked to expand (pause answers without items):
        # what we sent fills those sections. Not the plain fields: one the answer left out is gone
        # (a reactivation drops cancel_reason), and the copy we cache must read as UltraCart's does.
        answer = auto_order_payload(body, operation=request["operation"])
        return {**{k: sent[k] for k in _EXPANDED_SECTIONS if k in sent and k not in answer}, **answer}
    raise Unavailable("UltraCart did not confirm the change", operation=request["operation"])


def _details(exc: UltraCartError) -> dict[str, Any]:
    return {"operation": exc.operation, "status": exc.status, "request_id": exc.request_id}


def _write(
    *,
    auto_order_oid: int,
    operation: str,
    path: str,
    params: dict[str, Any],
    mutate: Mutation,
    applied: Check,
    precondition: Precondition | None = None,
) -> AutoOrder:
    """Under the auto order's write lock: read fresh (never from cache), check, change, PUT."""
    _write_note.set("")
    with auto_order_write_lock(auto_order_oid=auto_order_oid) as lock, call_deadline() as deadline:
        current = auto_order_read_raw(auto_order_oid, cache_state="none")
        if precondition is not None:
            precondition(auto_order_from_json(current))
        result = _put(
            lock, current, deadline=deadline, mutate=mutate, applied=applied,
            operation=operation, path=path, params=params,
        )  # fmt: skip
    auto_order = auto_order_from_json(result)
    cache_store(key_auto_order(auto_order_oid), auto_order, ttl=TTL_AUTO_ORDER)
    # The list is updated from the answer, not read again (orders are unchanged).
    auto_order_list_cache_update(email=auto_order.email, auto_order=auto_order)
    return auto_order


def _items(raw: dict[str, Any], auto_order_item_oid: int | None = None) -> list[dict[str, Any]]:
    items = [item for item in raw.get("items") or () if isinstance(item, dict)]
    if auto_order_item_oid is None:
        return items
    return [item for item in items if item.get("auto_order_item_oid") == auto_order_item_oid]


def auto_order_pause(*, auto_order_oid: int, precondition: Precondition | None = None) -> AutoOrder:
    """UltraCart's pause: every item paused. To resume: auto_order_update(paused=False)."""

    def mutate(raw: dict[str, Any]) -> None:
        for item in _items(raw):
            item["paused"] = True

    return _write(
        auto_order_oid=auto_order_oid,
        operation="pauseAutoOrder",
        path=auto_order_path(auto_order_oid, "/pause"),
        params={"_expand": AUTO_ORDER_EXPANSION},
        mutate=mutate,
        applied=lambda raw: all(item.get("paused") is True for item in _items(raw)),
        precondition=precondition,
    )


def _same_time(value: Any, expected: datetime) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value) == expected
    except ValueError:
        return False


def auto_order_update(
    *,
    auto_order_oid: int,
    paused: bool | None = None,
    next_shipment_at: datetime | None = None,
    next_shipment_not_before: datetime | None = None,
    auto_order_item_oid: int | None = None,
    enabled: bool | None = None,
    cancel_reason: str | None = None,
    canceled_by_user: str | None = None,
    precondition: Precondition | None = None,
) -> AutoOrder:
    """Change only the given fields. Items: all of them, or the one auto_order_item_oid names.

    - resume: paused=False, with next_shipment_not_before (a next shipment before it, or none, moves to it);
      skip / reschedule: next_shipment_at (timezone-aware; the pre-shipment notice moves by the same
      amount); cancel: enabled=False with cancel_reason and canceled_by_user="customer".
    - precondition: called with the fresh read before any write; raise to abort.
    """
    for moment in (next_shipment_at, next_shipment_not_before):
        if moment is not None and moment.tzinfo is None:
            raise ValueError("shipment dates must be timezone-aware")

    def too_early(item: dict[str, Any]) -> bool:
        if next_shipment_not_before is None:
            return False
        try:
            return datetime.fromisoformat(str(item.get("next_shipment_dts"))) < next_shipment_not_before
        except ValueError:
            return True

    def mutate(raw: dict[str, Any]) -> None:
        items = _items(raw, auto_order_item_oid)
        if auto_order_item_oid is not None and not items:  # checked on the fresh read, before any write
            raise NotFound("no such item on this auto order", operation="updateAutoOrder")
        for item in items:
            if paused is not None:
                item["paused"] = paused
            if next_shipment_at is not None:
                _move_next_shipment(item, next_shipment_at)
            elif next_shipment_not_before is not None and too_early(item):
                _move_next_shipment(item, next_shipment_not_before)
        for field, value in (("enabled", enabled), ("cancel_reason", cancel_reason),
                             ("canceled_by_user", canceled_by_user)):  # fmt: skip
            if value is not None:
                raw[field] = value

    def applied(raw: dict[str, Any]) -> bool:
        for item in _items(raw, auto_order_item_oid):
            if paused is not None and (item.get("paused") is True) != paused:
                return False
            if next_shipment_at is not None and not _same_time(
                item.get("next_shipment_dts"), next_shipment_at
            ):
                return False
            if too_early(item):
                return False
        return enabled is None or raw.get("enabled", raw.get("status") == "active") == enabled

    return _write(
        auto_order_oid=auto_order_oid,
        operation="updateAutoOrder",
        path=auto_order_path(auto_order_oid),
        params={"validate_original_order": "No", "_expand": AUTO_ORDER_EXPANSION},
        mutate=mutate,
        applied=applied,
        precondition=precondition,
    )


NOTICE_MARGIN = timedelta(hours=1)


def _move_next_shipment(item: dict[str, Any], when: datetime) -> None:
    """Move the shipment; the pre-shipment notice keeps its lead before it, but never falls in the past
    (UltraCart refuses a notice date that is not in the future, or not before the shipment)."""
    previous = item.get("next_shipment_dts")
    notice = item.get("next_preshipment_notice_dts")
    item["next_shipment_dts"] = when.isoformat(timespec="milliseconds")
    try:
        if isinstance(previous, str) and isinstance(notice, str):
            old_notice = datetime.fromisoformat(notice)
            lead = max(datetime.fromisoformat(previous) - old_notice, timedelta(0))
            now = datetime.now(old_notice.tzinfo)
            earliest = now + min(NOTICE_MARGIN, (when - now) / 2)
            moved = max(when - lead, earliest).astimezone(old_notice.tzinfo)
            item["next_preshipment_notice_dts"] = moved.isoformat(timespec="milliseconds")
    except (ValueError, TypeError):
        pass  # an unparseable notice date is UltraCart's to recompute, not ours to guess
