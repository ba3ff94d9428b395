"""Demo auto orders 5005 to 5007: what the newer subscription actions and their refusals need to be seen.

- 5005 (Seán): a fixed multi-step program (no `frequency`): medium roast next, then dark roast every month.
- 5006 (María): merged into her 5003 long ago; UltraCart refuses to reactivate a merged auto order.
- 5007 (María): active, the last charge declined (credit_card_attempt 1, failure_reason, next_attempt in two
  days): the rebill that failed yesterday is retried then.
"""

from datetime import datetime, timedelta
from typing import Any

from portal.sandbox.auto_order_data import _item, _midnight, auto_order_base, demo_order
from portal.sandbox.wire import timestamp


def build_more_auto_orders(orders: dict[str, dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    def order(n: int) -> dict[str, Any]:
        return demo_order(orders, n)

    base = auto_order_base

    program_next = _midnight(now + timedelta(days=5))
    program_item = _item(
        50051,
        order(13),
        [],
        next_item_id="TASTING-MEDIUM",
        next_shipment_dts=timestamp(program_next),
        next_preshipment_notice_dts=timestamp(program_next - timedelta(days=3)),
    )
    del program_item["arbitrary_unit_cost"]  # each step is priced as the catalogue prices its item
    declined_at = now - timedelta(days=1)
    return [
        {
            **base(5005, order(13)),
            "enabled": True,
            "next_attempt": timestamp(program_next),
            "items": [program_item],
            "status": "active",
        },
        {
            **base(5006, order(14)),
            "items": [
                _item(
                    50061,
                    order(14),
                    [],
                    frequency="Monthly",
                    next_shipment_dts=timestamp(_midnight(now - timedelta(days=200))),
                )
            ],
            "merged_dts": timestamp(now - timedelta(days=200)),
            "merged_into_auto_order_oid": 5003,
            "status": "merged",
        },
        {
            **base(5007, order(15)),
            "enabled": True,
            "credit_card_attempt": 1,
            "next_attempt": timestamp(_midnight(now + timedelta(days=2))),
            "items": [
                _item(
                    50071,
                    order(15),
                    [],
                    frequency="Every 4 Weeks",
                    next_shipment_dts=timestamp(_midnight(declined_at)),
                )
            ],
            "failure_reason": (
                f"{declined_at.strftime('%m/%d/%Y %H:%M:%S')} - Credit card declined. Gateway Response:\n\n"
                "failure_message => Your card has insufficient funds.; code: card_declined; "
                "decline_code: insufficient_funds\nrotatingTransactionGatewayCode => STRIPE\n"
            ),
            "status": "active",
        },
    ]
