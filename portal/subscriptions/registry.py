"""The one table of subscription actions: one entry per SubscriptionAction (portal/merchant/actions.py).

An entry says which page offers it (and, on a page with two actions, which form data means it), when its
state allows it, its plan, review, check on the fresh read, write, what follows, whether it emails, and in
plain words what UltraCart would refuse. The merchant's switch is the action's name in the settings.

To add an action: a SubscriptionAction member, its steps in flows.py, one entry here (and a Page if it has
a page of its own), its email text in templates/subscriptions/emails/, and its tests.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import PortalSettings
from portal.subscriptions import flows, shipment_skip_rules, shipment_skips
from portal.subscriptions.forms import CancelForm, PauseForm, RescheduleForm
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
    # A failed charge disables the auto order: fixing the card is what helps.
    return auto_order.status in (AutoOrderStatus.ACTIVE, AutoOrderStatus.DISABLED)


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
    form: Callable[..., forms.Form] | None = None  # (data, allowed=)


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


def pause_form(data: Any, *, allowed: frozenset[str]) -> forms.Form:
    return PauseForm(data, allowed=allowed)


def reschedule_form(data: Any, *, allowed: frozenset[str]) -> forms.Form:
    return RescheduleForm(data)


def cancel_form(data: Any, *, allowed: frozenset[str]) -> forms.Form:
    return CancelForm(data)


PAGES: dict[SubscriptionAction, Page] = {
    A.PAUSE: Page(A.PAUSE, _("Pause your subscription"), _("Pause subscription"), pause_form),
    A.RESUME: Page(A.RESUME, _("Resume your subscription"), _("Resume subscription")),
    A.SKIP: Page(A.SKIP, _("Skip your next shipment"), _("Skip next shipment")),
    A.RESCHEDULE: Page(
        A.RESCHEDULE, _("Reschedule your next shipment"), _("Change the date"), reschedule_form
    ),
    A.CANCEL: Page(A.CANCEL, _("Cancel your subscription"), _("Cancel subscription"), cancel_form),
    A.SKIP_SHIPMENT: Page(
        A.SKIP_SHIPMENT, _("Skip a shipment"), _("Skip this shipment"), shipment_skips.shipment_choice_form
    ),
    A.UNSKIP_SHIPMENT: Page(
        A.UNSKIP_SHIPMENT,
        _("Restore a skipped shipment"),
        _("Restore this shipment"),
        shipment_skips.shipment_choice_form,
    ),
}


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
