"""The subscription note on an order page (the thank-you page, the receipt, the merchant preview): what the
subscription the order started is now, in one word the template turns into a sentence.

Where the state comes from, cheapest first:
1. the auto order we hold (our own writes keep the new state; the subscription pages keep a copy);
2. for an order older than NEW_ORDER_MINUTES on a full-access page, UltraCart's auto order (cached), because
   a pause is on the auto order's items and the order does not carry it;
3. the order's own `auto_order` pointer: active, canceled or disabled (and whether a rebill failed).
A brand-new order (the thank-you page seconds after checkout) costs no call: its subscription started with it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from portal import ultracart
from portal.subscriptions.presentation import status_words
from portal.subscriptions.resume_records import resume_pending_at
from portal.ultracart import AutoOrder, Order, UltraCartError

logger = logging.getLogger("portal.subscriptions")
NEW_ORDER_MINUTES = 15
_FROM_ORDER = {"active": "active", "canceled": "canceled", "disabled": "disabled", "merged": "merged"}


@dataclass(frozen=True, slots=True)
class SubscriptionNote:
    state: str  # active, paused, paused_until, canceled, failed_charge, disabled, unknown
    resume_at: datetime | None = None


def _pending_resume(auto_order_oid: int) -> datetime | None:
    return resume_pending_at(auto_order_oids=[auto_order_oid]).get(auto_order_oid)


def _known_auto_order(order: Order, *, may_ask: bool) -> AutoOrder | None:
    assert order.auto_order_oid is not None
    held = ultracart.auto_order_cached(auto_order_oid=order.auto_order_oid)
    if held is not None or not may_ask:
        return held
    placed = order.created_at
    if placed is not None and timezone.now() - placed < timedelta(minutes=NEW_ORDER_MINUTES):
        return None
    try:
        return ultracart.auto_order_get(auto_order_oid=order.auto_order_oid)
    except UltraCartError as error:  # the order's own pointer still says active, canceled or disabled
        logger.warning("subscription note from the order only: %s %s", error.operation, error.status)
        return None


def subscription_note(*, order: Order, full_access: bool) -> SubscriptionNote | None:
    """None when the order started no subscription. `full_access`: the page may ask UltraCart for it."""
    if not order.auto_order_oid:
        return None
    auto_order = _known_auto_order(order, may_ask=full_access)
    if auto_order is not None and auto_order.auto_order_oid == order.auto_order_oid:
        resume_at = _pending_resume(auto_order.auto_order_oid) if auto_order.paused else None
        words = status_words(auto_order, resume_at=resume_at)
        return SubscriptionNote(words.key, resume_at)
    state = _FROM_ORDER.get(order.auto_order_status, "unknown" if order.auto_order_status else "active")
    if state == "disabled" and order.auto_order_failed:
        state = "failed_charge"
    # No database read here: a warm order page asks nothing but the cache (tests/test_request_costs.py). A
    # pause made through the portal is known from the auto order our write cached, or from getAutoOrder.
    return SubscriptionNote(state)
