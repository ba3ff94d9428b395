"""Demo auto orders 5001 to 5004 (active, paused, canceled, disabled after a failed rebill)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from portal.sandbox.shapes import MERCHANT_ID
from portal.sandbox.wire import parse_timestamp, timestamp


def _midnight(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _item(oid: int, original: dict[str, Any], rebills: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    first_item = original["items"][0]
    unit = float(first_item["cost"]["value"])
    last = rebills[-1] if rebills else original
    record = {
        "auto_order_item_oid": oid,
        "original_item_id": first_item["merchant_item_id"],
        "next_item_id": first_item["merchant_item_id"],
        "original_quantity": float(first_item["quantity"]),
        "arbitrary_quantity": float(first_item["quantity"]),
        "arbitrary_unit_cost": unit,
        "life_time_value": round(unit * (1 + len(rebills)), 2),
        "rebill_value": round(unit * len(rebills), 2),
        "number_of_rebills": len(rebills),
        "first_order_dts": original["creation_dts"],
        "last_order_dts": last["creation_dts"],
        "preshipment_notice_sent": False,
        "paused": False,
    }
    if first_item.get("options"):
        record["options"] = [{"label": o["label"], "value": o["value"]} for o in first_item["options"]]
    record.update(fields)
    return record


def _code(oid: int) -> str:
    return f"SBX{oid}{'KQ7MZ'[oid % 5]}{'PRTW9'[oid % 3]}"


def demo_order(orders: dict[str, dict[str, Any]], n: int) -> dict[str, Any]:
    """The n-th demo order (DEMO-0009100001 is 1)."""
    return orders[f"DEMO-{9100000 + n:010d}"]


def auto_order_base(oid: int, original: dict[str, Any]) -> dict[str, Any]:
    """What every demo auto order starts from: its ids, its code and its original order."""
    return {
        "auto_order_oid": oid,
        "merchant_id": MERCHANT_ID,
        "original_order_id": original["order_id"],
        "auto_order_code": _code(oid),
        "credit_card_attempt": 0,
    }


def build_auto_orders(orders: dict[str, dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    def order(n: int) -> dict[str, Any]:
        return demo_order(orders, n)

    base = auto_order_base

    active_next = _midnight(parse_timestamp(order(12)["creation_dts"]) + timedelta(days=30))
    paused_next = _midnight(now + timedelta(days=5))
    canceled_next = _midnight(now - timedelta(days=1))
    failed_next = _midnight(now - timedelta(days=15))
    return [
        {
            **base(5001, order(12)),
            "enabled": True,
            "next_attempt": timestamp(active_next),
            "items": [
                _item(
                    50011,
                    order(12),
                    [],
                    frequency="Monthly",
                    next_shipment_dts=timestamp(active_next),
                    next_preshipment_notice_dts=timestamp(active_next - timedelta(days=3)),
                )
            ],
            "status": "active",
        },
        {
            **base(5002, order(1)),
            "enabled": True,  # every item paused: no next_attempt, as UltraCart has none to make
            "items": [
                _item(
                    50021,
                    order(1),
                    [order(4)],
                    frequency="Every 2 Months",
                    paused=True,
                    next_shipment_dts=timestamp(paused_next),
                )
            ],
            "status": "active",
        },
        {
            **base(5003, order(2)),
            "items": [
                _item(
                    50031,
                    order(2),
                    [order(5)],
                    frequency="Every 3 Months",
                    next_shipment_dts=timestamp(canceled_next),
                )
            ],
            "canceled_by_user": "customer",
            "canceled_dts": timestamp(now - timedelta(days=40)),
            "cancel_reason": "Too much product",
            "status": "canceled",
        },
        {
            **base(5004, order(3)),
            "credit_card_attempt": 3,
            "next_attempt": timestamp(_midnight(now + timedelta(days=2))),
            "items": [
                _item(
                    50041, order(3), [order(6)], frequency="Monthly", next_shipment_dts=timestamp(failed_next)
                )
            ],
            "failure_reason": (
                f"{(now - timedelta(days=12)).strftime('%m/%d/%Y %H:%M:%S')} - Credit card declined. "
                "Gateway Response:\n\nfailure_message => Your card was declined.; code: card_declined\n"
                "rotatingTransactionGatewayCode => STRIPE\n"
            ),
            "disabled_dts": timestamp(now - timedelta(days=12)),
            "status": "disabled",
        },
    ]
