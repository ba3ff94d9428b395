"""The order page's subscription note follows the subscription's state (issue 22, item 2): the invitation to
"pause, skip, reschedule" only for an active one; a paused one says until when; a canceled or stopped one
says so plainly. The same note on the merchant's preview. A brand-new order costs no extra call."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from tests.sessions import client_sign_in, merchant_staff
from tests.subscriptions_helpers import ACTIVE, confirm

pytestmark = pytest.mark.django_db
NEW_ORDER = "DEMO-0009100012"  # started 5001 moments before start-up (active)
PAUSED_ORDER = "DEMO-0009100001"  # started 5002, paused
FAILED_ORDER = "DEMO-0009100003"  # started 5004, stopped after a failed charge
INVITATION = "Pause, skip, reschedule or change it whenever you like."


def note_of(page: str) -> tuple[str, str]:
    match = re.search(r'data-subscription-state="([a-z_]+)">(.*?)</section>', page, re.S)
    assert match, "no subscription note on the page"
    return match.group(1), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()


def test_a_new_orders_active_subscription_invites_changes_at_no_extra_call(client, sandbox):
    page = client.get("/thank-you/", {"OrderToken": sandbox.token_for(NEW_ORDER)}).content.decode()
    state, words = note_of(page)
    assert state == "active" and INVITATION in words
    assert "getAutoOrder" not in sandbox.operations()


def test_after_a_cancel_the_note_says_canceled(sandbox, jane):
    response = confirm(jane, f"/account/subscriptions/{ACTIVE}/cancel/", {"reason": "Too expensive"})
    assert response.status_code == 302
    state, words = note_of(jane.get(f"/orders/{NEW_ORDER}/").content.decode())
    assert state == "canceled" and INVITATION not in words
    assert "canceled" in words and "Nothing more will ship or be charged." in words


def test_a_timed_pause_says_until_when(sandbox, jane):
    day = timezone.localdate() + timedelta(days=30)
    confirm(jane, f"/account/subscriptions/{ACTIVE}/pause/", {"mode": "until", "until": day.isoformat()})
    state, words = note_of(jane.get(f"/orders/{NEW_ORDER}/").content.decode())
    assert state == "paused_until" and INVITATION not in words
    assert f"paused until {date_format(day, 'DATE_FORMAT')}." in words


def test_an_older_order_asks_ultracart_once_and_says_paused(sandbox, jane):
    state, words = note_of(jane.get(f"/orders/{PAUSED_ORDER}/").content.decode())
    assert state == "paused" and "Nothing ships or is charged until you resume it." in words
    assert sandbox.operations().count("getAutoOrder") == 1
    sandbox.clear_requests()
    jane.get(f"/orders/{PAUSED_ORDER}/")
    assert sandbox.operations() == []


def test_a_failed_charge_says_the_subscription_stopped(sandbox):
    obrien = client_sign_in(Client(), "obrien@example.com")
    state, words = note_of(obrien.get(f"/orders/{FAILED_ORDER}/").content.decode())
    assert state == "failed_charge" and INVITATION not in words and "failed charge" in words


def test_when_ultracart_cannot_answer_the_note_comes_from_the_order(sandbox):
    obrien = client_sign_in(Client(), "obrien@example.com")
    sandbox.fault(status=503, operations=["getAutoOrder"])
    response = obrien.get(f"/orders/{FAILED_ORDER}/")
    assert response.status_code == 200
    assert note_of(response.content.decode())[0] == "failed_charge"  # the order's own auto_order pointer


def test_the_merchant_preview_shows_the_same_note(client, sandbox):
    client.force_login(merchant_staff("merchant", "preview_thank_you"))
    page = client.post("/admin/preview-thank-you/", {"order_id": FAILED_ORDER}, follow=True).content.decode()
    state, words = note_of(page)
    assert state == "failed_charge" and INVITATION not in words
