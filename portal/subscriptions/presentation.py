"""Auto orders in plain words: status, frequency, and the page rows built from the dataclasses."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.card_words import card_type_text
from portal.ultracart import AutoOrder, AutoOrderItem, AutoOrderStatus, CardOnFile

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
    if step is None and item.frequency == "every" and item.every_days:  # "Every..." every N days
        step = ("day", item.every_days)
    if step is None:
        # "Every..." without its number of days, or a value we do not know: neutral, never broken.
        return item.frequency_label or _("on a custom schedule")
    return step_words(step)


def step_words(step: tuple[str, int]) -> str:
    """ "every 2 months" / "cada 2 meses" for ("month", 2)."""
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
    """The one way a status is written: the list, the detail page, the home page and the order page."""
    if auto_order.status == AutoOrderStatus.ACTIVE:
        if auto_order.paused and resume_at is not None:
            when = date_format(timezone.localtime(resume_at), "DATE_FORMAT")
            return StatusWords("paused_until", _("Paused until %(date)s") % {"date": when}, "warn")
        if auto_order.paused:
            return StatusWords("paused", _("Paused"), "warn")
        return StatusWords("active", _("Active"), "ok")
    if auto_order.status == AutoOrderStatus.CANCELED:
        return StatusWords("canceled", _("Canceled"), "muted")
    if auto_order.status == AutoOrderStatus.DISABLED:
        if auto_order.failure_reason:
            return StatusWords("failed_charge", _("Stopped after a failed charge"), "warn")
        return StatusWords("disabled", _("Stopped"), "muted")
    if auto_order.status == AutoOrderStatus.MERGED:
        return StatusWords("merged", _("Merged into another subscription"), "muted")
    return StatusWords("unknown", auto_order.status_label or _("Status unknown"), "muted")


@dataclass(frozen=True, slots=True)
class Schedule:
    """The next shipment and the next charge, from one schedule: a rebill charges on its shipment date."""

    next_shipment_at: datetime | None
    next_charge_at: datetime | None
    charge_is_retry: bool  # after a declined charge: UltraCart's next attempt, not a shipment date


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def shipment_after_pause(
    next_shipment_at: datetime | None, *, resume_at: datetime, lead_days: int
) -> datetime:
    """The first shipment after a timed pause, as the resume sets it: a next shipment earlier than `lead_days`
    after the resume day moves to that day; a later one (the pause ends before it) stays where it is."""
    earliest = _midnight_utc(timezone.localdate(resume_at) + timedelta(days=lead_days))
    return max(next_shipment_at, earliest) if next_shipment_at is not None else earliest


def subscription_schedule(auto_order: AutoOrder, *, resume_at: datetime | None, lead_days: int) -> Schedule:
    """What the next shipment and charge are now (UltraCart's next_attempt only as a retry date).

    - active: the earliest next shipment of an unpaused item; after a declined charge (failure_reason on
      an active auto order) the charge is UltraCart's retry, `next_attempt`.
    - paused until a date: nothing before it; then what the resume sets (shipments.resume: a next shipment
      earlier than `lead_days` after the resume moves to that day).
    - paused until resumed, canceled, stopped: none.
    """
    if auto_order.status != AutoOrderStatus.ACTIVE:
        return Schedule(None, None, False)
    unpaused = [i.next_shipment_at for i in auto_order.items if not i.paused and i.next_shipment_at]
    if unpaused:
        shipment: datetime | None = min(unpaused)
    elif auto_order.paused and resume_at is not None:
        stored = [i.next_shipment_at for i in auto_order.items if i.next_shipment_at]
        shipment = shipment_after_pause(min(stored, default=None), resume_at=resume_at, lead_days=lead_days)
    else:
        shipment = None
    if shipment is not None and auto_order.failure_reason and auto_order.next_attempt_at:
        return Schedule(shipment, auto_order.next_attempt_at, True)
    return Schedule(shipment, shipment, False)


def subscription_name(auto_order: AutoOrder) -> str:
    """What the customer bought, for titles and emails ("Monthly Coffee Club"); the code without items."""
    names = [item.description or item.item_id for item in auto_order.items]
    if not names:
        return _("Subscription %(code)s") % {"code": auto_order.auto_order_code}
    if len(names) == 1:
        return names[0]
    more = len(names) - 1
    return ngettext("%(name)s and %(count)d more item", "%(name)s and %(count)d more items", more) % {
        "name": names[0],
        "count": more,
    }


def subscription_told_apart(auto_order: AutoOrder, *, next_shipment_at: datetime | None) -> str:
    """Beside the name when the customer has another subscription of the same name: frequency, next date."""
    parts = [frequency_words(auto_order.items[0])] if auto_order.items else []
    if next_shipment_at is not None:
        when = date_format(timezone.localtime(next_shipment_at), "DATE_FORMAT")
        parts.append(_("next shipment %(date)s") % {"date": when})
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ItemRow:
    description: str
    item_id: str
    quantity: str
    frequency: str
    next_shipment_at: datetime | None
    auto_order_item_oid: int | None = None
    offers: tuple[str, ...] = ()  # per-item changes offered (frequency, quantity): the detail page only


def item_rows(
    auto_order: AutoOrder, *, swapped_names: Mapping[str, str] | None = None
) -> tuple[ItemRow, ...]:
    """One row per item; a swapped item by the name of what ships now (`swapped_names`: id -> name)."""
    names = swapped_names or {}
    return tuple(
        ItemRow(
            description=(names.get(item.arbitrary_item_id) if item.arbitrary_item_id else None)
            or item.description
            or item.item_id,
            item_id=item.item_id,
            quantity=f"{item.quantity.normalize():f}",
            frequency=frequency_words(item),
            next_shipment_at=item.next_shipment_at,
            auto_order_item_oid=item.auto_order_item_oid,
        )
        for item in auto_order.items
    )


def upcoming_shipments(auto_order: AutoOrder, *, count: int = 5) -> tuple[datetime, ...]:
    dates = sorted({when for item in auto_order.items for when in item.future_shipments})
    return tuple(dates[:count])


def card_on_file_words(card: CardOnFile | None) -> str:
    """ "Visa ending in 1111, expires 09/2029"; "" when UltraCart told us nothing about the card."""
    if card is None or not (card.card_type or card.last4):
        return ""
    name = card_type_text(card_type=card.card_type)
    words = _("%(card)s ending in %(last4)s") % {"card": name, "last4": card.last4} if card.last4 else name
    if card.expiration_month and card.expiration_year:
        expiry = f"{card.expiration_month:02d}/{card.expiration_year}"
        words = _("%(card)s, expires %(expiry)s") % {"card": words, "expiry": expiry}
    return words


def cancel_reason_label(reason: str) -> str:
    """A cancel reason in the customer's language. The value stays as configured (UltraCart stores it, the
    merchant reads it); the default reasons are in our catalogue, a merchant's own are shown as written."""
    return _(reason) if reason else reason


def billing_page_url(url: str, *, language: str, back: str) -> str:
    """UltraCart's update-billing address with the customer's language and the way back to us (`lang`,
    `return`: the sandbox's stand-in reads them; parameters already in the address are kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("lang", "return")]
    query += [("lang", language), ("return", back)]
    return urlunsplit(parts._replace(query=urlencode(query)))
