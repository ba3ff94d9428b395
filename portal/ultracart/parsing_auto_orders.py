"""Auto order JSON -> models, with the same tolerance as parsing.py (auto order money is plain numbers)."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from portal.ultracart.models import AutoOrder, AutoOrderItem, AutoOrderStatus, CardOnFile
from portal.ultracart.parsing import _address, _card_last4, _datetime, _decimal, _dict, _int, _list, _str
from portal.ultracart.parsing_auto_order_fields import auto_order_fields, item_fields

_STATUSES = {status.value: status for status in AutoOrderStatus}
# AutoOrderItem.frequency, in the spec's order ("Every..." is every `arbitrary_schedule_days` days).
FREQUENCIES = (
    "Weekly", "Biweekly", "Every...", "Every 10 Days", "Every 24 Days", "Every 28 Days", "Monthly",
    "Every 45 Days", "Every 2 Months", "Every 3 Months", "Every 4 Months", "Every 5 Months", "Every 6 Months",
    "Yearly", "Every 4 Weeks", "Every 6 Weeks", "Every 8 Weeks",
)  # fmt: skip
_FREQUENCIES = frozenset(FREQUENCIES)


def _frequency(label: str) -> str:
    if not label:
        return ""
    if label not in _FREQUENCIES:
        return "unknown"
    return label.lower().replace("...", "").strip().replace(" ", "_")


def _auto_order_item(data: Mapping[str, Any], descriptions: Mapping[str, str]) -> AutoOrderItem:
    item_id = _str(data.get("original_item_id"))
    frequency_label = _str(data.get("frequency")) or _str(_dict(data.get("simple_schedule")).get("frequency"))
    schedules = [_dict(schedule) for schedule in _list(data.get("future_schedules"))]
    unit_price = _decimal(data.get("arbitrary_unit_cost"))
    if unit_price is None and schedules:
        unit_price = _decimal(schedules[0].get("unit_cost"))
    quantity = _decimal(data.get("arbitrary_quantity")) or _decimal(data.get("original_quantity"))
    return AutoOrderItem(
        auto_order_item_oid=_int(data.get("auto_order_item_oid")),
        item_id=item_id,
        description=descriptions.get(item_id, ""),
        quantity=quantity or Decimal(1),  # absent means the original single unit
        frequency=_frequency(frequency_label),
        frequency_label=frequency_label,
        next_shipment_at=_datetime(data.get("next_shipment_dts"))
        or _datetime(data.get("calculated_next_shipment_dts")),
        paused=data.get("paused") is True,
        unit_price=unit_price,
        future_shipments=tuple(
            when for when in (_datetime(s.get("shipment_dts")) for s in schedules) if when is not None
        ),
        next_item_id=_str(data.get("next_item_id")),
        **item_fields(data),
    )


def _card_on_file(original: Mapping[str, Any]) -> CardOnFile | None:
    """The original order's card: rebills charge it, and UltraCart's update-billing page replaces it."""
    card = _dict(_dict(original.get("payment")).get("credit_card"))
    if not card:
        return None
    month, year = _int(card.get("card_expiration_month")), _int(card.get("card_expiration_year"))
    return CardOnFile(
        card_type=_str(card.get("card_type")),
        last4=_card_last4(card),
        expiration_month=month if month is not None and 1 <= month <= 12 else None,
        expiration_year=year if year is not None and 2000 <= year <= 2200 else None,
    )


def auto_order_from_json(raw: Any) -> AutoOrder:
    data = _dict(raw)
    original = _dict(data.get("original_order"))
    descriptions = {
        _str(item.get("merchant_item_id")): _str(item.get("description"))
        for item in map(_dict, _list(original.get("items")))
    }
    items = tuple(
        _auto_order_item(item, descriptions) for item in map(_dict, _list(data.get("items"))) if item
    )
    status_label = _str(data.get("status"))
    status = _STATUSES.get(status_label.strip().lower(), AutoOrderStatus.UNKNOWN)
    enabled = data.get("enabled")
    next_shipments = [item.next_shipment_at for item in items if item.next_shipment_at]
    cancel_reason = _str(data.get("cancel_reason"))
    if cancel_reason.startswith("--"):
        cancel_reason = ""  # a cut-off placeholder of UltraCart's form ("-- You must choose a"), not a reason
    return AutoOrder(
        auto_order_oid=_int(data.get("auto_order_oid")) or 0,
        auto_order_code=_str(data.get("auto_order_code")),
        status=status,
        status_label=status_label,
        # `enabled` is omitted on disabled and canceled auto orders.
        enabled=enabled if isinstance(enabled, bool) else status == AutoOrderStatus.ACTIVE,
        original_order_id=_str(data.get("original_order_id")) or _str(original.get("order_id")),
        email=_str(_dict(original.get("billing")).get("email")),
        items=items,
        next_shipment_at=min(next_shipments) if next_shipments else None,
        paused=bool(items) and all(item.paused for item in items),
        canceled_at=_datetime(data.get("canceled_dts")),
        cancel_reason=cancel_reason,
        canceled_by_user=_str(data.get("canceled_by_user")),
        disabled_at=_datetime(data.get("disabled_dts")),
        failure_reason=_str(data.get("failure_reason")),
        rebill_order_ids=tuple(
            order_id
            for order_id in (_str(_dict(o).get("order_id")) for o in _list(data.get("rebill_orders")))
            if order_id
        ),
        next_attempt_at=_datetime(data.get("next_attempt")),
        created_at=_datetime(original.get("creation_dts")),
        card=_card_on_file(original),
        shipping=_address(original.get("shipping")),
        currency_code=_str(original.get("currency_code")).upper(),
        **auto_order_fields(data),
    )
