"""The timed pauses' records (models.ScheduledResume): create, drop, list, claim, finish.

The task that runs a resume (tasks.py) registers how to enqueue it here when the app is ready (apps.py), so
this module, which the actions use, does not import the worker's code that uses the actions.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.subscriptions.models import ScheduledResume

LEASE = timedelta(minutes=15)
Status = ScheduledResume.Status
Enqueue = Callable[[int, datetime], None]
_enqueuers: list[Enqueue] = []


def resume_enqueue_with(enqueue: Enqueue) -> None:
    """tasks.py: how a resume run is put on the task queue (one registration per process)."""
    _enqueuers[:] = [enqueue]


def resume_enqueue(resume_id: int, when: datetime) -> None:
    if not _enqueuers:
        raise RuntimeError("the resume task is not registered (SubscriptionsConfig.ready imports tasks.py)")
    _enqueuers[0](resume_id, when)


def resume_schedule(
    *, auto_order_oid: int, email: str, language: str, resume_at: datetime
) -> ScheduledResume:
    """Record the resume date (replacing an earlier one) and enqueue the task that resumes on it."""
    with transaction.atomic():
        resume_cancel_pending(auto_order_oid=auto_order_oid)
        row = ScheduledResume.objects.create(
            auto_order_oid=auto_order_oid, email=email, language=language or "en", resume_at=resume_at
        )
        resume_enqueue(row.id, resume_at)
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


def resume_claim(resume_id: int) -> ScheduledResume | None:
    """One conditional UPDATE (pending and due, or running past its lease -> running): one winner."""
    now = timezone.now()
    due = Q(status=Status.PENDING, resume_at__lte=now) | Q(status=Status.RUNNING, claimed_at__lt=now - LEASE)
    claimed = ScheduledResume.objects.filter(due, pk=resume_id).update(
        status=Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    return ScheduledResume.objects.get(pk=resume_id) if claimed else None


def resume_finish(row: ScheduledResume, status: str, error: str = "") -> None:
    ScheduledResume.objects.filter(pk=row.pk).update(
        status=status, finished_at=timezone.now(), last_error=error
    )


def resume_retry_later(row: ScheduledResume, error: str, when: datetime) -> None:
    ScheduledResume.objects.filter(pk=row.pk).update(status=Status.PENDING, last_error=error)
    resume_enqueue(row.id, when)
