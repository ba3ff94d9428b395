"""Skipping one chosen shipment: UltraCart has one `next_shipment_dts` per item and no per-shipment skip, so
a chosen later shipment is skipped when it has become the next one, by moving that date on by one interval.

One interval is the item's own next rebill after it in `items.future_schedules` (the expansion we read and
write back), which is right for a frequency, "every N days" and each step of a multi-step program alike.
A shipment is named by its calendar day, in the offset UltraCart sent (how every page shows it).

At most 2 UltraCart calls: the fresh read under the write lock (with the expansion written back) and the PUT.
"""

from datetime import date, datetime
from typing import Any

from portal.ultracart.auto_order_changes import _update
from portal.ultracart.auto_order_writes import Precondition, _items, _move_next_shipment
from portal.ultracart.errors import ChangeRefused
from portal.ultracart.models import AutoOrder

_OPERATION = "updateAutoOrder"


def _day(value: Any) -> date | None:
    try:
        return datetime.fromisoformat(value).date() if isinstance(value, str) else None
    except ValueError:
        return None


def _due_on(raw: dict[str, Any], shipment_on: date) -> list[dict[str, Any]]:
    """The unpaused items whose next shipment is on that day."""
    return [
        item
        for item in _items(raw)
        if not item.get("paused") and _day(item.get("next_shipment_dts")) == shipment_on
    ]


def _after(item: dict[str, Any], shipment_on: date) -> datetime | None:
    """The item's first rebill after that day (items.future_schedules), or None."""
    later = []
    for schedule in item.get("future_schedules") or ():
        value = schedule.get("shipment_dts") if isinstance(schedule, dict) else None
        day = _day(value)
        if day is not None and day > shipment_on:
            later.append(datetime.fromisoformat(str(value)))
    return min(later) if later else None


def auto_order_shipment_skip(
    *, auto_order_oid: int, shipment_on: date, precondition: Precondition | None = None
) -> AutoOrder:
    """Skip the shipment due on `shipment_on`: each unpaused item whose next shipment is that day moves to its
    next rebill after it (the pre-shipment notice keeps its lead). Writes only items[].next_shipment_dts and
    items[].next_preshipment_notice_dts.

    Raises ChangeRefused before any write when no item ships that day or one has no later rebill to move to
    (the precondition, on the same fresh read, is where callers decide what that means)."""

    def mutate(raw: dict[str, Any]) -> None:
        due = _due_on(raw, shipment_on)
        if not due:
            raise ChangeRefused("no item's next shipment is on that day", operation=_OPERATION)
        for item in due:
            later = _after(item, shipment_on)
            if later is None:
                raise ChangeRefused("no later rebill to move the shipment to", operation=_OPERATION)
            _move_next_shipment(item, later)

    return _update(
        auto_order_oid=auto_order_oid,
        mutate=mutate,
        applied=lambda raw: not _due_on(raw, shipment_on),
        precondition=precondition,
    )
