"""Subscription self-service changes (issues 23, 24): one typed function per change, each an updateAutoOrder.

Each is built on auto_order_writes._write: a fresh read with AUTO_ORDER_EXPANSION (items, add-ons, the
original order's billing and shipping: exactly what is written back), a change of only the intended fields,
one PUT, and on an unknown outcome a re-read before writing again. At most 2 UltraCart calls.

What each writes:
- auto_order_frequency_change: items[].frequency, or "Every..." with items[].arbitrary_schedule_days
- auto_order_quantity_change: items[].arbitrary_quantity (a float in UltraCart; whole numbers here)
- auto_order_shipping_change: original_order.shipping (never billing: billing.email is whose it is)
- auto_order_stop_after: cancel_after_next_x_orders, and cancel_reason when given
- auto_order_reactivate: enabled, after moving every past items[].next_shipment_dts (and its notice) on
- auto_order_discount_set: items[].arbitrary_unit_cost with items[].arbitrary_unit_cost_remaining_orders
  (it reverts by itself; arbitrary_percentage_discount has no end and is never written)
- auto_order_item_swap: items[].arbitrary_item_id and items[].options
- auto_order_add_on_add: one more add_ons[] entry with next_x_orders 1

Arguments out of UltraCart's bounds raise ValueError before any call (forms check first); a change the
fresh read shows UltraCart would refuse raises ChangeRefused before the write.
"""

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from portal.ultracart.auto_order_inputs import (
    EVERY_DAYS_MAX,
    ShippingAddressChange,
    options_json,
    positive_int_check,
)
from portal.ultracart.auto_order_writes import Precondition, _items, _move_next_shipment, _write
from portal.ultracart.auto_orders import AUTO_ORDER_EXPANSION, auto_order_path
from portal.ultracart.errors import ChangeRefused, NotFound
from portal.ultracart.models import AutoOrder, ItemOption
from portal.ultracart.parsing_auto_orders import FREQUENCIES

_OPERATION = "updateAutoOrder"
Raw = dict[str, Any]


def _update(
    *,
    auto_order_oid: int,
    mutate: Callable[[Raw], None],
    applied: Callable[[Raw], bool],
    precondition: Precondition | None,
) -> AutoOrder:
    return _write(
        auto_order_oid=auto_order_oid,
        operation=_OPERATION,
        path=auto_order_path(auto_order_oid),
        params={"validate_original_order": "No", "_expand": AUTO_ORDER_EXPANSION},
        mutate=mutate,
        applied=applied,
        precondition=precondition,
    )


def _item_update(
    *,
    auto_order_oid: int,
    auto_order_item_oid: int,
    change: Raw,
    precondition: Precondition | None,
    refuse: Callable[[Raw], str] | None = None,
) -> AutoOrder:
    """Set `change` on one item; `refuse(item)` names why UltraCart would not take it ("" when it would)."""

    def mutate(raw: Raw) -> None:
        items = _items(raw, auto_order_item_oid)
        if not items:  # checked on the fresh read, before any write
            raise NotFound("no such item on this auto order", operation=_OPERATION)
        reason = refuse(items[0]) if refuse else ""
        if reason:
            raise ChangeRefused(reason, operation=_OPERATION)
        items[0].update(change)

    def applied(raw: Raw) -> bool:
        return any(
            all(item.get(k) == v for k, v in change.items()) for item in _items(raw, auto_order_item_oid)
        )

    return _update(auto_order_oid=auto_order_oid, mutate=mutate, applied=applied, precondition=precondition)


def auto_order_frequency_change(
    *,
    auto_order_oid: int,
    auto_order_item_oid: int,
    frequency: str | None = None,
    every_days: int | None = None,
    precondition: Precondition | None = None,
) -> AutoOrder:
    """A new rebill frequency (one of FREQUENCIES but "Every..."), or every `every_days` days; not both."""
    if (frequency is None) == (every_days is None):
        raise ValueError("give either a frequency or every_days")
    change: Raw
    if every_days is not None:
        positive_int_check("every_days", every_days, maximum=EVERY_DAYS_MAX)
        change = {"frequency": "Every...", "arbitrary_schedule_days": every_days}
    else:
        if frequency not in FREQUENCIES or frequency == "Every...":
            raise ValueError(f"not one of UltraCart's frequencies: {frequency!r}")
        change = {"frequency": frequency}

    def refuse(item: Raw) -> str:
        return "" if item.get("frequency") else "the item follows a fixed multi-step schedule (no frequency)"

    return _item_update(
        auto_order_oid=auto_order_oid,
        auto_order_item_oid=auto_order_item_oid,
        change=change,
        precondition=precondition,
        refuse=refuse,
    )


def auto_order_quantity_change(
    *, auto_order_oid: int, auto_order_item_oid: int, quantity: int, precondition: Precondition | None = None
) -> AutoOrder:
    positive_int_check("quantity", quantity)
    return _item_update(
        auto_order_oid=auto_order_oid,
        auto_order_item_oid=auto_order_item_oid,
        change={"arbitrary_quantity": float(quantity)},
        precondition=precondition,
    )


