"""Pause until a date: the durable task resumes it on that date, exactly once, with two workers at once,
after a worker restart, after an UltraCart failure (retried), and after a worker died mid-run."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from portal import ultracart
from portal.merchant.models import AuditEntry
from portal.subscriptions import resumes
from portal.subscriptions.models import ScheduledResume
from portal.subscriptions.tasks import scheduled_resume_run
from tests.subscriptions_helpers import ACTIVE, confirm, raw_auto_order

pytestmark = pytest.mark.django_db(transaction=True)


class Clock:
    """timezone.now, moved by the test (the worker's "is it due" query and our claim both ask it)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.real = timezone.now

    def __call__(self):
        return self.real() + self.offset


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(timezone, "now", moved)
    return moved


def run_workers(count: int) -> None:
    """`count` db_worker loops at once (batch mode: run what is due, then stop), each with its connection."""
    start = threading.Barrier(count)

    def work(name: str) -> None:
        try:
            start.wait()
            worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=name,
                excluded_queue_names=[],
            )
            worker.run()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def pause_until(jane, days: int) -> ScheduledResume:
    day = timezone.localdate() + timedelta(days=days)
    response = confirm(
        jane, f"/account/subscriptions/{ACTIVE}/pause/", {"mode": "until", "until": day.isoformat()}
    )
    assert response.status_code == 302
    mail.outbox.clear()
    return ScheduledResume.objects.get(auto_order_oid=ACTIVE)


def test_two_workers_resume_it_once_on_the_date_even_after_a_restart(sandbox, jane, clock):
    resume = pause_until(jane, days=10)
    # A second copy of the task, due at the same time: still one resume.
    scheduled_resume_run.using(run_after=resume.resume_at).enqueue(resume_id=resume.id)
    sandbox.clear_requests()

    run_workers(1)  # a worker before the date does nothing, then stops (a restart follows)
    assert sandbox.operations() == []
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True

    clock.offset = timedelta(days=10, minutes=1)
    run_workers(2)
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False
    assert sandbox.operations().count("updateAutoOrder") == 1
    assert ScheduledResume.objects.get(pk=resume.pk).status == "done"
    assert [e.result for e in AuditEntry.objects.filter(action="scheduled_resume")] == ["ok"]
    assert len(mail.outbox) == 1 and "active again" in mail.outbox[0].subject
    ran = DBTaskResult.objects.filter(task_path__endswith="scheduled_resume_run", status="SUCCESSFUL")
    assert sorted(str(r.return_value) for r in ran) == ["not due, or handled already", "resumed"]


def test_an_ultracart_failure_is_retried_later(sandbox, jane, clock):
    resume = pause_until(jane, days=3)
    clock.offset = timedelta(days=3, minutes=1)
    sandbox.fault(status=500, operations=["updateAutoOrder"], count=2)  # the write and its one retry
    run_workers(1)
    assert ScheduledResume.objects.get(pk=resume.pk).status == "pending"
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True
    assert [e.result for e in AuditEntry.objects.filter(action="scheduled_resume")] == ["failed"]

    clock.offset += timedelta(minutes=6)  # the retry's backoff has passed
    run_workers(2)
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False
    assert ScheduledResume.objects.get(pk=resume.pk).attempts == 2


def test_a_worker_that_dies_mid_run_is_taken_over_after_the_lease(sandbox, jane, clock):
    resume = pause_until(jane, days=1)
    clock.offset = timedelta(days=1, minutes=1)
    with mock.patch.object(ultracart, "auto_order_update", side_effect=SystemExit("killed")):
        run_workers(1)
    assert ScheduledResume.objects.get(pk=resume.pk).status == "running"

    run_workers(1)  # a restarted worker: the lease is not over yet, nothing happens
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True
    clock.offset += resumes.LEASE + timedelta(minutes=1)
    run_workers(2)
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False
    assert ScheduledResume.objects.get(pk=resume.pk).status == "done"


def test_a_resume_the_customer_already_did_is_skipped(sandbox, jane, clock):
    resume = pause_until(jane, days=2)
    sandbox.api(
        "PUT",
        f"/auto_order/auto_orders/{ACTIVE}",
        json={"items": [{"auto_order_item_oid": 50011, "paused": False}]},
    )
    clock.offset = timedelta(days=2, minutes=1)
    sandbox.clear_requests()
    run_workers(1)
    assert "updateAutoOrder" not in sandbox.operations()
    assert ScheduledResume.objects.get(pk=resume.pk).status == "done"
    assert AuditEntry.objects.get(action="scheduled_resume").result == "skipped"
