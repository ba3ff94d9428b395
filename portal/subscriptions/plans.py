"""Dates an action works with: pure functions of an auto order and the merchant's settings (which actions
are allowed is the registry's: registry.actions_allowed)."""

import calendar
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from portal.merchant.config import PortalSettings
from portal.subscriptions.presentation import frequency_step
from portal.ultracart import AutoOrder


def _at_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def earliest_day(config: PortalSettings) -> date:
    return timezone.localdate() + timedelta(days=config.subscription_min_lead_days)


def latest_day(config: PortalSettings) -> date:
    return timezone.localdate() + timedelta(days=config.subscription_max_days_ahead)


def earliest_shipment(config: PortalSettings) -> datetime:
    """Where a next shipment in the past goes when the subscription resumes."""
    return _at_midnight(earliest_day(config))


def day_within_bounds(day: date, config: PortalSettings) -> bool:
    return earliest_day(config) <= day <= latest_day(config)


def _add(moment: datetime, step: tuple[str, int], times: int = 1) -> datetime:
    unit, count = step
    if unit in ("day", "week"):
        return moment + timedelta(days=count * times * (7 if unit == "week" else 1))
    months = count * times * (12 if unit == "year" else 1)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def shipment_dates(first: datetime, step: tuple[str, int], *, count: int) -> tuple[datetime, ...]:
    """The next `count` shipments from `first` at `step`, as UltraCart dates an item's future_schedules: each
    is `first` plus a whole number of steps, so a month step keeps the day, or the month's last day when it
    has none (Jan 31, Feb 28, Mar 31: never drifting to the 28th), and the time and offset of `first` stay."""
    return tuple(_add(first, step, times) for times in range(count))


def shipment_after(auto_order: AutoOrder, *, shipments: int = 1) -> datetime | None:
    """The shipment `shipments` intervals after the next one: from future_schedules, else the frequency."""
    current = auto_order.next_shipment_at
    if current is None:
        return None
    later = sorted({w for item in auto_order.items for w in item.future_shipments if w > current})
    if len(later) >= shipments:
        return later[shipments - 1]
    steps = [frequency_step(item.frequency) for item in auto_order.items]
    step = next((s for s in steps if s is not None), None)
    return _add(current, step, shipments) if step else None


def reschedule_target(day: date, current: datetime | None = None) -> datetime:
    """The chosen day, at the time of day and offset UltraCart gave the date it moves (its dates carry the
    merchant's offset, e.g. -04:00: midnight UTC would show as the evening before); else midnight UTC."""
    if current is None or current.tzinfo is None:
        return _at_midnight(day)
    return datetime.combine(day, current.timetz())


def pause_resume_at(auto_order: AutoOrder, *, shipments: int, config: PortalSettings) -> datetime | None:
    """Pause for N shipments: resume early enough that the shipment after them goes out on its date."""
    target = shipment_after(auto_order, shipments=shipments)
    if target is None:
        return None
    return max(target - timedelta(days=config.subscription_min_lead_days), timezone.now())


def pause_until_resume_at(day: date) -> datetime:
    return _at_midnight(day)


def pause_until_bounds_ok(day: date, config: PortalSettings) -> bool:
    return timezone.localdate() < day <= latest_day(config)
