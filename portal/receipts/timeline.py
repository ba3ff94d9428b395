"""Placed → processing → shipped → delivered, from the order's stage and tracking.

Tolerant by design: an unknown or odd stage shows "placed" only and never breaks the page.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

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
_DELIVERED = re.compile(r"\bdelivered\b", re.IGNORECASE)
_NOT_DELIVERED = re.compile(r"\bnot\s+delivered\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimelineStep:
    key: str
    label: str
    done: bool
    current: bool
    at: datetime | None


def _delivered_at(order: Order) -> tuple[bool, datetime | None]:
    for shipment in order.shipments:
        for event in shipment.events:
            if _DELIVERED.search(event.description) and not _NOT_DELIVERED.search(event.description):
                return True, event.at
    return False, None


def order_timeline_build(*, order: Order) -> tuple[TimelineStep, ...]:
    delivered, delivered_at = _delivered_at(order)
    shipped = delivered or order.shipped_at is not None or bool(order.shipments)
    processing = shipped or order.stage in _PROCESSING_STAGES
    steps = [
        ("placed", _("Placed"), True, order.created_at),
        ("processing", _("Processing"), processing, order.paid_at),
        ("shipped", _("Shipped"), shipped, order.shipped_at),
        ("delivered", _("Delivered"), delivered, delivered_at),
    ]
    last_done = max(index for index, step in enumerate(steps) if step[2])
    return tuple(
        TimelineStep(
            key=key, label=str(label), done=done, current=index == last_done, at=at if done else None
        )
        for index, (key, label, done, at) in enumerate(steps)
    )
