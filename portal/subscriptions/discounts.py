"""The discount save offer: the merchant's percent off the item's price for the next N shipments, then back.

It writes items[].arbitrary_unit_cost with arbitrary_unit_cost_remaining_orders (UltraCart reverts by
itself after N rebills), never arbitrary_percentage_discount, which has no end. It is a save offer only:
its page needs the cancel reason whose offers include it (the `offer` the cancel page links with), it is
not offered while a special price still runs (no stacking), nor on a multi-step program, whose steps are
priced apart.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import ultracart
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions.catalog import (
    auto_order_currency,
    item_price_now,
    limited_price_running,
    list_price,
    price_for_shipments_words,
    price_text,
)
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan, changed_meanwhile
from portal.ultracart import AutoOrder, AutoOrderItem, Precondition

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class DiscountTerms:
    item: AutoOrderItem
    price: Decimal  # the price now, which comes back after the discount
    discounted: Decimal
    orders: int
    percent: int
    currency: str


def _eligible(item: AutoOrderItem) -> bool:
    price = item_price_now(item)
    return not (item.is_multi_step or item.paused or limited_price_running(item)) and bool(
        price and price > 0
    )


def discount_terms(auto_order: AutoOrder | None, *, config: PortalSettings) -> DiscountTerms | None:
    """The discount this subscription would get now, on its first item on a simple schedule with no discount
    running; None when there is none to offer. After the N shipments UltraCart charges the item's list price,
    so an item kept at another price with no end (a price the customer locked in) gets no offer: taking it
    would raise their price later. One catalogue read (cached) for that list price."""
    if auto_order is None:
        return None
    for item in auto_order.items:
        price = item_price_now(item)
        if not _eligible(item) or price is None:
            continue
        back_to = list_price(item.item_id) if item.arbitrary_unit_cost is not None else price
        if back_to != price:
            continue
        percent = config.subscription_discount_percent
        discounted = (price * (100 - percent) / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
        orders, currency = config.subscription_discount_orders, auto_order_currency(auto_order)
        return DiscountTerms(item, price, discounted, orders, percent, currency)
    return None


def discount_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    """Without calls (every subscription page asks): the terms themselves may still find none."""
    live = auto_order.is_active and not auto_order.paused
    return live and any(_eligible(item) for item in auto_order.items)


def discount_offer_words(terms: DiscountTerms) -> str:
    """What the cancel page's offer says: "Take 20% off your next 2 shipments"."""
    return ngettext(
        "Take %(percent)d%% off for %(count)d shipment",
        "Take %(percent)d%% off your next %(count)d shipments",
        terms.orders,
    ) % {"percent": terms.percent, "count": terms.orders}


def discount_price_words(terms: DiscountTerms) -> str:
    return price_for_shipments_words(
        special=terms.discounted, shipments=terms.orders, then=terms.price, currency=terms.currency
    )


def _reviewed(terms: DiscountTerms) -> str:
    return f"{terms.item.auto_order_item_oid}:{terms.price}"


def discount_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    if not data.get("offer"):  # only as the answer to a cancel reason (views check the offer is real)
        raise ActionRefused(_("This offer is made when you cancel. Open “Cancel subscription” to see it."))
    terms = discount_terms(auto_order, config=config)
    if terms is None:
        raise ActionRefused(_("That change isn't available for this subscription right now."))
    detail = (
        f"item={terms.item.item_id} unit_cost={terms.discounted} orders={terms.orders} "
        f"was={terms.price} percent={terms.percent}"
    )
    return Plan(
        item_oid=terms.item.auto_order_item_oid, unit_cost=terms.discounted, orders=terms.orders,
        reviewed=_reviewed(terms), detail=detail,
    )  # fmt: skip


def discount_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    terms = discount_terms(auto_order, config=config)
    assert terms is not None  # discount_plan made sure
    return [Change(_("Price"), price_text(terms.price, currency=terms.currency), discount_price_words(terms))]


def discount_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """The price the customer saw is still the price (no other discount landed meanwhile)."""
    terms = discount_terms(fresh, config=portal_settings_get())
    if terms is None or _reviewed(terms) != plan.reviewed:
        raise changed_meanwhile(fresh)


def discount_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    assert plan.item_oid is not None and plan.unit_cost is not None
    return ultracart.auto_order_discount_set(
        auto_order_oid=auto_order_oid, auto_order_item_oid=plan.item_oid, unit_cost=plan.unit_cost,
        orders=plan.orders, precondition=precondition,
    )  # fmt: skip


def discount_done(*, done: Done) -> str:
    price = price_text(done.plan.unit_cost, currency=auto_order_currency(done.auto_order))
    return ngettext(
        "Thank you for staying. %(count)d shipment at %(price)s; then the price is back to normal.",
        "Thank you for staying. Your next %(count)d shipments are %(price)s each; then the price is back "
        "to normal.",
        done.plan.orders,
    ) % {"price": price, "count": done.plan.orders}
