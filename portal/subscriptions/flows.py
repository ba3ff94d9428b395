"""Each action's steps, as named keyword-only functions: its plan (what the write will do, worked out from
the auto order the customer reviewed), what it changes (shown before confirming), the check on the fresh
read, the write, what follows a successful write, and the message after. registry.py puts them together."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import ultracart
from portal.merchant.config import PortalSettings
from portal.subscriptions import plans
from portal.subscriptions.errors import ActionChanged, ActionRefused
from portal.subscriptions.item_choices import ItemChange
from portal.subscriptions.presentation import cancel_reason_label, frequency_words, shipment_after_pause
from portal.subscriptions.resume_records import resume_cancel_pending, resume_schedule
from portal.subscriptions.skips import skip_run_record
from portal.ultracart import AutoOrder, ItemOption, Precondition, ShippingAddressChange

Data = dict[str, Any]


def _day(moment: datetime | None) -> str:
    return date_format(moment, "DATE_FORMAT") if moment else "—"


def changed_meanwhile(fresh: AutoOrder) -> ActionChanged:
    return ActionChanged(
        _("Your subscription changed meanwhile, so nothing was changed. Please check it again."), fresh=fresh
    )


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What a confirmed action writes, worked out before the write (the fresh read must still match)."""

    next_shipment_at: datetime | None = None  # skip, reschedule: the new next shipment
    resume_at: datetime | None = None  # pause until: when the worker resumes it
    not_before: datetime | None = None  # resume: a next shipment before this moves to it
    reason: str = ""  # cancel, stop after
    item: ItemChange | None = None  # frequency, quantity: one item's new value
    shipment_on: date | None = None  # skip_shipment, unskip_shipment: the chosen shipment's calendar day
    detail: str = ""  # what the audit entry adds
    # Discount, swap, add-on (discounts.py, swaps.py, add_ons.py): which item, to what, and what was reviewed.
    item_oid: int | None = None  # the auto order item changed
    item_id: str = ""  # swap: the new item; add-on: the item added
    options: tuple[ItemOption, ...] = ()
    quantity: int = 0  # add-on
    unit_cost: Decimal | None = None  # discount: the new price
    orders: int = 0  # discount: for this many shipments; stop after: how many more shipments
    reviewed: str = ""  # what the fresh read must still show (the price, the item swapped from)
    address: ShippingAddressChange | None = None  # shipping address: the new one


@dataclass(frozen=True, slots=True)
class Done:
    auto_order: AutoOrder
    plan: Plan

    @property
    def resume_at(self) -> datetime | None:
        return self.plan.resume_at


# Pause: open-ended, or until a date / for a number of shipments (pause_until).


def pause_chosen(*, data: Data) -> bool:
    return data.get("mode") in (None, "", "indefinite")


def pause_until_chosen(*, data: Data) -> bool:
    return data.get("mode") in ("until", "shipments")


def no_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    return Plan()


def pause_until_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    day, shipments = data.get("until"), int(data.get("shipments") or 0)
    resume_at: datetime | None = None
    if data.get("mode") == "until" and day is not None and plans.pause_until_bounds_ok(day, config):
        resume_at = plans.pause_until_resume_at(day)
    elif data.get("mode") == "shipments" and auto_order is not None and 1 <= shipments <= 3:
        resume_at = plans.pause_resume_at(auto_order, shipments=shipments, config=config)
    if resume_at is None:
        raise ActionRefused(_("Please choose a resume date within the dates shown."))
    detail = f"day={day if data.get('mode') == 'until' else None} shipments={shipments}"
    return Plan(resume_at=resume_at, detail=detail)


def pause_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    changes = [Change(_("Status"), _("Active"), _("Paused"))]
    if plan.resume_at is not None:
        changes.append(Change(_("Resumes on"), "—", _day(plan.resume_at)))
        current = auto_order.next_shipment_at
        after = shipment_after_pause(
            current, resume_at=plan.resume_at, lead_days=config.subscription_min_lead_days
        )
        if current is not None and after == current:
            # The pause ends before the next shipment: say so in the real dates, not "on or after".
            words = _("%(date)s, as planned: the pause ends on %(end)s, before it") % {
                "date": _day(after),
                "end": _day(plan.resume_at),
            }
        else:
            words = _day(after)
        changes.append(Change(_("Next shipment"), _day(current), words))
    else:
        changes.append(
            Change(_("Next shipment"), _day(auto_order.next_shipment_at), _("none until you resume"))
        )
    return changes


