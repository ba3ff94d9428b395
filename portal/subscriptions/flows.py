"""Each action's steps: the choices form (if any), what will change (shown before confirming), the service
that acts, and the message after. The views are the same for every action."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.merchant.config import PortalSettings
from portal.subscriptions import plans, services
from portal.subscriptions.forms import CancelForm, PauseForm, RescheduleForm
from portal.subscriptions.presentation import cancel_reason_label, shipment_after_pause
from portal.ultracart import AutoOrder


def _day(moment: datetime | None) -> str:
    return date_format(moment, "DATE_FORMAT") if moment else "—"


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Flow:
    action: str  # the URL's action and the form token's
    title: Any
    confirm_label: Any
    form: Callable[[Any, frozenset[str]], forms.Form] | None  # (POST data or None, allowed actions)
    review: Callable[[AutoOrder, dict[str, Any], PortalSettings], list[Change]]
    perform: Callable[[HttpRequest, int, str, dict[str, Any], AutoOrder], services.Done]
    done_message: Callable[[services.Done], str]


def _pause_review(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> list[Change]:
    changes = [Change(_("Status"), _("Active"), _("Paused"))]
    resume_at = _pause_resume_at(ao, data, config)
    if resume_at is not None:
        changes.append(Change(_("Resumes on"), "—", _day(resume_at)))
        after = shipment_after_pause(
            ao.next_shipment_at, resume_at=resume_at, lead_days=config.subscription_min_lead_days
        )
        if ao.next_shipment_at is not None and after == ao.next_shipment_at:
            # The pause ends before the next shipment: say so in the real dates, not "on or after".
            words = _("%(date)s, as planned: the pause ends on %(end)s, before it") % {
                "date": _day(after),
                "end": _day(resume_at),
            }
        else:
            words = _day(after)
        changes.append(Change(_("Next shipment"), _day(ao.next_shipment_at), words))
    else:
        changes.append(Change(_("Next shipment"), _day(ao.next_shipment_at), _("none until you resume")))
    return changes


def _pause_resume_at(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> datetime | None:
    if data.get("mode") == "until" and data.get("until"):
        return plans.pause_until_resume_at(data["until"])
    if data.get("mode") == "shipments" and data.get("shipments"):
        return plans.pause_resume_at(ao, shipments=int(data["shipments"]), config=config)
    return None


def _pause(request: HttpRequest, oid: int, token: str, data: dict[str, Any], ao: AutoOrder) -> services.Done:
    if data.get("mode") == "until":
        return services.auto_order_pause_until(
            request=request, auto_order_oid=oid, form_token=token, day=data["until"]
        )
    if data.get("mode") == "shipments":
        return services.auto_order_pause_until(
            request=request, auto_order_oid=oid, form_token=token, shipments=int(data["shipments"])
        )
    return services.auto_order_pause(request=request, auto_order_oid=oid, form_token=token)


def _resume_review(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> list[Change]:
    earliest = plans.earliest_shipment(config)
    current = ao.next_shipment_at
    after = current if current and current >= earliest else earliest
    return [
        Change(_("Status"), _("Paused"), _("Active")),
        Change(_("Next shipment"), _day(current), _day(after)),
    ]


def _skip_review(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> list[Change]:
    return [Change(_("Next shipment"), _day(ao.next_shipment_at), _day(plans.shipment_after(ao)))]


def _skip(request: HttpRequest, oid: int, token: str, data: dict[str, Any], ao: AutoOrder) -> services.Done:
    expected = plans.shipment_after(ao)
    if expected is None:
        raise services.ActionRefused(_("That change isn't available for this subscription right now."))
    return services.auto_order_skip(request=request, auto_order_oid=oid, form_token=token, expected=expected)


def _reschedule_review(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> list[Change]:
    return [Change(_("Next shipment"), _day(ao.next_shipment_at), _day(plans.reschedule_target(data["day"])))]


def _cancel_review(ao: AutoOrder, data: dict[str, Any], config: PortalSettings) -> list[Change]:
    return [
        Change(_("Status"), _("Active") if not ao.paused else _("Paused"), _("Canceled")),
        Change(_("Next shipment"), _day(ao.next_shipment_at), _("none")),
        Change(_("Reason"), "—", cancel_reason_label(data["reason"])),
    ]


FLOWS: dict[str, Flow] = {
    "pause": Flow(
        "pause",
        gettext_lazy("Pause your subscription"),
        gettext_lazy("Pause subscription"),
        lambda data, allowed: PauseForm(data, allowed=allowed),
        _pause_review,
        _pause,
        lambda done: (
            _("Your subscription is paused until %(date)s.") % {"date": _day(done.resume_at)}
            if done.resume_at
            else _("Your subscription is paused.")
        ),
    ),
    "resume": Flow(
        "resume",
        gettext_lazy("Resume your subscription"),
        gettext_lazy("Resume subscription"),
        None,
        _resume_review,
        lambda r, oid, t, d, ao: services.auto_order_resume(request=r, auto_order_oid=oid, form_token=t),
        lambda done: _("Your subscription is active again."),
    ),
    "skip": Flow(
        "skip",
        gettext_lazy("Skip your next shipment"),
        gettext_lazy("Skip next shipment"),
        None,
        _skip_review,
        _skip,
        lambda done: (
            _("Skipped. Your next shipment is on %(date)s.")
            % {"date": _day(done.auto_order.next_shipment_at)}
        ),
    ),
    "reschedule": Flow(
        "reschedule",
        gettext_lazy("Reschedule your next shipment"),
        gettext_lazy("Change the date"),
        lambda data, allowed: RescheduleForm(data),
        _reschedule_review,
        lambda r, oid, t, d, ao: services.auto_order_reschedule(
            request=r, auto_order_oid=oid, form_token=t, day=d["day"]
        ),
        lambda done: (
            _("Your next shipment is now on %(date)s.") % {"date": _day(done.auto_order.next_shipment_at)}
        ),
    ),
    "cancel": Flow(
        "cancel",
        gettext_lazy("Cancel your subscription"),
        gettext_lazy("Cancel subscription"),
        lambda data, allowed: CancelForm(data),
        _cancel_review,
        lambda r, oid, t, d, ao: services.auto_order_cancel(
            request=r, auto_order_oid=oid, form_token=t, reason=d["reason"]
        ),
        lambda done: _("Your subscription is canceled. We've sent you a confirmation email."),
    ),
}
# A flow is offered when the merchant and the state allow any of these service actions.
FLOW_ACTIONS = {
    "pause": {"pause", "pause_until"},
    "resume": {"resume"},
    "skip": {"skip"},
    "reschedule": {"reschedule"},
    "cancel": {"cancel"},
}
