"""The priced upcoming schedule: the next shipments from items.future_schedules, each with what it sends and
an estimated price (unit cost times quantity). Pure functions of the auto order we already hold: the detail
read expands items.future_schedules, so the schedule costs no UltraCart call of its own.

A shipment is one calendar day (as UltraCart sent it) with every item due that day; a multi-step program's
line names the step's item, which is what that rebill sends.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from portal.core.formatting import amount_text
from portal.ultracart import AutoOrder, AutoOrderItem, FutureShipment

SCHEDULE_LENGTH = 6


@dataclass(frozen=True, slots=True)
class ShipmentLine:
    item_id: str  # what this rebill sends (a program's step item)
    description: str  # its name when we know it, else the item id
    program: str  # for a step of a multi-step program: the program's name ("" otherwise)
    quantity: Decimal
    estimate: Decimal | None  # unit_cost times quantity; None when UltraCart gave no unit cost

    @property
    def quantity_text(self) -> str:
        return f"{self.quantity.normalize():f}"


@dataclass(frozen=True, slots=True)
class UpcomingShipment:
    shipment_at: datetime  # the earliest moment of the items due that day
    lines: tuple[ShipmentLine, ...]
    index: int  # its place in the schedule, 0 the soonest
    is_next: bool  # UltraCart's next shipment (next_shipment_dts): skipping it is the plain "skip"

    @property
    def day(self) -> date:
        return self.shipment_at.date()  # the calendar day UltraCart sent, never shifted

    @property
    def estimate(self) -> Decimal | None:
        amounts = [line.estimate for line in self.lines]
        return None if any(a is None for a in amounts) else sum((a for a in amounts if a), Decimal(0))


def _line(item: AutoOrderItem, schedule: FutureShipment) -> ShipmentLine:
    own = schedule.item_id in ("", item.item_id)
    estimate = schedule.unit_cost * item.quantity if schedule.unit_cost is not None else None
    return ShipmentLine(
        item_id=schedule.item_id or item.item_id,
        description=(item.description or item.item_id) if own else schedule.item_id,
        program=(item.description or item.item_id) if not own and item.is_multi_step else "",
        quantity=item.quantity,
        estimate=estimate.quantize(Decimal("0.01")) if estimate is not None else None,
    )


def upcoming_schedule(auto_order: AutoOrder, *, count: int = SCHEDULE_LENGTH) -> tuple[UpcomingShipment, ...]:
    """The next `count` shipment days of the unpaused items, soonest first."""
    by_day: dict[date, list[tuple[datetime, ShipmentLine]]] = {}
    for item in auto_order.items:
        if item.paused:
            continue
        for schedule in item.future_schedules:
            line = (schedule.shipment_at, _line(item, schedule))
            by_day.setdefault(schedule.shipment_at.date(), []).append(line)
    days = sorted(by_day)[:count]
    next_day = auto_order.next_shipment_at.date() if auto_order.next_shipment_at else None
    return tuple(
        UpcomingShipment(
            shipment_at=min(moment for moment, _line in by_day[day]),
            lines=tuple(line for _moment, line in by_day[day]),
            index=index,
            is_next=day == next_day,
        )
        for index, day in enumerate(days)
    )


def shipment_on(auto_order: AutoOrder, day: date) -> UpcomingShipment | None:
    """The upcoming shipment of that calendar day (within the whole schedule UltraCart sent), or None."""
    return next((s for s in upcoming_schedule(auto_order, count=10_000) if s.day == day), None)


def estimate_text(amount: Decimal | None, *, auto_order: AutoOrder) -> str:
    """ "$18.50" / "18,50 US$" in the page's language; "" when unknown (no unit cost, or no currency)."""
    if amount is None or not auto_order.currency_code:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    return amount_text(value=amount, currency=auto_order.currency_code, language=language)
