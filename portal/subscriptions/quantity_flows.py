"""Change how many of one item each shipment brings: its steps (plan, review, check, write, message).

UltraCart writes: items[].arbitrary_quantity (a float in UltraCart; a whole number within the merchant's
bounds here). The review shows the new price per shipment as an estimate: the item's unit cost for its next
shipment times the quantity, before tax and shipping, in the order's currency and the page's language.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import ultracart
from portal.core.formatting import amount_text
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Done, Plan, changed_meanwhile
from portal.subscriptions.item_choices import ItemChange, item_find, quantity_bounds
from portal.ultracart import AutoOrder, AutoOrderItem, Precondition

Data = dict[str, Any]


def unit_cost(item: AutoOrderItem) -> Decimal | None:
    """What one unit of the item costs on its next shipment: UltraCart's schedule, else the item's price."""
    priced = [s for s in item.future_schedules if s.unit_cost is not None]
    return min(priced, key=lambda s: s.shipment_at).unit_cost if priced else item.unit_price


def shipment_estimate(auto_order: AutoOrder, item: AutoOrderItem, quantity: int | Decimal) -> str:
    """ "$55.50" / "55,50 US$": unit cost times quantity; "" when UltraCart told us no price or currency."""
    cost = unit_cost(item)
    if cost is None or not auto_order.currency_code:
        return ""
    language = (get_language() or "en").split("-")[0]
    return amount_text(value=cost * Decimal(quantity), currency=auto_order.currency_code, language=language)


def _quantity(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}"


def quantity_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    item = item_find(auto_order, data.get("item"))
    bounds = quantity_bounds(item, config) if item is not None else None
    quantity = data.get("quantity")
    if item is None or bounds is None or item.auto_order_item_oid is None:
        raise ActionRefused(_("That item can't be changed here. Please go back to your subscription."))
    low, high = bounds
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not low <= quantity <= high:
        message = _("Please enter a whole number from %(low)d to %(high)d.")
        raise ActionRefused(message % {"low": low, "high": high})
    if item.quantity == quantity:
        raise ActionRefused(_("That's the quantity you get now. Please choose another."))
    change = ItemChange(item.auto_order_item_oid, quantity=quantity)
    return Plan(item=change, detail=f"item={change.auto_order_item_oid} quantity={quantity}")


def quantity_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    change = plan.item
    item = item_find(auto_order, change.auto_order_item_oid if change else None)
    assert change is not None and change.quantity is not None and item is not None  # quantity_plan does
    label = _("Quantity per shipment")
    if len(auto_order.items) > 1:
        label = _("%(what)s: %(item)s") % {"what": label, "item": item.description or item.item_id}
    rows = [Change(label, _quantity(item.quantity), _quantity(change.quantity))]
    before, after = (shipment_estimate(auto_order, item, q) for q in (item.quantity, change.quantity))
    if after:
        rows.append(Change(_("Estimated price per shipment, before tax and shipping"), before, after))
    return rows


def quantity_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """On the fresh read: the item is still there and its bounds still hold the new quantity."""
    change = plan.item
    item = item_find(fresh, change.auto_order_item_oid if change else None)
    bounds = quantity_bounds(item, portal_settings_get()) if item is not None else None
    if (
        change is None
        or change.quantity is None
        or bounds is None
        or not (bounds[0] <= change.quantity <= bounds[1])
    ):
        raise changed_meanwhile(fresh)


def quantity_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    change = plan.item
    assert change is not None and change.quantity is not None
    return ultracart.auto_order_quantity_change(
        auto_order_oid=auto_order_oid, auto_order_item_oid=change.auto_order_item_oid,
        quantity=change.quantity, precondition=precondition,
    )  # fmt: skip


def quantity_done(*, done: Done) -> str:
    assert done.plan.item is not None and done.plan.item.quantity is not None
    return _("Done. You now get %(quantity)d per shipment.") % {"quantity": done.plan.item.quantity}
