"""updateAutoOrder semantics: the fields sent replace the stored ones, after validation.

- `enabled: false` with `cancel_reason` or `canceled_by_user` is a cancellation (status canceled,
  canceled_dts stamped unless sent); without either it is a disable (status disabled, disabled_dts).
- `enabled: true` on a canceled or disabled auto order reactivates it.
- Item changes are matched by auto_order_item_oid; an unknown oid or item id is a 400, and so is a
  changed next_preshipment_notice_dts that is not in the future, a changed next_shipment_dts before today
  (its calendar day in its own offset: today is accepted, and goes out in UltraCart's next processing run,
  which is how "order now" works), and a pre-shipment notice that is not before a shipment still ahead (as
  UltraCart's own reschedule sample checks; a shipment already due has no notice to come before it).
- next_attempt follows the schedule: when an active auto order's item dates or pause flags change, it
  becomes the earliest next shipment of an unpaused item (none when all are paused), unless the body sets
  a new next_attempt itself.
- A merged auto order cannot be reactivated (400). The self-service fields (quantity, schedule days,
  prices, options, add-ons, cancel after N, the original order's addresses): auto_order_fields.py.
"""

from datetime import datetime
from typing import Any

from portal.sandbox.auto_order_fields import add_ons_checked, auto_order_fields_check, item_fields_check
from portal.sandbox.catalog import CATALOG
from portal.sandbox.schedule import frequency_step, next_attempt_refresh
from portal.sandbox.store import STORE
from portal.sandbox.wire import ApiError, parse_timestamp, timestamp

_READ_ONLY = {
    "auto_order_oid",
    "merchant_id",
    "original_order",
    "rebill_orders",
    "status",
    "original_order_id",
}
_ITEM_READ_ONLY = {"future_schedules", "auto_order_item_oid"}
_ITEM_DATES = ("next_shipment_dts", "next_preshipment_notice_dts", "no_order_after_dts")


def _known_item_ids() -> set[str]:
    ids = {i.get("merchant_item_id", "") for o in STORE.all_orders() for i in o.get("items", [])}
    ids |= {i.get("original_item_id", "") for a in STORE.all_auto_orders() for i in a.get("items", [])}
    return (ids | set(CATALOG)) - {""}


def _check_date(name: str, value: Any, *, now: datetime, must_be_future: bool) -> None:
    if value in (None, ""):
        return
    try:
        moment = parse_timestamp(str(value))
    except ValueError as exc:
        raise ApiError(400, f"{name} is not a valid ISO-8601 date/time: {value!r}.") from exc
    if not must_be_future:
        return
    if name == "next_shipment_dts":  # today is a date to ship on: the next processing run takes it
        if moment.date() < now.astimezone(moment.tzinfo).date():
            raise ApiError(400, f"{name} must be today or in the future.")
    elif moment <= now:
        raise ApiError(400, f"{name} must be in the future.")


def _check_notice_before_shipment(item: dict[str, Any], *, now: datetime) -> None:
    try:
        notice = parse_timestamp(str(item.get("next_preshipment_notice_dts") or ""))
        shipment = parse_timestamp(str(item.get("next_shipment_dts") or ""))
    except ValueError:
        return  # absent (or already refused above)
    if shipment > now and notice >= shipment:
        raise ApiError(400, "next_preshipment_notice_dts must be before next_shipment_dts.")


