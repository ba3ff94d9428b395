"""The one table of subscription actions: one entry per SubscriptionAction (portal/merchant/actions.py).

An entry says which page offers it (and, on a page with two actions, which form data means it), when its
state allows it, its plan, review, check on the fresh read, write, what follows, whether it emails, and in
plain words what UltraCart would refuse. The merchant's switch is the action's name in the settings.

To add an action: a SubscriptionAction member, its steps in flows.py (or a module of its own, like
frequency_flows.py), one entry here (and a Page if it has a page of its own), its email text in
templates/subscriptions/emails/, and its tests. A page about one item of the auto order (how often, how many)
is `per_item`: its form also gets the auto order and the page's query (?item=<auto_order_item_oid>).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import PortalSettings
from portal.subscriptions import (
    add_ons,
    discounts,
    flows,
    order_now,
    reactivation,
    shipment_skip_rules,
    shipment_skips,
    shipping_address,
    stop_after,
    swaps,
)
from portal.subscriptions import frequency_flows as frequency
from portal.subscriptions import quantity_flows as quantity
from portal.subscriptions.change_forms import ShippingAddressForm, StopAfterForm
from portal.subscriptions.choice_forms import AddOnForm, SwapForm
from portal.subscriptions.forms import CancelForm, PauseForm, RescheduleForm
from portal.subscriptions.item_choices import frequency_offered, quantity_offered
from portal.subscriptions.item_forms import FrequencyForm, QuantityForm
from portal.ultracart import AutoOrder, AutoOrderStatus

A = SubscriptionAction


def _live(auto_order: AutoOrder) -> bool:
    return auto_order.status == AutoOrderStatus.ACTIVE and not auto_order.paused


def live_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return _live(auto_order)


def scheduled_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    """Needs a next shipment to move or pause before."""
    return _live(auto_order) and auto_order.next_shipment_at is not None


def skip_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    if not scheduled_offered(auto_order=auto_order, skips_in_row=skips_in_row, config=config):
        return False
    # Chosen skips right after the next shipment make this skip part of a longer run.
    chosen = shipment_skip_rules.skipped_right_after_next(auto_order=auto_order)
    return skips_in_row + chosen < config.subscription_max_skips


def paused_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return auto_order.status == AutoOrderStatus.ACTIVE and auto_order.paused


def enabled_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return auto_order.status == AutoOrderStatus.ACTIVE


def card_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    # A failed charge disables the auto order: fixing the card is what helps. A canceled one whose card has
    # expired gets it too, beside reactivating (which would otherwise charge a dead card).
    if auto_order.status == AutoOrderStatus.CANCELED:
        return reactivation.card_expired(auto_order.card) and A.REACTIVATE in config.subscription_actions
    return auto_order.status in (AutoOrderStatus.ACTIVE, AutoOrderStatus.DISABLED)


def order_now_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return _live(auto_order) and order_now.order_now_offered_on(auto_order)


def reactivate_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return auto_order.status in reactivation.REACTIVATABLE


def _always(*, data: dict[str, Any]) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class ActionEntry:
    action: SubscriptionAction
    offered: Callable[..., bool]  # (auto_order=, skips_in_row=, config=): its state allows it
    page: SubscriptionAction | None = None  # the page that offers it (None: update_card's own view)
    chosen: Callable[..., bool] = _always  # (data=): on a page with two actions, the one this data means
    plan: Callable[..., flows.Plan] = flows.no_plan  # (auto_order=, data=, config=); may refuse
    review: Callable[..., list[flows.Change]] | None = None  # (auto_order=, plan=, config=)
    check: Callable[..., None] | None = None  # (fresh=, plan=): on the fresh read, under the write lock
    write: Callable[..., AutoOrder] | None = None  # (auto_order_oid=, plan=, precondition=)
    after: Callable[..., None] | None = None  # (auto_order=, plan=, email=, language=) once written
    done: Callable[..., str] | None = None  # (done=): the message on the subscription page
    emails: bool = True
    refused_words: Promise = field(default=_("that change"))  # "UltraCart didn't accept ...: <these>"


@dataclass(frozen=True, slots=True)
class Page:
    action: SubscriptionAction  # the URL's name and the form token's
    title: Promise
    confirm_label: Promise
    form: Callable[..., forms.Form] | None = None  # (data, allowed=, auto_order=, query=)
    notice: str = ""  # a template of what the review says beside the confirm button


REGISTRY: dict[SubscriptionAction, ActionEntry] = {
    A.PAUSE: ActionEntry(
        A.PAUSE, live_offered, page=A.PAUSE, chosen=flows.pause_chosen, review=flows.pause_review,
        write=flows.pause_write, after=flows.pause_after, done=flows.pause_done,
        refused_words=_("pausing your subscription"),
    ),
    A.PAUSE_UNTIL: ActionEntry(
        A.PAUSE_UNTIL, scheduled_offered, page=A.PAUSE, chosen=flows.pause_until_chosen,
        plan=flows.pause_until_plan, review=flows.pause_review, write=flows.pause_write,
        after=flows.pause_until_after, done=flows.pause_done, refused_words=_("pausing your subscription"),
    ),
    A.RESUME: ActionEntry(
        A.RESUME, paused_offered, page=A.RESUME, plan=flows.resume_plan, review=flows.resume_review,
        write=flows.resume_write, after=flows.pause_after, done=flows.resume_done,
        refused_words=_("resuming your subscription"),
    ),
    A.SKIP: ActionEntry(
        A.SKIP, skip_offered, page=A.SKIP, plan=flows.skip_plan, review=flows.skip_review,
        check=flows.skip_check, write=flows.next_shipment_write, after=flows.skip_after,
        done=flows.skip_done, refused_words=_("the new date of your next shipment"),
    ),
    A.RESCHEDULE: ActionEntry(
        A.RESCHEDULE, scheduled_offered, page=A.RESCHEDULE, plan=flows.reschedule_plan,
        review=flows.reschedule_review, write=flows.next_shipment_write, done=flows.reschedule_done,
        refused_words=_("the new date of your next shipment"),
    ),
    A.CANCEL: ActionEntry(
        A.CANCEL, enabled_offered, page=A.CANCEL, plan=flows.cancel_plan, review=flows.cancel_review,
        write=flows.cancel_write, after=flows.pause_after, done=flows.cancel_done,
        refused_words=_("canceling your subscription"),
    ),
    A.UPDATE_CARD: ActionEntry(A.UPDATE_CARD, card_offered, emails=False),
    A.FREQUENCY: ActionEntry(
        A.FREQUENCY, frequency_offered, page=A.FREQUENCY, plan=frequency.frequency_plan,
        review=frequency.frequency_review, check=frequency.frequency_check, write=frequency.frequency_write,
        done=frequency.frequency_done, refused_words=_("the new frequency"),
    ),
    A.QUANTITY: ActionEntry(
        A.QUANTITY, quantity_offered, page=A.QUANTITY, plan=quantity.quantity_plan,
        review=quantity.quantity_review, check=quantity.quantity_check, write=quantity.quantity_write,
        done=quantity.quantity_done, refused_words=_("the new quantity"),
    ),
    # Issue 24: a save offer's discount, a swap, a one-time add-on (their steps in their own modules).
    A.DISCOUNT: ActionEntry(
        A.DISCOUNT, discounts.discount_offered, page=A.DISCOUNT, plan=discounts.discount_plan,
        review=discounts.discount_review, check=discounts.discount_check, write=discounts.discount_write,
        done=discounts.discount_done, refused_words=_("the new price of your next shipments"),
    ),
    A.SWAP: ActionEntry(
        A.SWAP, swaps.swap_offered, page=A.SWAP, plan=swaps.swap_plan, review=swaps.swap_review,
        check=swaps.swap_check, write=swaps.swap_write, done=swaps.swap_done,
        refused_words=_("the product you chose"),
    ),
    A.ADD_ON: ActionEntry(
        A.ADD_ON, add_ons.add_on_offered, page=A.ADD_ON, plan=add_ons.add_on_plan,
        review=add_ons.add_on_review, check=add_ons.add_on_check, write=add_ons.add_on_write,
        done=add_ons.add_on_done, refused_words=_("the item you chose"),
    ),
    # Issue 23: where it ships, when it ends, back on, and now.
    A.SHIPPING_ADDRESS: ActionEntry(
        A.SHIPPING_ADDRESS, enabled_offered, page=A.SHIPPING_ADDRESS,
        plan=shipping_address.shipping_address_plan, review=shipping_address.shipping_address_review,
        write=shipping_address.shipping_address_write, done=shipping_address.shipping_address_done,
        refused_words=_("the new shipping address"),
    ),
    A.STOP_AFTER: ActionEntry(
        A.STOP_AFTER, enabled_offered, page=A.STOP_AFTER, plan=stop_after.stop_after_plan,
        review=stop_after.stop_after_review, write=stop_after.stop_after_write,
        done=stop_after.stop_after_done, refused_words=_("ending your subscription after those shipments"),
    ),
    A.REACTIVATE: ActionEntry(
        A.REACTIVATE, reactivate_offered, page=A.REACTIVATE, plan=reactivation.reactivate_plan,
        review=reactivation.reactivate_review, check=reactivation.reactivate_check,
        write=reactivation.reactivate_write, done=reactivation.reactivate_done,
        refused_words=_("reactivating your subscription"),
    ),
    A.ORDER_NOW: ActionEntry(
        A.ORDER_NOW, order_now_offered, page=A.ORDER_NOW, plan=order_now.order_now_plan,
        review=order_now.order_now_review, write=flows.next_shipment_write, done=order_now.order_now_done,
        refused_words=_("moving your next shipment to today"),
    ),
    # A chosen later shipment: our record now, the worker's write when it is the next one (shipment_skips.py).
    A.SKIP_SHIPMENT: ActionEntry(
        A.SKIP_SHIPMENT, shipment_skip_rules.skip_shipment_offered, page=A.SKIP_SHIPMENT,
        plan=shipment_skips.skip_shipment_plan, review=shipment_skips.skip_shipment_review,
        check=shipment_skips.skip_shipment_check, write=shipment_skips.skip_shipment_write,
        done=shipment_skips.skip_shipment_done, refused_words=_("skipping that shipment"),
    ),
    A.UNSKIP_SHIPMENT: ActionEntry(
        A.UNSKIP_SHIPMENT, shipment_skip_rules.unskip_shipment_offered, page=A.UNSKIP_SHIPMENT,
        plan=shipment_skips.unskip_shipment_plan, review=shipment_skips.unskip_shipment_review,
        check=shipment_skips.unskip_shipment_check, write=shipment_skips.unskip_shipment_write,
        done=shipment_skips.unskip_shipment_done, refused_words=_("restoring that shipment"),
    ),
}  # fmt: skip


def pause_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return PauseForm(data, allowed=allowed)


def reschedule_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return RescheduleForm(data)


def cancel_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return CancelForm(data)


def frequency_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return FrequencyForm(data, auto_order=auto_order, query=query)


def quantity_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return QuantityForm(data, auto_order=auto_order, query=query)


def swap_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return SwapForm(data, auto_order=auto_order)  # reads the targets from UltraCart's catalogue (cached)


def add_on_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return AddOnForm(data, auto_order=auto_order)


def shipping_address_form(
    data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any
) -> forms.Form:
    return ShippingAddressForm(data, initial=shipping_address.address_initial(auto_order.shipping))


def stop_after_form(data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> forms.Form:
    return StopAfterForm(data)


PAGES: dict[SubscriptionAction, Page] = {
    A.PAUSE: Page(A.PAUSE, _("Pause your subscription"), _("Pause subscription"), pause_form),
    A.RESUME: Page(A.RESUME, _("Resume your subscription"), _("Resume subscription")),
    A.SKIP: Page(A.SKIP, _("Skip your next shipment"), _("Skip next shipment")),
    A.RESCHEDULE: Page(
        A.RESCHEDULE, _("Reschedule your next shipment"), _("Change the date"), reschedule_form
    ),
    A.CANCEL: Page(A.CANCEL, _("Cancel your subscription"), _("Cancel subscription"), cancel_form),
    A.FREQUENCY: Page(
        A.FREQUENCY, _("Change how often"), _("Change how often"), frequency_form
    ),
    A.QUANTITY: Page(A.QUANTITY, _("Change quantity"), _("Change quantity"), quantity_form),
    A.DISCOUNT: Page(A.DISCOUNT, _("A lower price for your next shipments"), _("Take the discount")),
    A.SWAP: Page(A.SWAP, _("Swap your product"), _("Swap product"), swap_form),
    A.ADD_ON: Page(A.ADD_ON, _("Add an item to your next shipment"), _("Add to next shipment"), add_on_form),
    A.ORDER_NOW: Page(
        A.ORDER_NOW, _("Order your next shipment now"), _("Order now"),
        notice="subscriptions/notices/order_now.html",
    ),
    A.SHIPPING_ADDRESS: Page(
        A.SHIPPING_ADDRESS, _("Change the shipping address"), _("Save the new address"),
        shipping_address_form,
        notice="subscriptions/notices/shipping_address.html",
    ),
    A.STOP_AFTER: Page(
        A.STOP_AFTER, _("End after a number of shipments"), _("End after these shipments"), stop_after_form,
        notice="subscriptions/notices/stop_after.html",
    ),
    A.REACTIVATE: Page(
        A.REACTIVATE, _("Reactivate your subscription"), _("Reactivate subscription"),
        notice="subscriptions/notices/reactivate.html",
    ),
    A.SKIP_SHIPMENT: Page(
        A.SKIP_SHIPMENT, _("Skip a shipment"), _("Skip this shipment"), shipment_skips.shipment_choice_form
    ),
    A.UNSKIP_SHIPMENT: Page(
        A.UNSKIP_SHIPMENT,
        _("Restore a skipped shipment"),
        _("Restore this shipment"),
        shipment_skips.shipment_choice_form,
    ),
}  # fmt: skip


def page_form(page: Page, data: Any, *, allowed: frozenset[str], auto_order: AutoOrder, query: Any) -> Any:
    """The page's form (None without one): bound to `data` on a post."""
    if page.form is None:
        return None
    return page.form(data, allowed=allowed, auto_order=auto_order, query=query)


def actions_allowed(*, auto_order: AutoOrder, config: PortalSettings, skips_in_row: int) -> frozenset[str]:
    """The actions the merchant allows (its switches) and the auto order's state permits."""
    return frozenset(
        entry.action
        for entry in REGISTRY.values()
        if entry.action in config.subscription_actions
        and entry.offered(auto_order=auto_order, skips_in_row=skips_in_row, config=config)
    )


def page_actions(page: SubscriptionAction) -> frozenset[str]:
    return frozenset(entry.action for entry in REGISTRY.values() if entry.page == page)


def page_entry(page: SubscriptionAction, data: dict[str, Any]) -> ActionEntry:
    """The action a page's confirmed form means (the pause page: open-ended or until a date)."""
    return next(e for e in REGISTRY.values() if e.page == page and e.chosen(data=data))
