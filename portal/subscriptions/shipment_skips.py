"""Skip one chosen later shipment, and undo it: the two actions' steps (registry.py puts them together; the
rules are in shipment_skip_rules.py, and shipment_skip_worker.py applies a skip when it is due).

Skipping costs no UltraCart write now: a fresh read checks the shipment is still in the schedule and may be
skipped, and our record (models.ShipmentSkip) is the skip. Undoing it ends the record, until its run comes.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal import ultracart
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Done, Plan, changed_meanwhile
from portal.subscriptions.models import ShipmentSkip
from portal.subscriptions.priced_schedule import UpcomingShipment, estimate_text, upcoming_schedule
from portal.subscriptions.shipment_skip_records import (
    shipment_skip_create,
    shipment_skip_undo,
    shipment_skips_open,
)
from portal.subscriptions.shipment_skip_rules import (
    WHOLE_SCHEDULE,
    day_words,
    last_undo_day,
    skip_problem,
    undo_deadline,
)
from portal.ultracart import AutoOrder, Precondition

Data = dict[str, Any]


NOT_CHOSEN = gettext_lazy("Please choose a shipment from your schedule.")


class ShipmentChoiceForm(forms.Form):
    """Which shipment (its calendar day): the schedule's buttons post it; the plan checks it is one."""

    shipment = forms.DateField(
        widget=forms.HiddenInput, error_messages={"required": NOT_CHOSEN, "invalid": NOT_CHOSEN}
    )


def shipment_choice_form(data: Any, *, allowed: frozenset[str], auto_order: Any, query: Any) -> forms.Form:
    return ShipmentChoiceForm(data)


# Skip a chosen shipment.


def _chosen(data: Data) -> date:
    day = data.get("shipment")
    if not isinstance(day, date):
        raise ActionRefused(str(NOT_CHOSEN))
    return day


def _shipment(auto_order: AutoOrder, day: date | None) -> UpcomingShipment | None:
    return next((s for s in upcoming_schedule(auto_order, count=WHOLE_SCHEDULE) if s.day == day), None)


def skip_shipment_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    day = _chosen(data)
    if auto_order is None:
        raise ActionRefused(str(NOT_CHOSEN))
    problem = skip_problem(auto_order=auto_order, day=day, config=config)
    if problem:
        raise ActionRefused(problem)
    return Plan(shipment_on=day, detail=f"shipment={day.isoformat()}")


def _ships_words(auto_order: AutoOrder, shipment: UpcomingShipment | None) -> str:
    price = estimate_text(shipment.estimate, auto_order=auto_order) if shipment else ""
    return _("Ships, estimated %(price)s") % {"price": price} if price else _("Ships")


def skip_shipment_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    shipment = _shipment(auto_order, plan.shipment_on)
    assert shipment is not None  # the plan made sure
    until = last_undo_day(undo_deadline(shipment.shipment_at, config))
    return [
        Change(
            _("Shipment of %(date)s") % {"date": day_words(plan.shipment_on)},
            _ships_words(auto_order, shipment),
            _("Skipped: not sent, not charged"),
        ),
        Change(
            _("Next shipment"), day_words(auto_order.next_shipment_at), day_words(auto_order.next_shipment_at)
        ),
        Change(_("Undo"), "—", _("possible until %(date)s") % {"date": day_words(until)}),
    ]


def skip_shipment_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """On the fresh read: the shipment is still in the schedule, and still may be skipped."""
    if _shipment(fresh, plan.shipment_on) is None:
        raise changed_meanwhile(fresh)
    assert plan.shipment_on is not None
    problem = skip_problem(auto_order=fresh, day=plan.shipment_on, config=portal_settings_get())
    if problem:
        raise ActionRefused(problem)


def skip_shipment_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    """Our record is the skip: one fresh read (ownership, the schedule), no UltraCart write now."""
    fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    precondition(fresh)
    shipment = _shipment(fresh, plan.shipment_on)
    assert shipment is not None  # the precondition made sure
    shipment_skip_create(
        auto_order_oid=auto_order_oid, email=fresh.email, language=translation.get_language() or "en",
        shipment_at=shipment.shipment_at, lead_days=portal_settings_get().subscription_min_lead_days,
    )  # fmt: skip
    return fresh


def skip_shipment_done(*, done: Done) -> str:
    shipment = _shipment(done.auto_order, done.plan.shipment_on)
    until = last_undo_day(undo_deadline(shipment.shipment_at, portal_settings_get())) if shipment else None
    return _("The shipment of %(date)s is skipped. You can undo it until %(until)s.") % {
        "date": day_words(done.plan.shipment_on),
        "until": day_words(until),
    }


# Undo it (restore the shipment).


def _too_late(day: date) -> str:
    days = portal_settings_get().subscription_min_lead_days
    return ngettext(
        "It's too late to undo the skip of %(date)s: the store needs %(days)d day's notice before it ships.",
        "It's too late to undo the skip of %(date)s: the store needs %(days)d days' notice before it ships.",
        days,
    ) % {"date": day_words(day), "days": days}


def _undo_problem(auto_order_oid: int, day: date) -> str:
    record = shipment_skips_open(auto_order_oid=auto_order_oid).get(day)
    if record is None:
        return _("That shipment isn't skipped.")
    if record.status != ShipmentSkip.Status.PENDING or record.run_at <= timezone.now():
        return _too_late(day)
    return ""


def unskip_shipment_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    day = _chosen(data)
    if auto_order is None:
        raise ActionRefused(str(NOT_CHOSEN))
    problem = _undo_problem(auto_order.auto_order_oid, day)
    if problem:
        raise ActionRefused(problem)
    return Plan(shipment_on=day, detail=f"shipment={day.isoformat()}")


def unskip_shipment_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    shipment = _shipment(auto_order, plan.shipment_on)
    return [
        Change(
            _("Shipment of %(date)s") % {"date": day_words(plan.shipment_on)},
            _("Skipped"),
            _ships_words(auto_order, shipment),
        )
    ]


def unskip_shipment_check(*, fresh: AutoOrder, plan: Plan) -> None:
    assert plan.shipment_on is not None
    problem = _undo_problem(fresh.auto_order_oid, plan.shipment_on)
    if problem:
        raise ActionRefused(problem)


def unskip_shipment_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    """Ends our record (nothing was written to UltraCart yet): one fresh read for ownership, no write."""
    fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    precondition(fresh)
    assert plan.shipment_on is not None
    if not shipment_skip_undo(auto_order_oid=auto_order_oid, shipment_on=plan.shipment_on):
        raise ActionRefused(_too_late(plan.shipment_on))  # the worker's run came meanwhile
    return fresh


def unskip_shipment_done(*, done: Done) -> str:
    return _("The shipment of %(date)s is back on your schedule.") % {
        "date": day_words(done.plan.shipment_on)
    }
