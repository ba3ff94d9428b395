"""Rebill schedules: the next shipment dates an auto order item's frequency implies."""

import calendar
import re
from datetime import datetime, timedelta
from typing import Any

from portal.sandbox.wire import parse_timestamp

# The spec's enum, plus spellings clients and merchants use; anything else is rejected on update.
_FIXED = {
    "Weekly": ("days", 7),
    "Biweekly": ("days", 14),
    "Monthly": ("months", 1),
    "Quarterly": ("months", 3),
    "Yearly": ("months", 12),
    "Annually": ("months", 12),
}
_EVERY = re.compile(r"^Every (\d+) (Day|Week|Month|Year)s?$")
FUTURE_SCHEDULE_COUNT = 10


def frequency_step(frequency: str, *, arbitrary_days: int | None = None) -> tuple[str, int] | None:
    """("days", n) or ("months", n) for a frequency, or None when it is not one we know."""
    if frequency in _FIXED:
        return _FIXED[frequency]
    if frequency == "Every...":
        return ("days", arbitrary_days) if arbitrary_days and arbitrary_days > 0 else None
    match = _EVERY.match(frequency)
    if not match or int(match.group(1)) < 1:
        return None
    count, unit = int(match.group(1)), match.group(2)
    return {"Day": ("days", count), "Week": ("days", 7 * count), "Month": ("months", count)}.get(
        unit, ("months", 12 * count)
    )


def add_step(moment: datetime, step: tuple[str, int], times: int = 1) -> datetime:
    unit, count = step
    if unit == "days":
        return moment + timedelta(days=count * times)
    month_index = moment.month - 1 + count * times
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_attempt(auto_order: dict[str, Any]) -> str | None:
    """When UltraCart next processes an active auto order: the earliest next shipment of an unpaused item,
    or none when every item is paused. (A declined rebill sets its own retry date; see auto_order_update.)"""
    dates = [
        str(item["next_shipment_dts"])
        for item in auto_order.get("items", [])
        if not item.get("paused") and item.get("next_shipment_dts")
    ]
    return min(dates, key=parse_timestamp) if dates else None


def next_attempt_refresh(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Recompute `after["next_attempt"]` when an active auto order's item dates or pause flags changed (or it
    became active), as UltraCart does; a retry date after a declined rebill is left alone otherwise."""
    if after.get("status") != "active":
        return

    def schedule(record: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
        return [
            (i.get("auto_order_item_oid"), i.get("next_shipment_dts"), bool(i.get("paused")))
            for i in record.get("items", [])
        ]

    if before.get("status") == "active" and schedule(before) == schedule(after):
        return
    moment = next_attempt(after)
    if moment is None:
        after.pop("next_attempt", None)
    else:
        after["next_attempt"] = moment
