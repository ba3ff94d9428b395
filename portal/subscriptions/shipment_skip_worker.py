"""Applying a chosen skip: a durable task (tasks.py) runs at the record's `run_at` (the skipped shipment less
the merchant's lead days) and, when that shipment has become the next one, moves next_shipment_dts on by one
interval. Built like the scheduled resume (resumes.py):

- Exactly once: a run first claims its row with one conditional UPDATE; of two workers one acts.
- The customer's path: services.action_perform with this action's worker steps (under the write lock, a
  fresh read, ownership by the recorded email, the check on that read, the write, the audit). At most 2
  UltraCart calls: that read and the PUT.
- Retried: an UltraCart failure puts the row back to pending and runs it again after a backoff, while the
  shipment's date has not come; each attempt is audited. A watchdog run takes over from a dead worker.

If the schedule changed meanwhile, we chose to name a skip by its date and never guess: when the fresh read
has no shipment on that day any more (the customer rescheduled, changed the frequency, paused or canceled),
nothing is written, the record ends as "schedule changed" and the customer is emailed that this skip did
not apply (their page shows the schedule as it is). Moving another date would skip a shipment they never
chose. While the day is still ahead but not the next one yet (the previous shipment has not gone out), the
run waits and tries again.
"""

from dataclasses import replace
from datetime import date, timedelta

from django.utils import timezone, translation

from portal import ultracart
from portal.merchant.actions import AuditResult, SubscriptionAction
from portal.merchant.audit import audit_record
from portal.merchant.config import PortalSettings
from portal.subscriptions import services
from portal.subscriptions.actors import WORKER_ADDRESS, Actor
from portal.subscriptions.emails import subscription_email_send
from portal.subscriptions.errors import ActionError, ActionNotFound, ActionRefused
from portal.subscriptions.flows import Plan
from portal.subscriptions.models import ShipmentSkip
from portal.subscriptions.priced_schedule import upcoming_schedule
from portal.subscriptions.registry import REGISTRY
from portal.subscriptions.shipment_skip_records import (
    LEASE,
    shipment_skip_claim,
    shipment_skip_enqueue,
    shipment_skip_finish,
    shipment_skip_retry_later,
)
from portal.subscriptions.skips import skip_run_record
from portal.ultracart import AutoOrder, AutoOrderStatus, Precondition

MAX_ATTEMPTS = 6
NOT_NEXT_YET_WAIT = timedelta(hours=1)
Status = ShipmentSkip.Status


class NotNextYet(ActionRefused):
    result = AuditResult.SKIPPED  # the shipment before it has not gone out yet: try again later


class NoLongerScheduled(ActionRefused):
    result = AuditResult.SKIPPED  # no shipment on that day any more: nothing to skip


def _plan(*, auto_order: AutoOrder | None, data: dict[str, object], config: PortalSettings) -> Plan:
    day = data["shipment_on"]
    assert isinstance(day, date)
    return Plan(shipment_on=day, detail=f"worker: shipment={day.isoformat()}")


def _check(*, fresh: AutoOrder, plan: Plan) -> None:
    """On the write's own fresh read: the skipped shipment is the next one, with a later one to move to."""
    day = plan.shipment_on
    assert day is not None
    if fresh.status != AutoOrderStatus.ACTIVE or fresh.paused:
        raise NoLongerScheduled("the subscription is paused or not active")
    schedule = upcoming_schedule(fresh, count=10_000)
    next_day = fresh.next_shipment_at.date() if fresh.next_shipment_at else None
    if not any(s.day == day for s in schedule):
        raise NoLongerScheduled("no shipment on that day any more (the schedule changed)")
    if not any(s.day > day for s in schedule):
        raise NoLongerScheduled("no later shipment to move it to")
    if next_day is not None and next_day < day:
        raise NotNextYet("the shipment before it has not gone out yet")


def _write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    assert plan.shipment_on is not None
    return ultracart.auto_order_shipment_skip(
        auto_order_oid=auto_order_oid, shipment_on=plan.shipment_on, precondition=precondition
    )


def _after(*, auto_order: AutoOrder, plan: Plan, email: str, language: str) -> None:
    # Applied, it is a skip of the next shipment: it counts in the run of skips in a row like one.
    skip_run_record(auto_order_oid=auto_order.auto_order_oid, skipped_to=auto_order.next_shipment_at)


