"""Subscription writes that lose nothing and tell the truth (issue 20 items 1-3 and the subscription part of
12): concurrent confirms give one write, an unknown outcome is read back and told as it is, UltraCart's
refusal is not an outage, and refused forms are audited. Pages through Django's test client, UltraCart the
sandbox over real HTTP."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from portal.merchant.models import AuditEntry
from portal.subscriptions.models import SkipRun
from portal.ultracart import write_lock
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, JANE, confirm, raw_auto_order, review_token

pytestmark = pytest.mark.django_db(transaction=True)  # the threads' requests see each other's rows
SKIP = f"/account/subscriptions/{ACTIVE}/skip/"
RESCHEDULE = f"/account/subscriptions/{ACTIVE}/reschedule/"
PAUSE = f"/account/subscriptions/{ACTIVE}/pause/"
CANCEL = f"/account/subscriptions/{ACTIVE}/cancel/"


def tab() -> Client:
    return client_sign_in(Client(), JANE)


def test_three_parallel_skips_make_one_write_one_ok_and_one_count(sandbox):
    tabs = [tab() for _ in range(3)]
    tokens = [review_token(browser, SKIP) for browser in tabs]
    sandbox.fault(latency_ms=600, operations=["updateAutoOrder"])
    sandbox.clear_requests()
    start, statuses = threading.Barrier(3), []

    def click(browser: Client, token: str) -> None:
        start.wait()
        statuses.append(confirm(browser, SKIP, token=token).status_code)

    threads = [threading.Thread(target=click, args=pair) for pair in zip(tabs, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(statuses) == [302, 409, 409]
    assert sandbox.operations().count("updateAutoOrder") == 1
    results = sorted(e.result for e in AuditEntry.objects.filter(action="skip"))
    assert results == ["ok", "refused", "refused"]
    assert SkipRun.objects.get(auto_order_oid=ACTIVE).count == 1


def test_two_tabs_with_different_actions_one_writes_the_other_is_told_it_changed(sandbox):
    skip_tab, reschedule_tab = tab(), tab()
    day = {"day": (timezone.localdate() + timedelta(days=12)).isoformat()}
    skip_token = review_token(skip_tab, SKIP)
    reschedule_token = review_token(reschedule_tab, RESCHEDULE, day)
    assert confirm(skip_tab, SKIP, token=skip_token).status_code == 302
    skipped = raw_auto_order(sandbox, ACTIVE)
    late = confirm(reschedule_tab, RESCHEDULE, day, token=reschedule_token)
    assert late.status_code == 409 and "changed meanwhile" in late.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == skipped  # the skip stands
    assert sandbox.operations().count("updateAutoOrder") == 1
    assert AuditEntry.objects.get(action="reschedule").result == "refused"
    # The page shows the state as it is now, with a token for it: confirming again works.
    assert confirm(reschedule_tab, RESCHEDULE, day).status_code == 302


def test_a_write_that_landed_after_a_timeout_is_told_as_done(sandbox, settings):
    settings.ULTRACART_READ_TIMEOUT = 1.0
    settings.ULTRACART_DEADLINE = 4.0
    jane = tab()
    token = review_token(jane, PAUSE, {"mode": "indefinite"})
    sandbox.fault(latency_ms=1800, operations=["pauseAutoOrder"], count=1)
    response = confirm(jane, PAUSE, {"mode": "indefinite"}, token=token)
    assert response.status_code == 302
    page = jane.get(response["Location"]).content.decode()
    assert "Your subscription is paused." in page and "nothing was changed" not in page
    entry = AuditEntry.objects.get(action="pause")
    assert entry.result == "ok" and "re-reading showed it had landed" in entry.detail
    assert len(mail.outbox) == 1 and "paused" in mail.outbox[0].subject


def test_a_write_still_unknown_says_so_and_sends_no_email(sandbox, settings):
    settings.ULTRACART_READ_TIMEOUT = 1.0
    settings.ULTRACART_DEADLINE = 2.0
    jane = tab()
    token = review_token(jane, CANCEL, {"reason": "Moving"})
    sandbox.fault(latency_ms=2500, operations=["updateAutoOrder"], count=1)
    started = time.monotonic()
    response = confirm(jane, CANCEL, {"reason": "Moving"}, token=token)
    assert response.status_code == 302
    page = jane.get(response["Location"]).content.decode()
    assert "couldn&#x27;t confirm whether your change went through" in page
    assert "nothing was changed" not in page
    assert AuditEntry.objects.get(action="cancel").result == "unknown"
    assert mail.outbox == []
    time.sleep(max(0.0, 2.8 - (time.monotonic() - started)))  # let the slow write land before the reset


def test_the_earliest_offered_reschedule_date_is_accepted(sandbox, settings):
    day = timezone.localdate() + timedelta(days=settings.PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS)
    response = confirm(tab(), RESCHEDULE, {"day": day.isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(day.isoformat())


def test_an_ultracart_refusal_is_said_plainly_not_as_an_outage(sandbox):
    jane = tab()
    day = {"day": (timezone.localdate() + timedelta(days=9)).isoformat()}
    token = review_token(jane, RESCHEDULE, day)
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.fault(status=400, operations=["updateAutoOrder"])
    response = confirm(jane, RESCHEDULE, day, token=token)
    page = response.content.decode()
    assert response.status_code == 409
    assert "UltraCart didn&#x27;t accept that change (the new date of your next shipment)" in page
    assert "couldn&#x27;t reach" not in page and "Injected fault" not in page  # no developer text
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(action="reschedule")
    assert entry.result == "rejected" and "UltraCart 400" in entry.detail


def test_a_forged_token_is_refused_and_audited(sandbox):
    jane = tab()
    before = raw_auto_order(sandbox, ACTIVE)
    response = confirm(jane, SKIP, token="forged:token")
    assert response.status_code == 409 and 'name="token"' in response.content.decode()  # can confirm again
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(action="skip")
    assert (entry.result, entry.detail) == ("refused", "forged or malformed form token")


def test_a_hostile_cancel_reason_is_refused_audited_and_never_echoed(sandbox):
    jane = tab()
    token = review_token(jane, CANCEL, {"reason": "Moving"})
    hostile = '<script>alert("x")</script>'
    response = confirm(jane, CANCEL, {"reason": hostile}, token=token)
    assert response.status_code == 200 and hostile not in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE)["status"] == "active"
    entry = AuditEntry.objects.get(action="cancel")
    assert (entry.result, entry.detail) == ("refused", "invalid form: reason")
    assert "script" not in str(entry.before) + str(entry.after)


def test_a_held_write_lock_answers_busy_with_retry_after(sandbox, settings):
    settings.ULTRACART_DEADLINE = 2.0  # waits 0.5 s, keeping 1.5 s for its own calls
    jane = tab()
    token = review_token(jane, SKIP)
    cache.add(write_lock._key(ACTIVE), "another writer", timeout=30)
    response = confirm(jane, SKIP, token=token)
    assert response.status_code == 409 and response["Retry-After"] == "5"
    assert "being saved right now" in response.content.decode()
    assert "updateAutoOrder" not in sandbox.operations()
    assert AuditEntry.objects.get(action="skip").result == "busy"


def test_pruning_the_audit_log_does_not_re_enable_skipping(sandbox, settings):
    settings.PORTAL_SUBSCRIPTION_MAX_SKIPS = 1
    jane = tab()
    assert confirm(jane, SKIP).status_code == 302
    AuditEntry.objects.all().delete()
    assert jane.get(SKIP).status_code == 409


def test_reschedule_keeps_the_time_of_day_and_offset_ultracart_gave(sandbox):
    item = raw_auto_order(sandbox, ACTIVE)["items"][0]
    current = timezone.localdate() + timedelta(days=6)
    moved = {
        "auto_order_item_oid": item["auto_order_item_oid"],
        "next_shipment_dts": f"{current}T10:30:00-04:00",
        "next_preshipment_notice_dts": f"{current - timedelta(days=2)}T10:30:00-04:00",
    }
    assert sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json={"items": [moved]}).status_code == 200
    day = timezone.localdate() + timedelta(days=20)
    jane = tab()
    review = jane.post(RESCHEDULE, {"step": "review", "day": day.isoformat()}).content.decode()
    assert "Later shipments" in review and "every month from" in review  # later ones move with it
    assert confirm(jane, RESCHEDULE, {"day": day.isoformat()}).status_code == 302
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"] == f"{day}T10:30:00.000-04:00"
