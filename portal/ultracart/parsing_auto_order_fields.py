"""The self-service auto order fields -> models: schedules, options, add-ons, the failure's kind.

Same tolerance as parsing.py: a missing or mistyped value is absent, never an error.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypedDict

from portal.ultracart.models import AutoOrderAddOn, FutureShipment, ItemOption
from portal.ultracart.parsing import _datetime, _decimal, _dict, _int, _list, _str

# Words of the gateway's answer (failure_reason is UltraCart's date, then the gateway's raw text) -> a kind
# pages can word themselves. Checked in this order: "insufficient funds" also says "declined".
_FAILURE_KINDS = (
    ("insufficient", "insufficient_funds"),
    ("expired", "expired_card"),
    ("expiration", "expired_card"),
    ("declin", "declined"),
)


class ItemFields(TypedDict):
    every_days: int | None
    arbitrary_item_id: str
    options: tuple[ItemOption, ...]
    arbitrary_unit_cost: Decimal | None
    arbitrary_unit_cost_remaining_orders: int | None
    future_schedules: tuple[FutureShipment, ...]


class AutoOrderFields(TypedDict):
    add_ons: tuple[AutoOrderAddOn, ...]
    cancel_after_next_x_orders: int | None
    credit_card_attempt: int
    failure_kind: str
    merged_at: datetime | None
    merged_into_auto_order_oid: int | None


def options_from_json(value: Any) -> tuple[ItemOption, ...]:
    """AutoOrderItemOption / AutoOrderAddonItemOption: [{label, value}] -> ItemOption(name, value)."""
    options = (_dict(option) for option in _list(value))
    return tuple(
        ItemOption(name=_str(option.get("label")), value=_str(option.get("value")))
        for option in options
        if _str(option.get("label"))
    )


def future_schedules_from_json(value: Any) -> tuple[FutureShipment, ...]:
    found = []
    for schedule in map(_dict, _list(value)):
        when = _datetime(schedule.get("shipment_dts"))
        if when is None:
            continue  # a rebill without a date is nothing a page can show
        found.append(
            FutureShipment(
                shipment_at=when,
                item_id=_str(schedule.get("item_id")),
                unit_cost=_decimal(schedule.get("unit_cost")),
                rebill_count=_int(schedule.get("rebill_count")),
            )
        )
    return tuple(found)


def add_ons_from_json(value: Any) -> tuple[AutoOrderAddOn, ...]:
    found = []
    for add_on in map(_dict, _list(value)):
        item_id = _str(add_on.get("item_id"))
        if not item_id:
            continue
        found.append(
            AutoOrderAddOn(
                item_id=item_id,
                quantity=_int(add_on.get("quantity")) or 1,
                next_x_orders=_int(add_on.get("next_x_orders")),
                unit_cost=_decimal(add_on.get("arbitrary_unit_cost")),
                free_shipping=add_on.get("free_shipping") is True,
                options=options_from_json(add_on.get("options")),
            )
        )
    return tuple(found)


def failure_kind(failure_reason: str) -> str:
    """What kind of failure the last rebill had, from UltraCart's raw text ("" when none)."""
    if not failure_reason.strip():
        return ""
    text = failure_reason.lower()
    return next((kind for needle, kind in _FAILURE_KINDS if needle in text), "other")


def item_fields(data: Mapping[str, Any]) -> ItemFields:
    """The AutoOrderItem keyword arguments of the self-service fields."""
    return {
        "every_days": _int(data.get("arbitrary_schedule_days")),
        "arbitrary_item_id": _str(data.get("arbitrary_item_id")),
        "options": options_from_json(data.get("options")),
        "arbitrary_unit_cost": _decimal(data.get("arbitrary_unit_cost")),
        "arbitrary_unit_cost_remaining_orders": _int(data.get("arbitrary_unit_cost_remaining_orders")),
        "future_schedules": future_schedules_from_json(data.get("future_schedules")),
    }


def auto_order_fields(data: Mapping[str, Any]) -> AutoOrderFields:
    """The AutoOrder keyword arguments of the self-service fields, except shipping (parsing.py's address)."""
    failure_reason = _str(data.get("failure_reason"))
    return {
        "add_ons": add_ons_from_json(data.get("add_ons")),
        "cancel_after_next_x_orders": _int(data.get("cancel_after_next_x_orders")),
        "credit_card_attempt": _int(data.get("credit_card_attempt")) or 0,
        "failure_kind": failure_kind(failure_reason),
        "merged_at": _datetime(data.get("merged_dts")),
        "merged_into_auto_order_oid": _int(data.get("merged_into_auto_order_oid")),
    }
