"""The chosen skips' records (models.ShipmentSkip): create, undo, list, claim, finish, retry.

Like resume_records.py: the task that applies a skip (tasks.py) registers how to enqueue it here when the app
is ready, so this module, which the actions use, does not import the worker's code that uses the actions.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.subscriptions.models import ShipmentSkip

LEASE = timedelta(minutes=15)
Status = ShipmentSkip.Status
OPEN = (Status.PENDING, Status.RUNNING)
Enqueue = Callable[[int, datetime], None]
_enqueuers: list[Enqueue] = []


def shipment_skip_enqueue_with(enqueue: Enqueue) -> None:
    """tasks.py: how a skip run is put on the task queue (one registration per process)."""
    _enqueuers[:] = [enqueue]


def shipment_skip_enqueue(skip_id: int, when: datetime) -> None:
    if not _enqueuers:
        raise RuntimeError("the skip task is not registered (SubscriptionsConfig.ready imports tasks.py)")
    _enqueuers[0](skip_id, when)


def shipment_skip_create(
    *, auto_order_oid: int, email: str, language: str, shipment_at: datetime, lead_days: int
) -> ShipmentSkip:
    """Record the skip and enqueue its run; the same shipment skipped twice (two tabs) is one record."""
    shipment_on = shipment_at.date()
    run_at = shipment_at - timedelta(days=lead_days)
    try:
        with transaction.atomic():
            row = ShipmentSkip.objects.create(
                auto_order_oid=auto_order_oid, email=email, language=language or "en",
                shipment_on=shipment_on, shipment_at=shipment_at, run_at=run_at,
            )  # fmt: skip
            shipment_skip_enqueue(row.id, run_at)
    except IntegrityError:  # already skipped (one open record per shipment): that is what was asked
        return ShipmentSkip.objects.get(
            auto_order_oid=auto_order_oid, shipment_on=shipment_on, status__in=OPEN
        )
    return row


def shipment_skips_open(*, auto_order_oid: int) -> dict[date, ShipmentSkip]:
    """The skips not applied yet (or being applied), by the skipped shipment's day."""
    rows = ShipmentSkip.objects.filter(auto_order_oid=auto_order_oid, status__in=OPEN)
    return {row.shipment_on: row for row in rows}


def shipment_skip_undo(*, auto_order_oid: int, shipment_on: date) -> bool:
    """The customer restores the shipment: only a pending skip whose run has not come (one UPDATE)."""
    return bool(
        ShipmentSkip.objects.filter(
            auto_order_oid=auto_order_oid, shipment_on=shipment_on, status=Status.PENDING,
            run_at__gt=timezone.now(),
        ).update(status=Status.CANCELED, finished_at=timezone.now(), last_error="undone by the customer")
    )  # fmt: skip


def shipment_skip_claim(skip_id: int) -> ShipmentSkip | None:
    """One conditional UPDATE (pending and due, or running past its lease -> running): one winner."""
    now = timezone.now()
    due = Q(status=Status.PENDING, run_at__lte=now) | Q(status=Status.RUNNING, claimed_at__lt=now - LEASE)
    claimed = ShipmentSkip.objects.filter(due, pk=skip_id).update(
        status=Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    return ShipmentSkip.objects.get(pk=skip_id) if claimed else None


def shipment_skip_finish(
    row: ShipmentSkip, status: str, error: str = "", moved_to: datetime | None = None
) -> None:
    ShipmentSkip.objects.filter(pk=row.pk).update(
        status=status, finished_at=timezone.now(), last_error=error[:500], moved_to=moved_to
    )


def shipment_skip_retry_later(row: ShipmentSkip, error: str, when: datetime) -> None:
    """Back to pending, run again at `when`. run_at stays: it is also when the undo window closed."""
    ShipmentSkip.objects.filter(pk=row.pk).update(status=Status.PENDING, last_error=error[:500])
    shipment_skip_enqueue(row.id, when)
