"""Auto order (subscription) writes: pause and update.

They follow UltraCart's own advice: read the auto order with the expansion we are going to write back,
change only the intended fields, PUT the whole object. A write whose outcome is unknown (timeout, 5xx) is not
blindly repeated: we re-read, and only write again if the change is not there.
"""

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Any

from portal.ultracart.auto_orders import (
    AUTO_ORDER_EXPANSION,
    auto_order_path,
    auto_order_payload,
    auto_order_read_raw,
)
from portal.ultracart.cache import TTL_AUTO_ORDER, auto_order_list_cache_update, cache_store, key_auto_order
from portal.ultracart.client import call_deadline, ultracart_request
from portal.ultracart.errors import NotFound, Unavailable
from portal.ultracart.models import AutoOrder
from portal.ultracart.parsing_auto_orders import auto_order_from_json

Mutation = Callable[[dict[str, Any]], None]
Check = Callable[[dict[str, Any]], bool]
# Called with the fresh read before anything is written; raising aborts the write (ownership, state checks).
Precondition = Callable[[AutoOrder], None]


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
    """Read fresh (never from cache), check, change, PUT; on an unknown outcome re-read before writing."""
    with call_deadline():
        current = auto_order_read_raw(auto_order_oid, cache_state="none")
        if precondition is not None:
            precondition(auto_order_from_json(current))
        for _attempt in range(2):
            sent = copy.deepcopy(current)
            mutate(sent)
            try:
                body = ultracart_request(
                    operation=operation, method="PUT", path=path, params=params, body=sent, write=True,
                    cache_state="none",
                )  # fmt: skip
            except Unavailable as exc:
                if not exc.outcome_unknown:
                    raise
                current = auto_order_read_raw(auto_order_oid, cache_state="none")
                if applied(current):
                    result = current
                    break
                continue
            # The response may leave out what it was not asked to expand (pause answers without items):
            # what we sent fills the gaps.
            result = {**sent, **auto_order_payload(body, operation=operation)}
            break
        else:
            raise Unavailable("UltraCart did not confirm the change", operation=operation)
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


def _move_next_shipment(item: dict[str, Any], when: datetime) -> None:
    previous = item.get("next_shipment_dts")
    notice = item.get("next_preshipment_notice_dts")
    item["next_shipment_dts"] = when.isoformat(timespec="milliseconds")
    try:
        if isinstance(previous, str) and isinstance(notice, str):
            delta = when - datetime.fromisoformat(previous)
            item["next_preshipment_notice_dts"] = (datetime.fromisoformat(notice) + delta).isoformat(
                timespec="milliseconds"
            )
    except ValueError:
        pass  # an unparseable notice date is UltraCart's to recompute, not ours to guess
