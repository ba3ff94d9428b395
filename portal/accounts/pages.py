"""What the account pages show, built once per request from UltraCart's answers (frozen, typed)."""

import logging
import math
from dataclasses import dataclass

from django.urls import reverse

from portal.core.errors import limit_message
from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import portal_settings_get
from portal.receipts.access import order_owned_by
from portal.receipts.state import OrderState, order_state, state_wording
from portal.receipts.timeline import order_timeline_build
from portal.subscriptions.access import auto_order_owned_by
from portal.subscriptions.payment_failures import PaymentFailure, payment_failures_detect
from portal.subscriptions.selectors import SubscriptionCard, subscription_cards
from portal.ultracart import (
    Order,
    OrderItem,
    UltraCartError,
    VisitorLimited,
    auto_order_list_for_email,
    order_list_for_email,
    order_list_pages_known,
)

logger = logging.getLogger(__name__)
# The home page shows the first rows of the history's first page: one cached answer serves both.
PAGE_SIZE = 10
HOME_ORDERS = 5
FIRST_ITEMS = 2


@dataclass(frozen=True, slots=True)
class OrderRow:
    order: Order
    status: str
    first_items: tuple[OrderItem, ...]
    more_items: int
    receipt_url: str
    invoice_url: str


@dataclass(frozen=True, slots=True)
class OrderHistory:
    rows: tuple[OrderRow, ...]
    page: int
    pages: int | None  # None when UltraCart gave no total
    previous_url: str | None
    next_url: str | None
    unavailable: bool  # UltraCart could not answer: the page says so instead of failing
    retry_after: int | None = None  # our own limit refused (not UltraCart): the page says so, and when

    @property
    def limit_notice(self) -> str:
        return limit_message(retry_after=self.retry_after) if self.retry_after else ""


@dataclass(frozen=True, slots=True)
class AccountHome:
    orders: tuple[OrderRow, ...]
    orders_unavailable: bool
    has_more_orders: bool
    retry_after: int | None  # our own limit refused a list (not UltraCart): the page says so, and when
    subscriptions: tuple[SubscriptionCard, ...]  # status in the subscription pages' words
    subscriptions_unavailable: bool
    failed_charges: tuple[PaymentFailure, ...]  # the last charge failed: the card needs fixing
    card_update_allowed: bool  # the merchant lets customers update their card (the banner's button)

    @property
    def limit_notice(self) -> str:
        return limit_message(retry_after=self.retry_after) if self.retry_after else ""


def order_status_label(order: Order) -> str:
    """The order page's badge: its state when that is not plain "confirmed", else where it has got to."""
    state = order_state(order=order)
    if state is not OrderState.CONFIRMED:
        return str(state_wording(state=state).badge)
    return next(step.label for step in order_timeline_build(order=order) if step.current)


def order_row_build(order: Order) -> OrderRow:
    items = tuple(item for item in order.items if not item.is_kit_component)
    return OrderRow(
        order=order,
        status=order_status_label(order),
        first_items=items[:FIRST_ITEMS],
        more_items=max(0, len(items) - FIRST_ITEMS),
        receipt_url=reverse("receipts:receipt", kwargs={"order_id": order.order_id}),
        invoice_url=reverse("invoices:download", kwargs={"order_id": order.order_id}),
    )


def _page_url(page: int) -> str:
    return f"{reverse('accounts:orders')}?page={page}"


def _page_within_known(*, email: str, page: int) -> int:
    """The page to show: a number past the last page is the last page, and costs UltraCart no call.

    The pages already fetched say how many there are; when none was, the first page is asked for (it is
    the one the account home shows anyway) and its answer says.
    """
    if page <= 1:
        return 1
    known = order_list_pages_known(email=email, limit=PAGE_SIZE)
    if known is None:
        order_list_for_email(email=email, limit=PAGE_SIZE, offset=0)
        known = order_list_pages_known(email=email, limit=PAGE_SIZE) or 1
    return min(page, known)


def _history_unavailable(page: int, error: UltraCartError) -> OrderHistory:
    logger.warning("order history unavailable: %s %s", error.operation, error.status)
    retry_after = error.retry_after if isinstance(error, VisitorLimited) else None
    return OrderHistory(
        rows=(),
        page=page,
        pages=None,
        previous_url=None,
        next_url=None,
        unavailable=True,
        retry_after=retry_after,
    )


def order_history_build(*, email: str, page: int) -> OrderHistory:
    try:
        page = _page_within_known(email=email, page=page)
        found = order_list_for_email(email=email, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    except UltraCartError as error:
        return _history_unavailable(page, error)
    pages = max(1, math.ceil(found.total / PAGE_SIZE)) if found.total is not None else None
    # The query asked for this email; each row is checked anyway, with the rule every order page uses.
    own = tuple(order for order in found.orders if order_owned_by(order=order, email=email))
    return OrderHistory(
        rows=tuple(order_row_build(order) for order in own),
        page=page,
        pages=pages,
        previous_url=_page_url(page - 1) if page > 1 else None,
        next_url=_page_url(page + 1) if found.more else None,
        unavailable=False,
    )


def account_home_build(*, email: str) -> AccountHome:
    """At most two UltraCart calls cold (the first page of orders, the auto orders), none warm."""
    history = order_history_build(email=email, page=1)
    retry_after = history.retry_after
    try:
        found = auto_order_list_for_email(email=email)
        subscriptions = tuple(a for a in found if auto_order_owned_by(auto_order=a, email=email))
        subscriptions_unavailable = False
    except UltraCartError as error:
        logger.warning("subscriptions unavailable: %s %s", error.operation, error.status)
        subscriptions, subscriptions_unavailable = (), True
        if isinstance(error, VisitorLimited):
            retry_after = max(retry_after or 0, error.retry_after)
    cards = tuple(subscription_cards(subscriptions))
    return AccountHome(
        orders=history.rows[:HOME_ORDERS],
        orders_unavailable=history.unavailable,
        has_more_orders=len(history.rows) > HOME_ORDERS or history.next_url is not None,
        retry_after=retry_after,
        subscriptions=cards,
        subscriptions_unavailable=subscriptions_unavailable,
        failed_charges=payment_failures_detect(auto_orders=subscriptions),
        card_update_allowed=SubscriptionAction.UPDATE_CARD in portal_settings_get().subscription_actions,
    )
