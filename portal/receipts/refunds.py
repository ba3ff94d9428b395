"""A refund as the shopper reads it, on the order page and the invoice: when, how much, why in plain words.

One form everywhere, the one UltraCart's receipt uses: "Refunded $54.99" (the label says the money goes
back; no minus sign on one page and none on the other).
"""

from dataclasses import dataclass
from datetime import datetime

from portal.receipts.state import order_shipped
from portal.receipts.wording import reason_text
from portal.ultracart.models import Order


@dataclass(frozen=True, slots=True)
class RefundView:
    amount: str  # UltraCart's own localized string (or the page language's: core.formatting), unsigned
    refunded_at: datetime | None
    reason: str  # in the active language; "" on a redacted page or when UltraCart gave none
    is_full: bool  # the whole total went back


def refund_view(*, order: Order) -> RefundView | None:
    refunded = order.summary.refunded
    if refunded is None or refunded.is_zero:
        return None
    total = order.summary.total
    return RefundView(
        amount=refunded.formatted.lstrip("-\u2212 "),
        refunded_at=order.refunded_at,
        reason=reason_text(code=order.refund_reason, shipped=order_shipped(order=order)),
        is_full=total is None or refunded.value >= total.value,
    )
