"""The reminder before a shipment (auto_order_preshipment webhook): when, what, and about how much.

Built from UltraCart's fresh read only (portal/subscriptions/notices.py re-reads before sending): the next
shipment of the unpaused items, each line's estimated price (the rebill's unit cost times quantity: the item's
future schedule for that date when UltraCart gives one, which carries a discount or a swap, else its own
unit cost), the one-time add-ons that ride along, and the estimated total. Taxes and shipping are set when
UltraCart places the order, so the email says "estimated".
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from portal.core.formatting import amount_text
from portal.subscriptions.presentation import subscription_name
from portal.ultracart import AutoOrder, AutoOrderItem, AutoOrderStatus


@dataclass(frozen=True, slots=True)
class ReminderLine:
    description: str
    quantity: str  # "2"
    amount: str  # "$37.00" (unit cost times quantity), "" when UltraCart gave no price


@dataclass(frozen=True, slots=True)
class ShipmentReminder:
    auto_order_oid: int
    name: str
    shipment_at: datetime
    lines: tuple[ReminderLine, ...]
    total: str  # the priced lines together, "" when none is priced


def _unit_cost(item: AutoOrderItem, when: datetime) -> tuple[str, Decimal | None]:
    """The item that ships on `when` and its unit cost: the future schedule for that date, else the item's."""
    for schedule in item.future_schedules:
        if schedule.shipment_at == when:
            return schedule.item_id, (
                schedule.unit_cost if schedule.unit_cost is not None else item.unit_price
            )
    return item.arbitrary_item_id or item.item_id, item.unit_price


def shipment_reminder_build(
    *, auto_order: AutoOrder, language: str, now: datetime | None = None
) -> ShipmentReminder | None:
    """The coming shipment, or None when there is none to remind of (not active, paused, nothing ahead)."""
    if auto_order.status is not AutoOrderStatus.ACTIVE:
        return None
    moment = now or timezone.now()
    live = [
        i for i in auto_order.items if not i.paused and i.next_shipment_at and i.next_shipment_at > moment
    ]
    if not live:
        return None
    when = min(i.next_shipment_at for i in live if i.next_shipment_at is not None)
    currency = auto_order.currency_code or "USD"
    lines: list[ReminderLine] = []
    total, priced = Decimal(0), False
    for item in (i for i in live if i.next_shipment_at == when):
        item_id, unit = _unit_cost(item, when)
        description = item.description if item_id == item.item_id and item.description else item_id
        amount = unit * item.quantity if unit is not None else None
        lines.append(_line(description, item.quantity, amount, currency=currency, language=language))
        total, priced = (total + amount, True) if amount is not None else (total, priced)
    for add_on in auto_order.add_ons:
        if add_on.next_x_orders is not None and add_on.next_x_orders < 1:
            continue
        amount = add_on.unit_cost * add_on.quantity if add_on.unit_cost is not None else None
        lines.append(
            _line(add_on.item_id, Decimal(add_on.quantity), amount, currency=currency, language=language)
        )
        total, priced = (total + amount, True) if amount is not None else (total, priced)
    return ShipmentReminder(
        auto_order_oid=auto_order.auto_order_oid,
        name=subscription_name(auto_order),
        shipment_at=when,
        lines=tuple(lines),
        total=amount_text(value=total, currency=currency, language=language) if priced else "",
    )


def _line(
    description: str, quantity: Decimal, amount: Decimal | None, *, currency: str, language: str
) -> ReminderLine:
    return ReminderLine(
        description=description,
        quantity=f"{quantity.normalize():f}",
        amount=amount_text(value=amount, currency=currency, language=language) if amount is not None else "",
    )
