"""A refund as the shopper reads it, on the order page and the invoice: when, how much (as a negative
amount: money going back), and why in plain words."""

from dataclasses import dataclass
from datetime import datetime

from portal.receipts.wording import reason_text
from portal.ultracart.models import Order

MINUS = "\u2212"  # a real minus sign: a hyphen reads as a dash and screen readers skip it


@dataclass(frozen=True, slots=True)
class RefundView:
    amount: str  # minus sign + UltraCart's own localized string, with the sign that says it goes back
    refunded_at: datetime | None
    reason: str  # in the active language; "" on a redacted page or when UltraCart gave none
    is_full: bool  # the whole total went back


def negative_amount(*, formatted: str) -> str:
    return formatted if formatted.lstrip().startswith(("-", MINUS)) else f"{MINUS}{formatted}"


def refund_view(*, order: Order) -> RefundView | None:
    refunded = order.summary.refunded
    if refunded is None or refunded.is_zero:
        return None
    total = order.summary.total
    return RefundView(
        amount=negative_amount(formatted=refunded.formatted),
        refunded_at=order.refunded_at,
        reason=reason_text(code=order.refund_reason),
        is_full=total is None or refunded.value >= total.value,
    )
