"""Timed pauses, resumed by a durable task (Django tasks on the database backend, run by `db_worker`).

- Exactly once: a run first claims its row with one conditional UPDATE (pending, due -> running); of two
  workers, or two copies of the task, only one gets a row count of 1. The UltraCart write itself is
  idempotent too (paused=false; an unknown outcome is re-read before writing again).
- Retried: an UltraCart failure puts the row back to pending and enqueues a new run after a backoff, up to
  MAX_ATTEMPTS; each attempt is audited.
- Survives a dead worker: before calling UltraCart a run enqueues a watchdog run LEASE later; if the worker
  died mid-run, the watchdog finds the row still running past its lease and takes it over. A row that
  finished makes the watchdog a no-op.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from portal import ultracart
from portal.merchant.audit import audit_record
from portal.merchant.config import portal_settings_get
from portal.merchant.models import AuditEntry
from portal.receipts.access import auto_order_owned_by
from portal.subscriptions import plans
from portal.subscriptions.emails import subscription_email_send
from portal.subscriptions.models import ScheduledResume
from portal.ultracart import AutoOrder, AutoOrderStatus, NotFound, UltraCartError

MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=15)
Status = ScheduledResume.Status


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 2 ** max(0, attempts - 1))  # 5, 10, 20, 40, 80 minutes


def _enqueue(resume_id: int, when: datetime) -> None:
    from portal.subscriptions.tasks import scheduled_resume_run

    scheduled_resume_run.using(run_after=when).enqueue(resume_id=resume_id)


def resume_schedule(
    *, auto_order_oid: int, email: str, language: str, resume_at: datetime
) -> ScheduledResume:
    """Record the resume date (replacing an earlier one) and enqueue the task that resumes on it."""
    with transaction.atomic():
        resume_cancel_pending(auto_order_oid=auto_order_oid)
        row = ScheduledResume.objects.create(
            auto_order_oid=auto_order_oid, email=email, language=language or "en", resume_at=resume_at
        )
        _enqueue(row.id, resume_at)
    return row


def resume_cancel_pending(*, auto_order_oid: int) -> int:
    """The customer resumed, paused open-ended or canceled: a pending timed resume must not run."""
    return ScheduledResume.objects.filter(auto_order_oid=auto_order_oid, status=Status.PENDING).update(
        status=Status.CANCELED, finished_at=timezone.now()
    )


def resume_pending_at(*, auto_order_oids: list[int]) -> dict[int, datetime]:
    rows = ScheduledResume.objects.filter(
        auto_order_oid__in=auto_order_oids, status__in=[Status.PENDING, Status.RUNNING]
    )
    return {row.auto_order_oid: row.resume_at for row in rows}


def consecutive_skips(*, auto_order_oid: int) -> int:
    """Skips in a row: successful skips whose new shipment date is still ahead (a shipment that went out
    after a skip ends the run)."""
    now = timezone.now()
    entries = AuditEntry.objects.filter(auto_order_oid=auto_order_oid, action="skip", result="ok")
    return sum(
        1 for entry in entries.only("after")[:50] if _after_now((entry.after or {}).get("next_shipment"), now)
    )


def _after_now(value: Any, now: datetime) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value) > now
    except ValueError:
        return False


class _NothingToDo(Exception):
    pass


def _claim(resume_id: int) -> ScheduledResume | None:
    now = timezone.now()
    due = Q(status=Status.PENDING, resume_at__lte=now) | Q(status=Status.RUNNING, claimed_at__lt=now - LEASE)
    claimed = ScheduledResume.objects.filter(due, pk=resume_id).update(
        status=Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    return ScheduledResume.objects.get(pk=resume_id) if claimed else None


def _finish(row: ScheduledResume, status: str, error: str = "") -> None:
    ScheduledResume.objects.filter(pk=row.pk).update(
        status=status, finished_at=timezone.now(), last_error=error
    )


def scheduled_resume_execute(*, resume_id: int) -> str:
    """The task body: resume one timed pause if it is due and still ours to resume. Safe to run twice."""
    row = _claim(resume_id)
    if row is None:
        return "not due, or handled already"
    _enqueue(row.id, timezone.now() + LEASE)  # the watchdog, in case this worker dies mid-run
    before: dict[str, Any] = {}

    def audit(result: str, after: AutoOrder | None = None, request_id: str = "", detail: str = "") -> None:
        from portal.subscriptions.services import auto_order_summary

        audit_record(
            action="scheduled_resume",
            result=result,
            email=row.email,
            auto_order_oid=row.auto_order_oid,
            before=before,
            after=auto_order_summary(after) if after else {},
            detail=detail,
            ultracart_request_id=request_id,
            client_address="worker",
        )

    def precondition(fresh: AutoOrder) -> None:
        from portal.subscriptions.services import auto_order_summary

        before.update(auto_order_summary(fresh))
        if not auto_order_owned_by(auto_order=fresh, email=row.email):
            raise _NothingToDo("the auto order belongs to someone else now")
        if fresh.status != AutoOrderStatus.ACTIVE or not fresh.paused:
            raise _NothingToDo("no longer paused")

    earliest = plans.earliest_shipment(portal_settings_get())
    try:
        after = ultracart.auto_order_update(
            auto_order_oid=row.auto_order_oid,
            paused=False,
            next_shipment_not_before=earliest,
            precondition=precondition,
        )
    except _NothingToDo as reason:
        _finish(row, Status.DONE, str(reason))
        audit("skipped", detail=str(reason))
        return f"skipped: {reason}"
    except NotFound as error:
        _finish(row, Status.FAILED, "not found")
        audit("not_found", request_id=error.request_id)
        return "not found"
    except UltraCartError as error:
        final = row.attempts >= MAX_ATTEMPTS
        audit("failed", request_id=error.request_id, detail=f"attempt {row.attempts}: {type(error).__name__}")
        if final:
            _finish(row, Status.FAILED, type(error).__name__)
            return "failed for good"
        ScheduledResume.objects.filter(pk=row.pk).update(
            status=Status.PENDING, last_error=type(error).__name__
        )
        _enqueue(row.id, timezone.now() + _backoff(row.attempts))
        return "failed, retry enqueued"
    _finish(row, Status.DONE)
    audit("ok", after=after, request_id=ultracart.ultracart_last_request_id())
    with translation.override(row.language):
        subscription_email_send(
            action="resume", email=row.email, language=row.language, context={"auto_order": after}
        )
    return "resumed"


def resume_run_now(*, resume_id: int, actor: str, client_address: str = "") -> str:
    """Staff's "Run now": a pending resume becomes due at once and runs through the task's own code path
    (its claim included, so a resume that a worker runs at the same moment still runs only once)."""
    row = ScheduledResume.objects.filter(pk=resume_id).first()
    if row is None:
        return "not found"
    ScheduledResume.objects.filter(pk=resume_id, status=Status.PENDING, resume_at__gt=timezone.now()).update(
        resume_at=timezone.now()
    )
    outcome = scheduled_resume_execute(resume_id=resume_id)
    audit_record(
        action="scheduled_resume_run_now",
        result="ok" if outcome == "resumed" else "skipped",
        email=row.email,
        auto_order_oid=row.auto_order_oid,
        detail=f"staff {actor}: {outcome}",
        client_address=client_address,
    )
    return outcome


def resume_cancel(*, resume_id: int, actor: str, client_address: str = "") -> bool:
    """Staff's "Cancel": a pending resume will not run (anything else is left as it is)."""
    row = ScheduledResume.objects.filter(pk=resume_id).first()
    if row is None:
        return False
    canceled = ScheduledResume.objects.filter(pk=resume_id, status=Status.PENDING).update(
        status=Status.CANCELED, finished_at=timezone.now(), last_error=f"canceled by staff {actor}"[:200]
    )
    audit_record(
        action="scheduled_resume_cancel",
        result="ok" if canceled else "skipped",
        email=row.email,
        auto_order_oid=row.auto_order_oid,
        detail=f"staff {actor}: {'canceled' if canceled else f'left as {row.status}'}",
        client_address=client_address,
    )
    return bool(canceled)