def _merge_items(current: list[dict[str, Any]], sent: Any, *, now: datetime) -> list[dict[str, Any]]:
    if not isinstance(sent, list) or not all(isinstance(item, dict) for item in sent):
        raise ApiError(400, "items must be a list of auto order items.")
    by_oid = {item.get("auto_order_item_oid"): item for item in current}
    known_ids = _known_item_ids()
    merged: list[dict[str, Any]] = []
    for change in sent:
        oid = change.get("auto_order_item_oid")
        if oid is not None and oid not in by_oid:
            raise ApiError(400, f"Unknown auto_order_item_oid {oid} on this auto order.", object_id=str(oid))
        before = by_oid.get(oid, {})
        for key in ("original_item_id", "next_item_id", "arbitrary_item_id"):
            if change.get(key) and change[key] != before.get(key) and change[key] not in known_ids:
                raise ApiError(400, f"Unknown item id {change[key]!r} in {key}.", object_id=str(change[key]))
        if oid is None and not change.get("original_item_id"):
            raise ApiError(400, "A new auto order item needs an original_item_id.")
        moved = False
        for name in _ITEM_DATES:
            changed = change.get(name) not in (None, "") and change.get(name) != before.get(name)
            _check_date(name, change.get(name), now=now, must_be_future=changed)
            moved = moved or (changed and name != "no_order_after_dts")
        if moved:
            _check_notice_before_shipment({**before, **change}, now=now)
        item_fields_check(change, before)
        frequency = change.get("frequency")
        days = change.get("arbitrary_schedule_days", before.get("arbitrary_schedule_days"))
        schedule_changed = frequency != before.get("frequency") or days != before.get(
            "arbitrary_schedule_days"
        )
        if frequency and schedule_changed and frequency_step(frequency, arbitrary_days=days) is None:
            raise ApiError(400, f"Unknown frequency {frequency!r}.")
        if "paused" in change and not isinstance(change["paused"], bool):
            raise ApiError(400, "paused must be true or false.")
        item = {**before, **{k: v for k, v in change.items() if k not in _ITEM_READ_ONLY and v is not None}}
        if oid is None:
            item["auto_order_item_oid"] = (
                max([i.get("auto_order_item_oid", 0) for i in current] + [0]) + 1 + len(merged)
            )
        merged.append(item)
    return merged


def auto_order_apply(current: dict[str, Any], body: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    if body.get("auto_order_oid") not in (None, current["auto_order_oid"]):
        raise ApiError(400, "auto_order_oid in the body does not match the path.")
    if "enabled" in body and not isinstance(body["enabled"], bool):
        raise ApiError(400, "enabled must be true or false.")
    for name in ("canceled_dts", "next_attempt"):
        _check_date(name, body.get(name), now=now, must_be_future=False)
    if body.get("enabled") is True and current.get("status") == "merged":
        into = current.get("merged_into_auto_order_oid")
        raise ApiError(400, f"This auto order was merged into auto order {into} and cannot be reactivated.")
    auto_order_fields_check(body)
    updated = dict(current)
    updated["add_ons"] = add_ons_checked(body.get("add_ons"), known_ids=_known_item_ids())
    if "items" in body:
        updated["items"] = _merge_items(current.get("items", []), body["items"], now=now)
    for key, value in body.items():
        if key in _READ_ONLY or key in ("items", "enabled", "add_ons"):
            continue
        if value is None:
            continue  # null leaves the stored value unchanged
        updated[key] = value
    was_live = current.get("status") == "active"
    if body.get("enabled") is False and was_live:
        updated.pop("enabled", None)
        if body.get("cancel_reason") or body.get("canceled_by_user"):
            updated["status"] = "canceled"
            updated["canceled_dts"] = body.get("canceled_dts") or timestamp(now)
        else:
            updated["status"] = "disabled"
            updated["disabled_dts"] = timestamp(now)
    elif body.get("enabled") is True and not was_live:
        updated["enabled"] = True
        updated["status"] = "active"
        updated["credit_card_attempt"] = 0
        for key in ("canceled_dts", "canceled_by_user", "cancel_reason", "disabled_dts", "failure_reason"):
            updated.pop(key, None)
    elif body.get("enabled") is True:
        updated["enabled"] = True
    if body.get("next_attempt") in (None, current.get("next_attempt")):  # a next_attempt sent anew is kept
        next_attempt_refresh(current, updated)
    return updated
