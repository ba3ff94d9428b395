"""`items.future_schedules`: the next ten rebills of an auto order item, dated, itemised and priced.

What decides them, as UltraCart documents the fields:
- when: the item's `frequency` (or `arbitrary_schedule_days` for "Every..."), or, for an item on a fixed
  multi-step program (no `frequency`), each step's interval;
- what: `arbitrary_item_id` when set ("rebilled instead of the normal schedule": it overrides every step),
  else the program's step item, else the item itself;
- how much: `arbitrary_unit_cost` for the next `arbitrary_unit_cost_remaining_orders` rebills (all of them
  when that is unset), then the item's list price less any `arbitrary_percentage_discount`;
- how many: at most ten, `remaining_repeat_count`, the auto order's `cancel_after_next_x_orders`, and none
  after `no_order_after_dts`. Paused items and auto orders that are not active have none.
"""

from datetime import datetime, timedelta
from typing import Any

from portal.sandbox.catalog import item_price, program_steps
from portal.sandbox.schedule import FUTURE_SCHEDULE_COUNT, add_step, frequency_step
from portal.sandbox.store import STORE
from portal.sandbox.wire import parse_timestamp, timestamp


def _bought_at(auto_order: dict[str, Any], item_id: str) -> float:
    """What the original order paid for an item the catalogue does not list (0 when it had no such line)."""
    original = STORE.order(str(auto_order.get("original_order_id", ""))) or {}
    for line in original.get("items", []):
        if line.get("merchant_item_id") == item_id:
            return float(line.get("cost", {}).get("value", 0.0))
    return 0.0


def _dates(item: dict[str, Any], count: int) -> list[tuple[datetime, str]]:
    """(date, scheduled item id) of the next `count` rebills; [] when the schedule cannot be worked out."""
    first = parse_timestamp(item["next_shipment_dts"])
    own_id = str(item.get("next_item_id") or item.get("original_item_id", ""))
    if item.get("frequency"):
        every = frequency_step(item["frequency"], arbitrary_days=item.get("arbitrary_schedule_days"))
        return [(add_step(first, every, index), own_id) for index in range(count)] if every else []
    steps = program_steps(item)
    if not steps:
        return []
    done = int(item.get("number_of_rebills", 0))
    found, moment = [], first
    for index in range(count):
        step = steps[min(done + index, len(steps) - 1)]
        found.append((moment, step.item_id))
        moment += timedelta(days=step.days_to_next)
    return found


def future_schedules(auto_order: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    if auto_order.get("status") != "active" or item.get("paused") or not item.get("next_shipment_dts"):
        return []
    count = FUTURE_SCHEDULE_COUNT
    for limit in (item.get("remaining_repeat_count"), auto_order.get("cancel_after_next_x_orders")):
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            count = min(count, limit)
    end = parse_timestamp(item["no_order_after_dts"]) if item.get("no_order_after_dts") else None
    special = item.get("arbitrary_unit_cost")
    special_left = item.get("arbitrary_unit_cost_remaining_orders")
    percent = float(item.get("arbitrary_percentage_discount") or 0.0)
    schedules = []
    for index, (moment, scheduled_id) in enumerate(_dates(item, count)):
        if end and moment > end:
            break
        item_id = str(item.get("arbitrary_item_id") or scheduled_id)
        if special is not None and (not isinstance(special_left, int) or index < special_left):
            unit_cost = float(special)
        else:
            unit_cost = item_price(item_id, fallback=_bought_at(auto_order, item_id)) * (1 - percent / 100)
        schedules.append(
            {
                "shipment_dts": timestamp(moment),
                "item_id": item_id,
                "unit_cost": round(unit_cost, 2),
                "rebill_count": int(item.get("number_of_rebills", 0)) + index + 1,
            }
        )
    return schedules
