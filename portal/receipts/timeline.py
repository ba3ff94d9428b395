"""Placed → processing → shipped → delivered, from the order's stage and tracking, ending where the order's
state ends it: a refunded or canceled order's timeline stops at "Refunded" / "Canceled", a partly refunded
one adds that step, a pre-order or an order on hold says so in place of "Processing".

Tolerant by design: an unknown or odd stage shows "placed" only and never breaks the page.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from portal.receipts.state import OrderState, order_delivery, order_shipped, order_state, state_wording
from portal.ultracart import Order, OrderStage

# Stages in which the merchant holds a paid (or payable) order and is working on it.
_PROCESSING_STAGES = frozenset(
    {
        OrderStage.ACCOUNTS_RECEIVABLE,
        OrderStage.PENDING_CLEARANCE,
        OrderStage.FRAUD_REVIEW,
        OrderStage.SHIPPING_DEPARTMENT,
        OrderStage.COMPLETED_ORDER,
        OrderStage.LEAST_COST_ROUTING,
        OrderStage.PRE_ORDERED,
        OrderStage.ADVANCED_ORDER_ROUTING,
        OrderStage.HOLD,
    }
)


@dataclass(frozen=True, slots=True)
class TimelineStep:
    key: str
    label: str
    done: bool
    current: bool
    at: datetime | None


def order_timeline_build(*, order: Order) -> tuple[TimelineStep, ...]:
    state = order_state(order=order)
    wording = state_wording(state=state)
    delivered, delivered_at = order_delivery(order=order)
    shipped = order_shipped(order=order)
    processing = shipped or order.stage in _PROCESSING_STAGES
    processing_label: str = str(_("Processing"))
    if state in (OrderState.PRE_ORDERED, OrderState.ON_HOLD) and not shipped:
        processing_label = wording.badge
    steps: list[tuple[str, str, bool, datetime | None]] = [
        ("placed", str(_("Placed")), True, order.created_at),
        ("processing", processing_label, processing, order.paid_at),
        ("shipped", str(_("Shipped")), shipped, order.shipped_at),
        ("delivered", str(_("Delivered")), delivered, delivered_at),
    ]
    if state in (OrderState.REFUNDED, OrderState.CANCELED):
        # The journey ended here: the steps it never reached are not promised any more.
        steps = [step for step in steps if step[2]]
    if wording.timeline_end:
        steps.append(("end", wording.timeline_end, True, order.refunded_at))
    last_done = max(index for index, step in enumerate(steps) if step[2])
    if state is OrderState.PARTIALLY_REFUNDED:  # the order itself goes on: its progress stays current
        last_done = max(index for index, step in enumerate(steps[:-1]) if step[2])
    return tuple(
        TimelineStep(
            key=key, label=str(label), done=done, current=index == last_done, at=at if done else None
        )
        for index, (key, label, done, at) in enumerate(steps)
    )
