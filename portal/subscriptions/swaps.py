"""Swap the product: the merchant's swap list for the item (Portal settings, ItemRule.swaps), written as the
item's arbitrary_item_id with its options. UltraCart's arbitrary_item_id overrides every step of a
multi-step program, so a swap is offered on simple schedules only; the fresh read checks it again."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal import ultracart
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions.catalog import (
    auto_order_currency,
    catalog_items,
    catalog_names,
    item_price_now,
    item_words,
    limited_price_running,
    price_for_shipments_words,
    price_text,
)
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan, changed_meanwhile
from portal.ultracart import AutoOrder, AutoOrderItem, CatalogItem, Precondition


def item_now(item: AutoOrderItem) -> str:
    """The item that ships now: a swap's, else the schedule's."""
    return item.arbitrary_item_id or item.item_id


def swap_targets(item: AutoOrderItem, *, config: PortalSettings) -> tuple[str, ...]:
    """What the item may be swapped to: the rules of the item shipping now and of the schedule's item (so a
    swap can be swapped back), never the item itself. None on a multi-step program."""
    if item.is_multi_step or item.auto_order_item_oid is None:
        return ()
    current = item_now(item)
    listed = (*config.item_rule(current).swaps, *config.item_rule(item.item_id).swaps)
    return tuple(target for target in dict.fromkeys(listed) if target != current)


def swap_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    live = auto_order.is_active and not auto_order.paused
    return live and any(swap_targets(item, config=config) for item in auto_order.items)


@dataclass(frozen=True, slots=True)
class SwapChoice:
    item: AutoOrderItem
    target: CatalogItem

    @property
    def value(self) -> str:
        return f"{self.item.auto_order_item_oid}:{self.target.item_id}"


def swap_choices(auto_order: AutoOrder, *, config: PortalSettings) -> list[SwapChoice]:
    """Every (item, target) the customer may choose, targets as UltraCart's catalogue has them."""
    wanted = [(item, swap_targets(item, config=config)) for item in auto_order.items]
    known = catalog_items(target for _item, targets in wanted for target in targets)
    return [SwapChoice(item, known[t]) for item, targets in wanted for t in targets if t in known]


def _chosen(auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> AutoOrderItem:
    """The item the posted choice names, if its swap list holds the posted target (the server decides)."""
    item = next(
        (i for i in auto_order.items if i.auto_order_item_oid == data.get("item_oid")), None
    ) if auto_order is not None else None  # fmt: skip
    if item is None or data.get("item_id") not in swap_targets(item, config=config):
        raise ActionRefused(_("Please choose a product from the list."))
    return item


def swap_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    item = _chosen(auto_order, data, config)
    options = tuple(data.get("options") or ())
    detail = f"item={item_now(item)} to={data['item_id']} options={len(options)}"
    return Plan(
        item_oid=item.auto_order_item_oid, item_id=str(data["item_id"]), options=options,
        reviewed=item_now(item), detail=detail,
    )  # fmt: skip


def _price_after_swap(item: AutoOrderItem, target: CatalogItem, *, currency: str) -> str:
    """What UltraCart will charge for the new item: a special price on the auto order item stays on it (for
    its remaining rebills, or with no end), else the new item's own price."""
    special, left = item.arbitrary_unit_cost, item.arbitrary_unit_cost_remaining_orders
    if special is None or left == 0:
        return price_text(target.price, currency=currency)
    if limited_price_running(item) and left:
        return price_for_shipments_words(
            special=special, shipments=left, then=target.price, currency=currency
        )
    return price_text(special, currency=currency)


def swap_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    item = next(i for i in auto_order.items if i.auto_order_item_oid == plan.item_oid)
    target = ultracart.item_get(item_id=plan.item_id)  # cached by the choice page
    currency = target.currency or auto_order_currency(auto_order)
    now_name = (
        item.description if not item.arbitrary_item_id else catalog_names([item_now(item)])[item_now(item)]
    )
    after_price = _price_after_swap(item, target, currency=currency)
    changes = [
        Change(_("Product"), item_words(now_name or item.item_id, item.options),
               item_words(target.description or target.item_id, plan.options)),
        Change(_("Price"), price_text(item_price_now(item), currency=currency), after_price),
    ]  # fmt: skip
    if auto_order.next_shipment_at is not None:
        changes.append(Change(_("Starting with"), "—", _("your next shipment")))
    return changes


def swap_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """Still the item the customer reviewed, on a simple schedule, and the target still on its list."""
    item = next((i for i in fresh.items if i.auto_order_item_oid == plan.item_oid), None)
    config = portal_settings_get()
    if (
        item is None
        or item_now(item) != plan.reviewed
        or plan.item_id not in swap_targets(item, config=config)
    ):
        raise changed_meanwhile(fresh)


def swap_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    assert plan.item_oid is not None
    return ultracart.auto_order_item_swap(
        auto_order_oid=auto_order_oid, auto_order_item_oid=plan.item_oid, item_id=plan.item_id,
        options=plan.options, precondition=precondition,
    )  # fmt: skip


def swap_done(*, done: Done) -> str:
    name = catalog_names([done.plan.item_id])[done.plan.item_id]
    return _("Swapped. From your next shipment you'll receive %(product)s.") % {
        "product": item_words(name, done.plan.options)
    }
