"""Each action against the sandbox: the whole auto order before and after, only the intended fields changed;
the confirmation email; the audit entry."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.merchant.models import AuditEntry
from portal.subscriptions.models import ScheduledResume
from tests.subscriptions_helpers import ACTIVE, PAUSED, changed_fields, confirm, raw_auto_order

pytestmark = pytest.mark.django_db


def act(client, sandbox, oid, action, data=None):
    before = raw_auto_order(sandbox, oid)
    response = confirm(client, f"/account/subscriptions/{oid}/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/account/subscriptions/{oid}/"
    after = raw_auto_order(sandbox, oid)
    return before, after


def test_pause_changes_only_paused(sandbox, jane):
    before, after = act(jane, sandbox, ACTIVE, "pause", {"mode": "indefinite"})
    # next_attempt is UltraCart's own: with every item paused there is none (the sandbox recomputes it)
    assert changed_fields(before, after) == {"items[].paused", "next_attempt"}
    assert all(item["paused"] for item in after["items"]) and "next_attempt" not in after
    entry = AuditEntry.objects.get(action="pause")
    assert (entry.result, entry.email, entry.auto_order_oid) == ("ok", "jane.doe@example.com", ACTIVE)
    assert entry.before["paused"] is False and entry.after["paused"] is True
    assert entry.ultracart_request_id and entry.client_address == "127.0.0.1"
    assert entry.order_id == "DEMO-0009100012"
    assert [m.to for m in mail.outbox] == [["jane.doe@example.com"]]
    assert "paused" in mail.outbox[0].subject
    message = mail.outbox[0]
    assert isinstance(message, mail.EmailMultiAlternatives)
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert 'data-status="paused"' in page and "Resume now" in page


def test_pause_until_a_date_records_the_resume(sandbox, jane):
    day = timezone.localdate() + timedelta(days=20)
    before, after = act(jane, sandbox, ACTIVE, "pause", {"mode": "until", "until": day.isoformat()})
    assert changed_fields(before, after) == {"items[].paused", "next_attempt"}
    resume = ScheduledResume.objects.get(auto_order_oid=ACTIVE)
    assert resume.status == "pending" and resume.resume_at.date() == day
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert 'data-status="paused_until"' in page and "Resumes on" in page
    assert f'<time datetime="{day.isoformat()}">' in page
    assert "resumes on" in mail.outbox[0].body
    assert AuditEntry.objects.get(action="pause_until").result == "ok"


def test_pause_for_two_shipments_resumes_before_the_third(sandbox, jane):
    raw = sandbox.api(
        "GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": "items.future_schedules"}
    )
    third = raw.json()["auto_order"]["items"][0]["future_schedules"][2]["shipment_dts"]
    act(jane, sandbox, ACTIVE, "pause", {"mode": "shipments", "shipments": "2"})
    resume = ScheduledResume.objects.get(auto_order_oid=ACTIVE)
    assert resume.resume_at.date() == (datetime.fromisoformat(third) - timedelta(days=2)).date()


def test_resume_changes_only_paused_and_cancels_a_timed_resume(sandbox, jane):
    ScheduledResume.objects.create(
        auto_order_oid=PAUSED, email="jane.doe@example.com", resume_at=timezone.now() + timedelta(days=9)
    )
    before, after = act(jane, sandbox, PAUSED, "resume")
    assert changed_fields(before, after) == {"items[].paused", "next_attempt"}  # UltraCart's, recomputed
    assert after["next_attempt"] == after["items"][0]["next_shipment_dts"]
    assert ScheduledResume.objects.get(auto_order_oid=PAUSED).status == "canceled"
    assert "active again" in mail.outbox[0].subject


def test_resume_moves_a_past_next_shipment_to_the_earliest_allowed_date(sandbox, jane):
    raw = raw_auto_order(sandbox, PAUSED)
    past = (timezone.now() - timedelta(days=3)).replace(microsecond=0).isoformat()
    raw["items"][0]["next_shipment_dts"] = past
    sandbox.add_auto_orders(raw)
    before, after = act(jane, sandbox, PAUSED, "resume")
    assert changed_fields(before, after) == {"items[].paused", "items[].next_shipment_dts", "next_attempt"}
    moved = datetime.fromisoformat(after["items"][0]["next_shipment_dts"])
    assert moved.date() == timezone.localdate() + timedelta(days=2)


def test_skip_moves_the_next_shipment_one_interval(sandbox, jane):
    raw = sandbox.api(
        "GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": "items.future_schedules"}
    )
    second = raw.json()["auto_order"]["items"][0]["future_schedules"][1]["shipment_dts"]
    page = jane.get(f"/account/subscriptions/{ACTIVE}/skip/").content.decode()
    assert "What will change" in page  # the new date is shown before confirming
    before, after = act(jane, sandbox, ACTIVE, "skip")
    assert changed_fields(before, after) == {
        "items[].next_shipment_dts",
        "items[].next_preshipment_notice_dts",
        "next_attempt",  # UltraCart's, recomputed from the new date
    }
    assert after["next_attempt"] == after["items"][0]["next_shipment_dts"]
    assert datetime.fromisoformat(after["items"][0]["next_shipment_dts"]) == (datetime.fromisoformat(second))
    assert "skipped" in mail.outbox[0].subject  # skip emails like the other actions (issue 22)


def test_reschedule_to_a_chosen_day(sandbox, jane):
    day = timezone.localdate() + timedelta(days=10)
    before, after = act(jane, sandbox, ACTIVE, "reschedule", {"day": day.isoformat()})
    assert changed_fields(before, after) == {
        "items[].next_shipment_dts",
        "items[].next_preshipment_notice_dts",
        "next_attempt",  # UltraCart's, recomputed from the new date
    }
    assert after["next_attempt"] == after["items"][0]["next_shipment_dts"]
    assert after["items"][0]["next_shipment_dts"].startswith(day.isoformat())
    assert "new date" in mail.outbox[0].subject


def test_cancel_with_a_reason(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/cancel/"
    review = jane.post(url, {"step": "review", "reason": "Too expensive"}).content.decode()
    # "Too expensive" is answered with the discount and a pause (the default map; tests/test_save_offers.py)
    assert "You can reactivate it from this page later." in review
    assert "Take 20% off your next 2 shipments" in review
    assert "Pause instead" in review and "Skip the next shipment instead" not in review
    before, after = act(jane, sandbox, ACTIVE, "cancel", {"reason": "Too expensive"})
    assert changed_fields(before, after) == {
        "enabled",
        "status",
        "canceled_dts",
        "cancel_reason",
        "canceled_by_user",
    }
    assert (after["status"], after["cancel_reason"], after["canceled_by_user"]) == (
        "canceled",
        "Too expensive",
        "customer",
    )
    assert "canceled" in mail.outbox[0].subject and "Too expensive" in mail.outbox[0].body
    assert 'data-status="canceled"' in jane.get(url.replace("cancel/", "")).content.decode()


def test_update_card_redirects_to_ultracart(sandbox, jane):
    response = jane.get(f"/account/subscriptions/{ACTIVE}/card/")
    assert response.status_code == 302 and "/update-billing/" in response["Location"]
    assert AuditEntry.objects.get(action="update_card").result == "sent_to_card_page"  # not "ok" (issue 22)


def test_the_skip_email_speaks_the_customers_language(sandbox, jane):
    jane.cookies["django_language"] = "es"
    confirm(jane, f"/account/subscriptions/{ACTIVE}/skip/")
    assert "omitido" in mail.outbox[0].subject and "Próximo envío" in mail.outbox[0].body


def test_emails_speak_the_customers_language(sandbox, jane):
    jane.cookies["django_language"] = "es"
    confirm(
        jane,
        f"/account/subscriptions/{ACTIVE}/pause/",
        {"mode": "indefinite"},
    )
    assert "pausada" in mail.outbox[0].subject
