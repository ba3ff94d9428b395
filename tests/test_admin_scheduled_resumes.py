"""Scheduled resumes in the admin: listed with their state; "Run now" resumes the auto order in the sandbox
through the task's own code path (once, however often it is pressed); "Cancel" stops a pending one; both
are audited; rows are never edited by hand."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from portal.merchant.models import AuditEntry
from portal.subscriptions.models import ScheduledResume
from tests.subscriptions_helpers import JANE, PAUSED, raw_auto_order

pytestmark = pytest.mark.django_db
LIST = "/admin/subscriptions/scheduledresume/"


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_user("merchant", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def resume(sandbox):
    assert raw_auto_order(sandbox, PAUSED)["items"][0]["paused"] is True
    sandbox.clear_requests()
    return ScheduledResume.objects.create(
        auto_order_oid=PAUSED, email=JANE, resume_at=timezone.now() + timedelta(days=10)
    )


def act(staff, action, *rows):
    return staff.post(
        LIST, {"action": action, "_selected_action": [str(row.pk) for row in rows]}, follow=True
    )


def test_the_list_shows_the_state_and_filters_by_status(staff, resume):
    ScheduledResume.objects.create(
        auto_order_oid=5001,
        email=JANE,
        resume_at=timezone.now(),
        status="failed",
        attempts=6,
        last_error="Unavailable",
    )
    html = staff.get(LIST).content.decode()
    assert str(PAUSED) in html and "Unavailable" in html and "pending" in html
    pending = staff.get(LIST, {"status__exact": "pending"}).context["cl"].result_list
    assert [row.pk for row in pending] == [resume.pk]


def test_run_now_resumes_the_auto_order_once(staff, sandbox, resume):
    response = act(staff, "run_now", resume)
    assert f"Auto order {PAUSED}: resumed." in response.content.decode()
    assert raw_auto_order(sandbox, PAUSED)["items"][0]["paused"] is False
    assert ScheduledResume.objects.get(pk=resume.pk).status == "done"
    assert sandbox.operations().count("updateAutoOrder") == 1
    # Pressed again (or a worker's task arriving later): the claim refuses, UltraCart is not called.
    response = act(staff, "run_now", resume)
    assert "not due, or handled already" in response.content.decode()
    assert sandbox.operations().count("updateAutoOrder") == 1
    audits = AuditEntry.objects.filter(auto_order_oid=PAUSED).order_by("id")
    assert [(a.action, a.result) for a in audits] == [
        ("scheduled_resume", "ok"),
        ("scheduled_resume_run_now", "ok"),
        ("scheduled_resume_run_now", "skipped"),
    ]
    assert audits[1].detail == "staff merchant: resumed"
    assert audits[1].client_address == "127.0.0.1"  # like every other staff action in the log


def test_cancel_stops_a_pending_resume(staff, sandbox, resume):
    response = act(staff, "cancel", resume)
    assert f"Auto order {PAUSED}: canceled." in response.content.decode()
    row = ScheduledResume.objects.get(pk=resume.pk)
    assert row.status == "canceled" and row.finished_at is not None
    act(staff, "run_now", resume)
    assert raw_auto_order(sandbox, PAUSED)["items"][0]["paused"] is True
    assert "updateAutoOrder" not in sandbox.operations()
    cancel = AuditEntry.objects.get(action="scheduled_resume_cancel")
    assert cancel.result == "ok" and cancel.email == JANE and cancel.detail == "staff merchant: canceled"
    assert cancel.client_address == "127.0.0.1"


def test_done_or_failed_rows_are_left_alone(staff, sandbox, resume):
    ScheduledResume.objects.filter(pk=resume.pk).update(status="done")
    assert "not due, or handled already" in act(staff, "run_now", resume).content.decode()
    assert "not pending (done)" in act(staff, "cancel", resume).content.decode()
    assert ScheduledResume.objects.get(pk=resume.pk).status == "done"
    assert sandbox.operations() == []


def test_a_running_row_is_not_run_twice(staff, sandbox, resume):
    # A worker holds the claim (within its lease): run now must not start a second resume.
    ScheduledResume.objects.filter(pk=resume.pk).update(status="running", claimed_at=timezone.now())
    assert "not due, or handled already" in act(staff, "run_now", resume).content.decode()
    assert sandbox.operations() == []


def test_never_edited_by_hand(staff, resume):
    assert staff.get(f"{LIST}add/").status_code == 403
    page = staff.get(f"{LIST}{resume.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    staff.post(f"{LIST}{resume.pk}/change/", {"status": "done", "resume_at": "2020-01-01"})
    assert ScheduledResume.objects.get(pk=resume.pk).status == "pending"
    assert staff.post(f"{LIST}{resume.pk}/delete/").status_code == 403


def test_staff_without_the_change_permission_cannot_run_or_cancel(client, sandbox, resume):
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_scheduledresume"))
    client.force_login(viewer)
    assert client.get(LIST).status_code == 200
    act(client, "run_now", resume)
    act(client, "cancel", resume)
    assert ScheduledResume.objects.get(pk=resume.pk).status == "pending"
    assert sandbox.operations() == []


def test_more_rows_than_an_action_takes_are_said_not_dropped_silently(staff, sandbox, resume, monkeypatch):
    monkeypatch.setattr("portal.subscriptions.admin.ACTION_MAX_ROWS", 1)
    other = ScheduledResume.objects.create(
        auto_order_oid=PAUSED, email=JANE, resume_at=timezone.now() + timedelta(days=12)
    )
    page = act(staff, "cancel", resume, other).content.decode()
    assert "Only the first 1 selected were acted on" in page
    assert ScheduledResume.objects.filter(status="canceled").count() == 1