def pause_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_pause(auto_order_oid=auto_order_oid, precondition=precondition)


def pause_after(*, auto_order: AutoOrder, plan: Plan, email: str, language: str) -> None:
    resume_cancel_pending(auto_order_oid=auto_order.auto_order_oid)


def pause_until_after(*, auto_order: AutoOrder, plan: Plan, email: str, language: str) -> None:
    assert plan.resume_at is not None  # pause_until_plan makes sure
    resume_schedule(
        auto_order_oid=auto_order.auto_order_oid, email=email, language=language, resume_at=plan.resume_at
    )


def pause_done(*, done: Done) -> str:
    if done.resume_at:
        return _("Your subscription is paused until %(date)s.") % {"date": _day(done.resume_at)}
    return _("Your subscription is paused.")


# Resume now (the worker's timed resume takes the same steps).


def resume_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    return Plan(not_before=plans.earliest_shipment(config))


def resume_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    current, earliest = auto_order.next_shipment_at, plans.earliest_shipment(config)
    after = current if current and current >= earliest else earliest
    return [
        Change(_("Status"), _("Paused"), _("Active")),
        Change(_("Next shipment"), _day(current), _day(after)),
    ]


def resume_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_update(
        auto_order_oid=auto_order_oid, paused=False, next_shipment_not_before=plan.not_before,
        precondition=precondition,
    )  # fmt: skip


def resume_done(*, done: Done) -> str:
    return _("Your subscription is active again.")


# Skip the next shipment.


def skip_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    expected = plans.shipment_after(auto_order) if auto_order is not None else None
    if expected is None:
        raise ActionRefused(_("That change isn't available for this subscription right now."))
    return Plan(next_shipment_at=expected)


def skip_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    return [Change(_("Next shipment"), _day(auto_order.next_shipment_at), _day(plan.next_shipment_at))]


def skip_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """Skip only if the next shipment after the skip is still the date the customer confirmed."""
    if plans.shipment_after(fresh) != plan.next_shipment_at:
        raise changed_meanwhile(fresh)


def next_shipment_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_update(
        auto_order_oid=auto_order_oid, next_shipment_at=plan.next_shipment_at, precondition=precondition
    )


def skip_after(*, auto_order: AutoOrder, plan: Plan, email: str, language: str) -> None:
    skip_run_record(auto_order_oid=auto_order.auto_order_oid, skipped_to=auto_order.next_shipment_at)


def skip_done(*, done: Done) -> str:
    return _("Skipped. Your next shipment is on %(date)s.") % {"date": _day(done.auto_order.next_shipment_at)}


# Reschedule the next shipment.


def reschedule_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    day = data.get("day")
    if day is None or not plans.day_within_bounds(day, config):  # the form checks too: the server decides
        raise ActionRefused(_("Please choose a date within the dates shown."))
    current = auto_order.next_shipment_at if auto_order is not None else None
    return Plan(next_shipment_at=plans.reschedule_target(day, current), detail=f"day={day}")


def reschedule_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    changes = [Change(_("Next shipment"), _day(auto_order.next_shipment_at), _day(plan.next_shipment_at))]
    frequencies = {frequency_words(item) for item in auto_order.items}
    if len(frequencies) == 1:  # the later shipments follow the new date at the same rhythm
        later = _("%(frequency)s from %(date)s") % {
            "frequency": frequencies.pop(),
            "date": _day(plan.next_shipment_at),
        }
        changes.append(Change(_("Later shipments"), "—", later))
    return changes


def reschedule_done(*, done: Done) -> str:
    return _("Your next shipment is now on %(date)s.") % {"date": _day(done.auto_order.next_shipment_at)}


# Cancel, with a reason from the merchant's list.


def cancel_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    reason = str(data.get("reason") or "")
    if reason not in config.subscription_cancel_reasons:
        raise ActionRefused(_("Please choose a reason from the list."))
    return Plan(reason=reason, detail=f"reason={reason}")


def cancel_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    return [
        Change(_("Status"), _("Active") if not auto_order.paused else _("Paused"), _("Canceled")),
        Change(_("Next shipment"), _day(auto_order.next_shipment_at), _("none")),
        Change(_("Reason"), "—", cancel_reason_label(plan.reason)),
    ]


def cancel_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_update(
        auto_order_oid=auto_order_oid, enabled=False, cancel_reason=plan.reason, canceled_by_user="customer",
        precondition=precondition,
    )  # fmt: skip


def cancel_done(*, done: Done) -> str:
    return _("Your subscription is canceled. We've sent you a confirmation email.")
