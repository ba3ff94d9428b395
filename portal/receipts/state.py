"""The one state a shopper reads from an order: confirmed, shipped, delivered, refunded, partly refunded,
canceled, pre-ordered, on hold, or being updated (a stage we do not know).

Decided once, here, from the order; the headline, the badge and the end of the timeline all follow from it,
so a refunded order can never wear a green "Order confirmed" badge again, nor a delivered one.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext as _

from portal.ultracart import Order, OrderStage


class OrderState(StrEnum):
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially-refunded"
    CANCELED = "canceled"
    PRE_ORDERED = "pre-ordered"
    ON_HOLD = "on-hold"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class StateWording:
    state: OrderState
    badge: str
    badge_class: str  # a portal.css badge modifier: ok, warn, muted
    headline: str  # "" for a confirmed order: its page greets the shopper instead
    lead: str
    timeline_end: str  # the label of the timeline's last step when the state ends the usual journey, or ""


_DELIVERED = re.compile(r"\bdelivered\b", re.IGNORECASE)
_NOT_DELIVERED = re.compile(r"\bnot\s+delivered\b", re.IGNORECASE)


def order_delivery(*, order: Order) -> tuple[bool, datetime | None]:
    """Whether a parcel of the order was delivered, and when: UltraCart's date, else a carrier event."""
    for shipment in order.shipments:
        if shipment.delivered_at is not None:
            return True, shipment.delivered_at
    for shipment in order.shipments:
        for event in shipment.events:
            if _DELIVERED.search(event.description) and not _NOT_DELIVERED.search(event.description):
                return True, event.at
    return False, None


def order_shipped(*, order: Order) -> bool:
    return order.shipped_at is not None or bool(order.shipments) or order_delivery(order=order)[0]


def order_state(*, order: Order) -> OrderState:
    refunded = order.summary.refunded
    total = order.summary.total
    if refunded is not None and not refunded.is_zero:
        if total is not None and refunded.value < total.value:
            return OrderState.PARTIALLY_REFUNDED
        return OrderState.REFUNDED
    if order.is_refunded:
        return OrderState.REFUNDED
    if order.stage is OrderStage.REJECTED:
        return OrderState.CANCELED
    if order.stage is OrderStage.PRE_ORDERED:
        return OrderState.PRE_ORDERED
    if order.stage is OrderStage.HOLD:
        return OrderState.ON_HOLD
    if order.stage in (OrderStage.UNKNOWN, OrderStage.QUOTE_REQUEST, OrderStage.QUOTE_SENT):
        return OrderState.UNKNOWN  # a quote is not a confirmed order either: the neutral wording fits
    if order_delivery(order=order)[0]:
        return OrderState.DELIVERED
    if order_shipped(order=order):
        return OrderState.SHIPPED
    return OrderState.CONFIRMED


def state_wording(*, state: OrderState) -> StateWording:
    """The words for a state, in the active language."""
    match state:
        case OrderState.REFUNDED:
            return StateWording(
                state,
                _("Refunded"),
                "warn",
                _("Your order was refunded"),
                _("The full amount is on its way back to you."),
                _("Refunded"),
            )
        case OrderState.PARTIALLY_REFUNDED:
            return StateWording(
                state,
                _("Partly refunded"),
                "warn",
                _("Part of your order was refunded"),
                _("The rest of your order stands as placed."),
                _("Partly refunded"),
            )
        case OrderState.CANCELED:
            return StateWording(
                state,
                _("Canceled"),
                "muted",
                _("Your order was canceled"),
                _("Nothing will be shipped. If you were charged, the amount will be returned to you."),
                _("Canceled"),
            )
        case OrderState.PRE_ORDERED:
            return StateWording(
                state,
                _("Pre-ordered"),
                "ok",
                _("Your pre-order is confirmed"),
                _("We'll ship it as soon as it is available and email you when it leaves."),
                "",
            )
        case OrderState.ON_HOLD:
            return StateWording(
                state,
                _("On hold"),
                "warn",
                _("Your order is on hold"),
                _("We're checking a detail before we can go on. We'll contact you if we need anything."),
                "",
            )
        case OrderState.UNKNOWN:
            return StateWording(
                state,
                _("Order received"),
                "muted",
                _("Your order was received"),
                _("Its status is being updated. We'll email you when it changes."),
                "",
            )
        case OrderState.DELIVERED:  # the page greets the shopper as for a confirmed order
            return StateWording(state, _("Delivered"), "ok", "", "", "")
        case OrderState.SHIPPED:
            return StateWording(state, _("Shipped"), "ok", "", "", "")
    return StateWording(state, _("Order confirmed"), "ok", "", "", "")
