"""Auto orders in plain words: status, frequency, and the page rows built from the dataclasses."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.ultracart import AutoOrder, AutoOrderItem, AutoOrderStatus

_EVERY = re.compile(r"^every_(\d+)_(day|week|month|year)s$")
_FIXED = {"weekly": ("week", 1), "biweekly": ("week", 2), "monthly": ("month", 1), "yearly": ("year", 1)}


def frequency_step(frequency: str) -> tuple[str, int] | None:
    """("day" | "week" | "month" | "year", count) for a known frequency slug, else None."""
    if frequency in _FIXED:
        return _FIXED[frequency]
    match = _EVERY.match(frequency)
    return (match.group(2), int(match.group(1))) if match else None


def frequency_words(item: AutoOrderItem) -> str:
    step = frequency_step(item.frequency)
    if step is None:
        # "Every..." (a merchant's own number of days) or a value we do not know: neutral, never broken.
        return item.frequency_label or _("on a custom schedule")
    unit, count = step
    if count == 1:
        return {"day": _("every day"), "week": _("every week"), "month": _("every month")}.get(
            unit, _("every year")
        )
    if unit == "day":
        return ngettext("every %(count)d day", "every %(count)d days", count) % {"count": count}
    if unit == "week":
        return ngettext("every %(count)d week", "every %(count)d weeks", count) % {"count": count}
    if unit == "month":
        return ngettext("every %(count)d month", "every %(count)d months", count) % {"count": count}
    return ngettext("every %(count)d year", "every %(count)d years", count) % {"count": count}


@dataclass(frozen=True, slots=True)
class StatusWords:
    key: str  # active, paused, paused_until, canceled, failed_charge, disabled, merged, unknown
    label: str
    tone: str  # badge tone: ok, warn, muted


def status_words(auto_order: AutoOrder, *, resume_at: datetime | None) -> StatusWords:
    if auto_order.status == AutoOrderStatus.ACTIVE:
        if auto_order.paused and resume_at is not None:
            when = date_format(timezone.localtime(resume_at), "DATE_FORMAT")
            return StatusWords("paused_until", _("paused until %(date)s") % {"date": when}, "warn")
        if auto_order.paused:
            return StatusWords("paused", _("paused"), "warn")
        return StatusWords("active", _("active"), "ok")
    if auto_order.status == AutoOrderStatus.CANCELED:
        return StatusWords("canceled", _("canceled"), "muted")
    if auto_order.status == AutoOrderStatus.DISABLED:
        if auto_order.failure_reason:
            return StatusWords("failed_charge", _("disabled after a failed charge"), "warn")
        return StatusWords("disabled", _("disabled"), "muted")
    if auto_order.status == AutoOrderStatus.MERGED:
        return StatusWords("merged", _("merged into another subscription"), "muted")
    return StatusWords("unknown", auto_order.status_label or _("status unknown"), "muted")


@dataclass(frozen=True, slots=True)
class ItemRow:
    description: str
    item_id: str
    quantity: str
    frequency: str
    next_shipment_at: datetime | None


def item_rows(auto_order: AutoOrder) -> tuple[ItemRow, ...]:
    return tuple(
        ItemRow(
            description=item.description or item.item_id,
            item_id=item.item_id,
            quantity=f"{item.quantity.normalize():f}",
            frequency=frequency_words(item),
            next_shipment_at=item.next_shipment_at,
        )
        for item in auto_order.items
    )


def upcoming_shipments(auto_order: AutoOrder, *, count: int = 5) -> tuple[datetime, ...]:
    dates = sorted({when for item in auto_order.items for when in item.future_shipments})
    return tuple(dates[:count])


def cancel_reason_label(reason: str) -> str:
    """A cancel reason in the customer's language. The value stays as configured (UltraCart stores it, the
    merchant reads it); the default reasons are in our catalogue, a merchant's own are shown as written."""
    return _(reason) if reason else reason