def auto_order_discount_set(
    *,
    auto_order_oid: int,
    auto_order_item_oid: int,
    unit_cost: Decimal,
    orders: int,
    precondition: Precondition | None = None,
) -> AutoOrder:
    """The next `orders` rebills of the item at `unit_cost`; then UltraCart reverts to the list price."""
    if not unit_cost.is_finite() or unit_cost < 0:
        raise ValueError("unit_cost must be 0 or more")
    positive_int_check("orders", orders)
    change = {
        "arbitrary_unit_cost": float(round(unit_cost, 2)),
        "arbitrary_unit_cost_remaining_orders": orders,
    }
    return _item_update(
        auto_order_oid=auto_order_oid,
        auto_order_item_oid=auto_order_item_oid,
        change=change,
        precondition=precondition,
    )


def auto_order_item_swap(
    *,
    auto_order_oid: int,
    auto_order_item_oid: int,
    item_id: str,
    options: tuple[ItemOption, ...] = (),
    precondition: Precondition | None = None,
) -> AutoOrder:
    """Rebill `item_id` (with `options`, which replace the old item's) instead of the schedule's item.

    UltraCart's arbitrary_item_id overrides every step of a multi-step program: offer it on simple schedules.
    """
    if not item_id.strip():
        raise ValueError("item_id is empty")
    change = {"arbitrary_item_id": item_id, "options": options_json(options)}
    return _item_update(
        auto_order_oid=auto_order_oid,
        auto_order_item_oid=auto_order_item_oid,
        change=change,
        precondition=precondition,
    )


def auto_order_shipping_change(
    *, auto_order_oid: int, address: ShippingAddressChange, precondition: Precondition | None = None
) -> AutoOrder:
    """Ship every later rebill to `address`: UltraCart rebills from the original order's shipping."""
    fields = {name: value for name, value in asdict(address).items() if value is not None}

    def mutate(raw: Raw) -> None:
        original = raw.get("original_order")
        if not isinstance(original, dict):
            raise NotFound("the auto order came without its original order", operation=_OPERATION)
        shipping = dict(original.get("shipping") or {})
        # An empty field that is not there already stays absent: only what the address changes is written.
        shipping.update({name: value for name, value in fields.items() if value or shipping.get(name)})
        original["shipping"] = shipping

    def applied(raw: Raw) -> bool:
        shipping = (raw.get("original_order") or {}).get("shipping") or {}
        return all(shipping.get(name, "") == value for name, value in fields.items())

    return _update(auto_order_oid=auto_order_oid, mutate=mutate, applied=applied, precondition=precondition)


def auto_order_stop_after(
    *, auto_order_oid: int, orders: int, cancel_reason: str = "", precondition: Precondition | None = None
) -> AutoOrder:
    """UltraCart cancels the auto order after `orders` more rebills; the reason is kept like a cancel's."""
    positive_int_check("orders", orders)
    change: Raw = {
        "cancel_after_next_x_orders": orders,
        **({"cancel_reason": cancel_reason} if cancel_reason else {}),
    }

    def mutate(raw: Raw) -> None:
        raw.update(change)

    def applied(raw: Raw) -> bool:
        return all(raw.get(k) == v for k, v in change.items())

    return _update(auto_order_oid=auto_order_oid, mutate=mutate, applied=applied, precondition=precondition)


def auto_order_reactivate(
    *, auto_order_oid: int, next_shipment_not_before: datetime, precondition: Precondition | None = None
) -> AutoOrder:
    """enabled=true, with every next shipment before `next_shipment_not_before` moved to it first, in the same
    write: UltraCart may otherwise bill the shipments missed while the subscription was off."""
    if next_shipment_not_before.tzinfo is None:
        raise ValueError("shipment dates must be timezone-aware")

    def too_early(item: Raw) -> bool:
        try:
            return datetime.fromisoformat(str(item.get("next_shipment_dts"))) < next_shipment_not_before
        except ValueError:
            return True  # no usable date: the earliest allowed one

    def mutate(raw: Raw) -> None:
        if raw.get("status") == "merged":
            into = raw.get("merged_into_auto_order_oid")
            raise ChangeRefused(
                f"merged into auto order {into}: it cannot be reactivated", operation=_OPERATION
            )
        for item in _items(raw):
            if too_early(item):
                _move_next_shipment(item, next_shipment_not_before)
        raw["enabled"] = True

    def applied(raw: Raw) -> bool:
        return raw.get("status") == "active" and not any(too_early(item) for item in _items(raw))

    return _update(auto_order_oid=auto_order_oid, mutate=mutate, applied=applied, precondition=precondition)


def auto_order_add_on_add(
    *,
    auto_order_oid: int,
    item_id: str,
    quantity: int = 1,
    options: tuple[ItemOption, ...] = (),
    precondition: Precondition | None = None,
) -> AutoOrder:
    """Add `item_id` to the next shipment only (an add_ons entry with next_x_orders 1), keeping the others."""
    if not item_id.strip():
        raise ValueError("item_id is empty")
    positive_int_check("quantity", quantity)
    add_on: Raw = {"item_id": item_id, "quantity": quantity, "next_x_orders": 1}
    if options:
        add_on["options"] = options_json(options)
    already: list[int] = []  # how many such add-ons the first fresh read had

    def count(raw: Raw) -> int:
        return sum(1 for entry in raw.get("add_ons") or () if entry == add_on)

    def mutate(raw: Raw) -> None:
        if not already:
            already.append(count(raw))
        raw["add_ons"] = [*(raw.get("add_ons") or ()), add_on]

    return _update(
        auto_order_oid=auto_order_oid,
        mutate=mutate,
        applied=lambda raw: count(raw) > already[0],
        precondition=precondition,
    )
