"""Writes to one auto order are serial (the write lock), and a write with an unknown outcome is read back.

Against the sandbox over real HTTP, with latency faults on the writes; threads stand in for two processes
(tests/test_subscription_write_race.py runs the real thing)."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from portal import ultracart
from portal.ultracart.auto_order_writes import CONFIRMED_BY_READ_BACK
from tests.subscriptions_helpers import ACTIVE, PAUSED, raw_auto_order

pytestmark = pytest.mark.django_db


def in_thread(target, *args, **kwargs) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = target(*args, **kwargs)
        except Exception as error:  # handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_cancel_during_a_slow_resume_waits_and_is_not_undone(sandbox):
    """The worker's resume is in flight (1.5 s); a cancel meanwhile writes after it, on a new read."""
    sandbox.fault(latency_ms=1500, operations=["updateAutoOrder"], count=1)
    seen: list[bool] = []
    resume, resumed = in_thread(ultracart.auto_order_update, auto_order_oid=PAUSED, paused=False)
    time.sleep(0.4)  # the resume holds the lock and its PUT is in flight
    canceled = ultracart.auto_order_update(
        auto_order_oid=PAUSED,
        enabled=False,
        cancel_reason="Moving",
        canceled_by_user="customer",
        precondition=lambda fresh: seen.append(fresh.paused),
    )
    resume.join(10)
    assert "error" not in resumed
    assert seen == [False]  # the cancel read what the resume left, not what was there before
    operations = sandbox.operations()
    raw = raw_auto_order(sandbox, PAUSED)
    assert (raw["status"], raw["cancel_reason"]) == ("canceled", "Moving") and canceled.status_label
    assert operations == [
        "getAutoOrder",
        "updateAutoOrder",
        "getAutoOrder",
        "updateAutoOrder",
    ]


def test_a_writer_that_waits_too_long_sends_nothing(sandbox, settings):
    settings.ULTRACART_DEADLINE = 2.0  # the waiting page's deadline: 0.5 s of waiting, 1.5 kept in reserve
    sandbox.fault(latency_ms=1500, operations=["pauseAutoOrder"], count=1)
    first, paused = in_thread(ultracart.auto_order_pause, auto_order_oid=ACTIVE)
    time.sleep(0.3)
    with pytest.raises(ultracart.WriteInProgress):
        ultracart.auto_order_update(auto_order_oid=ACTIVE, enabled=False, cancel_reason="Moving")
    first.join(10)
    assert "error" not in paused
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder"]  # the second writer sent nothing


def test_an_unanswered_write_that_landed_is_confirmed_by_reading_it_back(sandbox, settings):
    settings.ULTRACART_READ_TIMEOUT = 1.0
    settings.ULTRACART_DEADLINE = 4.0
    sandbox.fault(latency_ms=1800, operations=["pauseAutoOrder"], count=1)  # lands after we gave up
    paused = ultracart.auto_order_pause(auto_order_oid=ACTIVE)
    assert paused.paused and ultracart.auto_order_write_note() == CONFIRMED_BY_READ_BACK
    # Never written twice: a timeout is read back (twice, after a short settle), not retried.
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder", "getAutoOrder", "getAutoOrder"]


def test_an_unanswered_write_not_seen_yet_is_unconfirmed_and_keeps_the_lock(sandbox, settings):
    settings.ULTRACART_READ_TIMEOUT = 1.0
    settings.ULTRACART_DEADLINE = 2.0
    sandbox.fault(latency_ms=2500, operations=["pauseAutoOrder"], count=1)
    started = time.monotonic()
    with pytest.raises(ultracart.WriteUnconfirmed):
        ultracart.auto_order_pause(auto_order_oid=ACTIVE)
    assert sandbox.operations().count("pauseAutoOrder") == 1
    # The write may still land: nobody else may write over it until the lock expires.
    with pytest.raises(ultracart.WriteInProgress):
        ultracart.auto_order_update(auto_order_oid=ACTIVE, enabled=False, cancel_reason="Moving")
    time.sleep(max(0.0, 2.8 - (time.monotonic() - started)))
    assert all(item["paused"] for item in raw_auto_order(sandbox, ACTIVE)["items"])  # it did land


def test_a_dropped_write_is_read_back_and_not_repeated(sandbox, settings):
    settings.ULTRACART_DEADLINE = 2.0
    sandbox.fault(status=0, operations=["pauseAutoOrder"], count=1)
    with pytest.raises(ultracart.WriteUnconfirmed):
        ultracart.auto_order_pause(auto_order_oid=ACTIVE)
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder", "getAutoOrder", "getAutoOrder"]
    assert not any(item["paused"] for item in raw_auto_order(sandbox, ACTIVE)["items"])


@pytest.mark.parametrize("days", [2, 3])
def test_moving_the_next_shipment_soon_keeps_the_notice_in_the_future(sandbox, days):
    """The demo notice is 3 days before the shipment: moved by the same amount it fell in the past (400)."""
    when = datetime.combine(datetime.now(UTC).date() + timedelta(days=days), datetime.min.time(), UTC)
    ultracart.auto_order_update(auto_order_oid=ACTIVE, next_shipment_at=when)
    item = raw_auto_order(sandbox, ACTIVE)["items"][0]
    notice = datetime.fromisoformat(item["next_preshipment_notice_dts"])
    assert datetime.now(UTC) < notice < datetime.fromisoformat(item["next_shipment_dts"]) == when


def test_the_sandbox_refuses_a_notice_in_the_past_or_after_the_shipment(sandbox):
    item = raw_auto_order(sandbox, ACTIVE)["items"][0]
    soon = datetime.now(UTC) + timedelta(days=2)
    for notice in (datetime.now(UTC) - timedelta(days=1), soon + timedelta(hours=1)):
        moved = {
            "auto_order_item_oid": item["auto_order_item_oid"],
            "next_shipment_dts": soon.isoformat(),
            "next_preshipment_notice_dts": notice.isoformat(),
        }
        response = sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json={"items": [moved]})
        assert response.status_code == 400, response.text
