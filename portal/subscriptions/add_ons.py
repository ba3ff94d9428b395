"""Add a one-time item to the next shipment: one more add_ons[] entry with next_x_orders 1, from the items the
merchant lists (Portal settings, subscription_add_on_items). The write reads the auto order with add_ons
expanded and sends them all back, so the add-ons already there are kept."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import ultracart
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions.catalog import (
    auto_order_currency,
    catalog_items,
    catalog_names,
    item_words,
    price_text,
)
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan, changed_meanwhile
from portal.ultracart import AutoOrder, CatalogItem, Precondition

MAX_QUANTITY = 5


def add_on_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    """Needs a next shipment to go with, and a list to choose from."""
    live = auto_order.is_active and not auto_order.paused and auto_order.next_shipment_at is not None
    return live and bool(config.subscription_add_on_items)


def add_on_choices(*, config: PortalSettings) -> list[CatalogItem]:
    known = catalog_items(config.subscription_add_on_items)
    return [known[item_id] for item_id in config.subscription_add_on_items if item_id in known]


def _day(auto_order: AutoOrder) -> str:
    when = auto_order.next_shipment_at
    return date_format(when, "DATE_FORMAT") if when else "—"


def add_on_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    item_id, quantity = str(data.get("item") or ""), data.get("quantity")
    if item_id not in config.subscription_add_on_items:  # the form checks; the server decides
        raise ActionRefused(_("Please choose an item from the list."))
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise ActionRefused(_("Please choose a quantity from 1 to %(max)d.") % {"max": MAX_QUANTITY})
    options = tuple(data.get("options") or ())
    shipment = auto_order.next_shipment_at.isoformat() if auto_order and auto_order.next_shipment_at else ""
    return Plan(
        item_id=item_id, quantity=quantity, options=options, reviewed=shipment,
        detail=f"item={item_id} quantity={quantity} options={len(options)}",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AddOnWords:
    item: str
    price: str


def add_on_words(*, auto_order: AutoOrder, plan: Plan) -> AddOnWords:
    item = ultracart.item_get(item_id=plan.item_id)  # cached by the choice page
    currency = item.currency or auto_order_currency(auto_order)
    total = item.price * plan.quantity if item.price is not None else None
    price = price_text(total, currency=currency)
    if plan.quantity > 1 and item.price is not None:
        price = _("%(total)s (%(count)d at %(each)s)") % {
            "total": price,
            "count": plan.quantity,
            "each": price_text(item.price, currency=currency),
        }
    return AddOnWords(item_words(item.description or item.item_id, plan.options), price)


def add_on_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    words = add_on_words(auto_order=auto_order, plan=plan)
    return [
        Change(_("One-time item"), "—", f"{words.item} \u00d7 {plan.quantity}"),
        Change(_("Price, once"), "—", words.price),
        Change(_("Ships with"), "—", _("your next shipment, %(date)s") % {"date": _day(auto_order)}),
    ]


def add_on_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """Still on the list, and the next shipment is still the one the customer saw."""
    shipment = fresh.next_shipment_at.isoformat() if fresh.next_shipment_at else ""
    if plan.item_id not in portal_settings_get().subscription_add_on_items or shipment != plan.reviewed:
        raise changed_meanwhile(fresh)


def add_on_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_add_on_add(
        auto_order_oid=auto_order_oid, item_id=plan.item_id, quantity=plan.quantity, options=plan.options,
        precondition=precondition,
    )  # fmt: skip


def add_on_done(*, done: Done) -> str:
    name = catalog_names([done.plan.item_id])[done.plan.item_id]
    return _("Added to your next shipment on %(date)s: %(item)s × %(count)d.") % {  # noqa: RUF001
        "item": item_words(name, done.plan.options),
        "count": done.plan.quantity,
        "date": _day(done.auto_order),
    }


@dataclass(frozen=True, slots=True)
class PendingAddOn:
    name: str
    quantity: int
    shipments: int | None  # how many more shipments it comes with (1: the next one only)


def pending_add_ons(auto_order: AutoOrder) -> tuple[PendingAddOn, ...]:
    """The subscription page's "Coming with your next shipment" (names from the catalogue, cached)."""
    if not auto_order.add_ons:
        return ()
    names = catalog_names(add_on.item_id for add_on in auto_order.add_ons)
    return tuple(
        PendingAddOn(item_words(names[a.item_id], a.options), a.quantity, a.next_x_orders)
        for a in auto_order.add_ons
        if a.next_x_orders is None or a.next_x_orders > 0
    )