def _any_state(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return True  # the check says why a skip no longer applies, in its own words


# The same action's steps for the worker: the customer reviewed and was emailed when choosing it.
WORKER_ENTRY = replace(
    REGISTRY[SubscriptionAction.SKIP_SHIPMENT], offered=_any_state, plan=_plan, check=_check,
    write=_write, after=_after, emails=False,
)  # fmt: skip


def _tell_customer(row: ShipmentSkip, outcome: str) -> None:
    """The skip did not apply (schedule changed, or it could not be written in time): say so by email."""
    context: dict[str, object] = {"skip_outcome": outcome, "plan": Plan(shipment_on=row.shipment_on)}
    cached = ultracart.auto_order_cached(auto_order_oid=row.auto_order_oid)
    if cached is not None:
        context["auto_order"] = cached
    subscription_email_send(
        action=SubscriptionAction.SKIP_SHIPMENT, email=row.email, language=row.language, context=context
    )


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 2 ** max(0, attempts - 1))  # 5, 10, 20, 40, 80 minutes


def shipment_skip_execute(*, skip_id: int) -> str:
    """The task body: apply one chosen skip if it is due and still applies. Safe to run twice."""
    row = shipment_skip_claim(skip_id)
    if row is None:
        return "not due, or handled already"
    shipment_skip_enqueue(row.id, timezone.now() + LEASE)  # the watchdog, in case this worker dies mid-run
    actor = Actor(email=row.email, client_address=WORKER_ADDRESS, language=row.language)
    try:
        with translation.override(row.language):
            done = services.action_perform(
                actor=actor, auto_order_oid=row.auto_order_oid, entry=WORKER_ENTRY,
                data={"shipment_on": row.shipment_on}, reviewed=None, form_token=None,
            )  # fmt: skip
    except ActionNotFound:
        shipment_skip_finish(row, Status.FAILED, "not found")
        return "not found"
    except NotNextYet as waiting:
        if timezone.now() + NOT_NEXT_YET_WAIT >= row.shipment_at:
            shipment_skip_finish(row, Status.FAILED, waiting.message)
            _tell_customer(row, "failed")
            return "failed: the shipment before it had not gone out in time"
        shipment_skip_retry_later(row, waiting.message, timezone.now() + NOT_NEXT_YET_WAIT)
        return "not the next shipment yet, retry enqueued"
    except ActionRefused as reason:
        if row.last_error.startswith("ActionUnconfirmed"):  # our earlier unanswered write landed after all
            shipment_skip_finish(row, Status.DONE, "an earlier write landed")
            return "skipped"
        shipment_skip_finish(row, Status.OBSOLETE, reason.message)  # schedule changed, paused or canceled
        _tell_customer(row, "obsolete")
        return f"schedule changed: {reason.message}"
    except ActionError as error:  # UltraCart failed, refused, or another write held the lock: later
        retry_at = timezone.now() + _backoff(row.attempts)
        if row.attempts >= MAX_ATTEMPTS or retry_at >= row.shipment_at:
            shipment_skip_finish(row, Status.FAILED, type(error).__name__)
            _tell_customer(row, "failed")
            return "failed for good"
        shipment_skip_retry_later(row, type(error).__name__, retry_at)
        return "failed, retry enqueued"
    shipment_skip_finish(row, Status.DONE, moved_to=done.auto_order.next_shipment_at)
    return "skipped"


def shipment_skip_run_now(*, skip_id: int, actor: str, client_address: str = "") -> str:
    """Staff's "Run now": a pending skip becomes due at once (which ends its undo window) and runs through
    the task's own code path, its claim included."""
    row = ShipmentSkip.objects.filter(pk=skip_id).first()
    if row is None:
        return "not found"
    ShipmentSkip.objects.filter(pk=skip_id, status=Status.PENDING, run_at__gt=timezone.now()).update(
        run_at=timezone.now()
    )
    outcome = shipment_skip_execute(skip_id=skip_id)
    audit_record(
        action=SubscriptionAction.SKIP_SHIPMENT, result=AuditResult.OK if outcome == "skipped" else "skipped",
        email=row.email, auto_order_oid=row.auto_order_oid, detail=f"staff {actor}: run now: {outcome}",
        client_address=client_address,
    )  # fmt: skip
    return outcome


def shipment_skip_cancel(*, skip_id: int, actor: str, client_address: str = "") -> bool:
    """Staff's "Cancel": a pending skip will not apply, the shipment goes out (anything else is left)."""
    row = ShipmentSkip.objects.filter(pk=skip_id).first()
    if row is None:
        return False
    canceled = ShipmentSkip.objects.filter(pk=skip_id, status=Status.PENDING).update(
        status=Status.CANCELED, finished_at=timezone.now(), last_error=f"canceled by staff {actor}"[:200]
    )
    audit_record(
        action=SubscriptionAction.UNSKIP_SHIPMENT,
        result=AuditResult.OK if canceled else AuditResult.SKIPPED,
        email=row.email, auto_order_oid=row.auto_order_oid,
        detail=f"staff {actor}: {'canceled' if canceled else f'left as {row.status}'}",
        client_address=client_address,
    )  # fmt: skip
    return bool(canceled)
