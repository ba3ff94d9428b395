"""The chosen skip's worker against the sandbox: when the skipped shipment has become the next one, at its run
(the shipment less the lead days), it moves next_shipment_dts on by one interval: exactly once with two
workers, in at most 2 calls, writing only the dates; a failed write changes nothing, says so, and is retried;
a schedule the customer changed meanwhile is left alone and the customer told; staff can run or cancel it."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal import ultracart
from portal.merchant.models import AuditEntry
from portal.subscriptions import shipment_skip_worker
from portal.subscriptions.models import ShipmentSkip, SkipRun
from portal.subscriptions.tasks import shipment_skip_run
from tests.shipment_dates import shipment_stamps, shown
from tests.subscriptions_helpers import ACTIVE, changed_fields, confirm, raw_auto_order
from tests.test_subscription_scheduled_resume import Clock, run_workers

pytestmark = pytest.mark.django_db(transaction=True)
NEXT = FEB = MARCH = FEB_STAMP = ""  # set per test from the sandbox (below)


@pytest.fixture(autouse=True)
def days(sandbox) -> None:
    """Jane's 5001 ships about 30 days from now, then monthly (the sandbox's dates are relative to now)."""
    global NEXT, FEB, MARCH, FEB_STAMP  # named for the demo's first run: Jan. 1, Feb. 1, March 1
    stamps = shipment_stamps(sandbox, ACTIVE)
    NEXT, FEB, MARCH = (stamp[:10] for stamp in stamps[:3])
    FEB_STAMP = stamps[1]


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(timezone, "now", moved)
    return moved


def skip_feb(jane: Client) -> ShipmentSkip:
    assert (
        confirm(jane, f"/account/subscriptions/{ACTIVE}/skip_shipment/", {"shipment": FEB}).status_code == 302
    )
    mail.outbox.clear()
    return ShipmentSkip.objects.get(auto_order_oid=ACTIVE)


def january_ships(sandbox) -> None:
    """What UltraCart does when the next rebill goes out: the next shipment becomes the one after it."""
    notice = (datetime.fromisoformat(FEB_STAMP) - timedelta(days=3)).isoformat()
    item = {
        "auto_order_item_oid": 50011,
        "next_shipment_dts": FEB_STAMP,
        "next_preshipment_notice_dts": notice,
    }
    assert sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json={"items": [item]}).status_code == 200


def due(clock: Clock, row: ShipmentSkip) -> None:
    clock.offset = row.run_at - timezone.now() + clock.offset + timedelta(minutes=1)


def test_two_workers_skip_it_once_when_it_is_the_next_shipment(sandbox, jane, clock):
    row = skip_feb(jane)
    shipment_skip_run.using(run_after=row.run_at).enqueue(skip_id=row.id)  # a second copy of the task
    run_workers(1)  # before its run: nothing
    assert ShipmentSkip.objects.get().status == "pending"
    january_ships(sandbox)
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.clear_requests()
    due(clock, row)
    run_workers(2)
    after = raw_auto_order(sandbox, ACTIVE)
    assert after["items"][0]["next_shipment_dts"].startswith(MARCH)  # one interval on
    assert changed_fields(before, after) == {
        "items[].next_shipment_dts",
        "items[].next_preshipment_notice_dts",
        "next_attempt",  # UltraCart's own, recomputed from the new date (the sandbox does as it does)
    }
    ops = sandbox.operations()
    assert ops[:2] == ["getAutoOrder", "updateAutoOrder"] and ops.count("updateAutoOrder") == 1
    assert len(ops) == 3  # the worker's 2, then the test's raw read
    done = ShipmentSkip.objects.get()
    assert done.status == "done" and done.moved_to is not None and done.moved_to.date().isoformat() == MARCH
    worker = AuditEntry.objects.filter(action="skip_shipment", client_address="worker")
    assert [(e.result, e.detail) for e in worker] == [("ok", f"worker: shipment={FEB}")]
    assert SkipRun.objects.get(auto_order_oid=ACTIVE).count == 1  # applied, it counts as a skip in a row
    assert mail.outbox == []  # the customer was told when choosing it
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert f'data-shipment="{MARCH}"' in page and 'data-skipped="yes"' not in page


def test_a_failed_write_changes_nothing_says_so_and_is_retried(sandbox, jane, clock):
    row = skip_feb(jane)
    january_ships(sandbox)
    before = raw_auto_order(sandbox, ACTIVE)
    due(clock, row)
    sandbox.fault(status=500, operations=["updateAutoOrder"], count=2)  # the write and its one retry
    run_workers(1)
    assert raw_auto_order(sandbox, ACTIVE) == before
    failed = ShipmentSkip.objects.get()
    assert (failed.status, failed.last_error) == ("pending", "ActionFailed")
    assert AuditEntry.objects.get(action="skip_shipment", client_address="worker").result == "failed"

    clock.offset += timedelta(minutes=6)  # the backoff has passed
    run_workers(1)
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(MARCH)
    assert ShipmentSkip.objects.get().attempts == 2 and ShipmentSkip.objects.get().status == "done"


def test_not_the_next_one_yet_waits_and_tries_again(sandbox, jane, clock):
    row = skip_feb(jane)
    due(clock, row)  # Jan. 1 has not gone out (UltraCart's run is late)
    run_workers(1)
    waiting = ShipmentSkip.objects.get()
    assert waiting.status == "pending" and "not gone out yet" in waiting.last_error
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(NEXT)
    january_ships(sandbox)
    clock.offset += shipment_skip_worker.NOT_NEXT_YET_WAIT + timedelta(minutes=1)
    run_workers(1)
    assert ShipmentSkip.objects.get().status == "done"


def test_a_schedule_the_customer_changed_is_left_alone_and_they_are_told(sandbox, jane, clock):
    row = skip_feb(jane)
    # Jane moved her next shipment 9 days on: the monthly dates follow it, FEB is no shipment any more.
    later = (datetime.fromisoformat(shipment_stamps(sandbox, ACTIVE)[0]) + timedelta(days=9)).isoformat()
    item = {"auto_order_item_oid": 50011, "next_shipment_dts": later}
    sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json={"items": [item]})
    ultracart.auto_order_cache_invalidate(auto_order_oid=ACTIVE)  # as UltraCart's webhook would
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert 'data-skip="stale"' in page and "the skip won't apply" in page
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.clear_requests()
    due(clock, row)
    run_workers(1)
    assert raw_auto_order(sandbox, ACTIVE) == before and "updateAutoOrder" not in sandbox.operations()
    assert ShipmentSkip.objects.get().status == "obsolete"
    assert AuditEntry.objects.get(action="skip_shipment", client_address="worker").result == "skipped"
    assert len(mail.outbox) == 1 and "will go out after all" in mail.outbox[0].subject
    assert "did not apply: your schedule changed" in mail.outbox[0].body


def test_an_undone_skip_never_runs(sandbox, jane, clock):
    row = skip_feb(jane)
    assert (
        confirm(jane, f"/account/subscriptions/{ACTIVE}/unskip_shipment/", {"shipment": FEB}).status_code
        == 302
    )
    january_ships(sandbox)
    sandbox.clear_requests()
    due(clock, row)
    run_workers(1)
    assert "updateAutoOrder" not in sandbox.operations() and ShipmentSkip.objects.get().status == "canceled"


def test_staff_run_now_and_cancel_from_the_admin(sandbox, jane, admin_client):
    row = skip_feb(jane)
    page = admin_client.get("/admin/subscriptions/shipmentskip/").content.decode()
    assert str(ACTIVE) in page and shown(FEB) in page and "pending" in page
    response = admin_client.post(
        "/admin/subscriptions/shipmentskip/", {"action": "run_now", "_selected_action": [row.pk]}, follow=True
    )
    assert "not the next shipment yet" in response.content.decode()  # Jan. 1 has not gone out
    january_ships(sandbox)
    admin_client.post(
        "/admin/subscriptions/shipmentskip/", {"action": "run_now", "_selected_action": [row.pk]}
    )
    assert ShipmentSkip.objects.get().status == "done"
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(MARCH)
    staff = AuditEntry.objects.filter(action="skip_shipment", detail__startswith="staff admin: run now")
    assert [e.result for e in staff.order_by("id")] == ["skipped", "ok"]


def test_staff_cancel_a_pending_skip(sandbox, jane, admin_client):
    row = skip_feb(jane)
    admin_client.post(
        "/admin/subscriptions/shipmentskip/", {"action": "cancel", "_selected_action": [row.pk]}
    )
    assert ShipmentSkip.objects.get().status == "canceled"
    assert AuditEntry.objects.get(action="unskip_shipment").detail == "staff admin: canceled"
