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

from datetime import timedelta

from django.utils import timezone, translation

from portal.merchant.actions import AuditAction, AuditResult, SubscriptionAction
from portal.merchant.audit import audit_record
from portal.subscriptions import services
from portal.subscriptions.actors import WORKER_ADDRESS, Actor
from portal.subscriptions.errors import ActionError, ActionNotFound, ActionRefused
from portal.subscriptions.models import ScheduledResume
from portal.subscriptions.registry import REGISTRY
from portal.subscriptions.resume_records import (
    LEASE,
    resume_cancel_pending,
    resume_claim,
    resume_enqueue,
    resume_finish,
    resume_retry_later,
    resume_schedule,
)

__all__ = ["LEASE", "resume_cancel", "resume_cancel_pending", "resume_run_now", "resume_schedule"]
MAX_ATTEMPTS = 6
Status = ScheduledResume.Status


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 2 ** max(0, attempts - 1))  # 5, 10, 20, 40, 80 minutes


def scheduled_resume_execute(*, resume_id: int) -> str:
    """The task body: resume one timed pause if it is due and still ours to resume. Safe to run twice.

    It takes the customer's own path (services.action_perform with the resume entry): under the auto
    order's write lock, a fresh read, the precondition (the customer's, still paused and enabled), the
    write, the audit and the email in the customer's language."""
    row = resume_claim(resume_id)
    if row is None:
        return "not due, or handled already"
    resume_enqueue(row.id, timezone.now() + LEASE)  # the watchdog, in case this worker dies mid-run
    actor = Actor(email=row.email, client_address=WORKER_ADDRESS, language=row.language)
    try:
        with translation.override(row.language):
            services.action_perform(
                actor=actor, auto_order_oid=row.auto_order_oid, entry=REGISTRY[SubscriptionAction.RESUME],
                data={}, reviewed=None, form_token=None, audit_as=AuditAction.SCHEDULED_RESUME,
            )  # fmt: skip
    except ActionNotFound:
        resume_finish(row, Status.FAILED, "not found")
        return "not found"
    except ActionRefused as reason:  # resumed, paused open-ended or canceled meanwhile: nothing to do
        resume_finish(row, Status.DONE, reason.message)
        return f"skipped: {reason.message}"
    except ActionError as error:  # UltraCart failed, refused, or another write held the lock: later
        if row.attempts >= MAX_ATTEMPTS:
            resume_finish(row, Status.FAILED, type(error).__name__)
            return "failed for good"
        resume_retry_later(row, type(error).__name__, timezone.now() + _backoff(row.attempts))
        return "failed, retry enqueued"
    resume_finish(row, Status.DONE)
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
        action=AuditAction.SCHEDULED_RESUME_RUN_NOW,
        result=AuditResult.OK if outcome == "resumed" else AuditResult.SKIPPED,
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
        action=AuditAction.SCHEDULED_RESUME_CANCEL,
        result=AuditResult.OK if canceled else AuditResult.SKIPPED,
        email=row.email,
        auto_order_oid=row.auto_order_oid,
        detail=f"staff {actor}: {'canceled' if canceled else f'left as {row.status}'}",
        client_address=client_address,
    )
    return bool(canceled)
