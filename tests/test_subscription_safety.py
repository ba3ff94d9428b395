"""Safety of every action: strangers, CSRF, state, UltraCart failures, double submits."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.merchant.models import AuditEntry
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import (
    ACTIVE,
    CANCELED,
    FAILED,
    PAUSED,
    confirm,
    raw_auto_order,
    review_token,
)

pytestmark = pytest.mark.django_db


def same_page(a: bytes, b: bytes) -> bool:
    """Equal but for the per-response CSRF token masking (the header's sign-out form)."""
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub(b"", a) == token.sub(b"", b)


@pytest.mark.parametrize("path", ["", "pause/", "resume/", "skip/", "reschedule/", "cancel/", "card/"])
def test_a_strangers_auto_order_is_the_same_404_as_a_missing_one(sandbox, jane, path):
    stranger = jane.get(f"/account/subscriptions/{CANCELED}/{path}")  # María's
    missing = jane.get(f"/account/subscriptions/999999/{path}")
    assert stranger.status_code == missing.status_code == 404
    assert same_page(stranger.content, missing.content)


def test_a_strangers_post_changes_nothing(sandbox, jane, client):
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    token = review_token(jane, f"/account/subscriptions/{ACTIVE}/pause/", {"mode": "indefinite"})
    before = raw_auto_order(sandbox, ACTIVE)
    response = maria.post(
        f"/account/subscriptions/{ACTIVE}/pause/", {"step": "confirm", "token": token, "mode": "indefinite"}
    )
    assert response.status_code == 404
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(email="maria.garcia@example.es")
    assert (entry.action, entry.result, entry.auto_order_oid) == ("pause", "not_found", ACTIVE)


def test_signed_out_visitors_go_to_sign_in(sandbox, client):
    response = client.get("/account/subscriptions/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")
    assert sandbox.operations() == []


def test_missing_csrf_token_is_403(sandbox):
    browser = client_sign_in(Client(enforce_csrf_checks=True), "jane.doe@example.com")
    before = raw_auto_order(sandbox, ACTIVE)
    response = browser.post(
        f"/account/subscriptions/{ACTIVE}/pause/", {"step": "confirm", "mode": "indefinite"}
    )
    assert response.status_code == 403
    assert raw_auto_order(sandbox, ACTIVE) == before


@pytest.mark.parametrize(
    ("oid", "action", "data"),
    [
        (ACTIVE, "resume", None),  # not paused
        (PAUSED, "pause", {"mode": "indefinite"}),  # already paused
        (PAUSED, "skip", None),
        (PAUSED, "reschedule", {"day": "2099-01-01"}),
    ],
)
def test_a_disallowed_action_in_an_active_state(sandbox, jane, oid, action, data):
    before = raw_auto_order(sandbox, oid)
    page = jane.get(f"/account/subscriptions/{oid}/{action}/")
    assert page.status_code == 409 and "isn&#x27;t available" in page.content.decode()
    assert 'name="token"' not in page.content.decode()
    assert raw_auto_order(sandbox, oid) == before


@pytest.mark.parametrize("action", ["pause", "resume", "skip", "reschedule", "cancel"])
@pytest.mark.parametrize("oid", [FAILED])
def test_nothing_but_the_card_on_a_failed_charge(sandbox, oid, action):
    obrien = client_sign_in(Client(), "obrien@example.com")
    assert obrien.get(f"/account/subscriptions/{oid}/{action}/").status_code == 409
    page = obrien.get(f"/account/subscriptions/{oid}/").content.decode()
    assert "Stopped after a failed charge" in page and "payment didn" in page and "Update your card" in page


@pytest.mark.parametrize("action", ["pause", "resume", "skip", "reschedule", "cancel", "card"])
def test_nothing_on_a_canceled_subscription(sandbox, action):
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    response = maria.get(f"/account/subscriptions/{CANCELED}/{action}/")
    assert response.status_code in (302, 409)
    assert raw_auto_order(sandbox, CANCELED)["status"] == "canceled"


def test_a_posted_action_is_checked_on_the_fresh_read(sandbox, jane):
    """The page was allowed when it was shown; by the confirm click UltraCart says paused: refused."""
    token = review_token(jane, f"/account/subscriptions/{ACTIVE}/skip/")
    sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}/pause", json={})
    before = raw_auto_order(sandbox, ACTIVE)
    response = confirm(jane, f"/account/subscriptions/{ACTIVE}/skip/", token=token)
    assert response.status_code == 409
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert AuditEntry.objects.get(action="skip").result == "refused"


def test_reschedule_out_of_bounds_is_refused_on_the_server(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/reschedule/"
    token = review_token(jane, url, {"day": (timezone.localdate() + timedelta(days=5)).isoformat()})
    before = raw_auto_order(sandbox, ACTIVE)
    for day in ("2000-01-01", "2099-01-01"):
        review = jane.post(url, {"step": "review", "day": day})
        assert "Please choose a date between" in review.content.decode()
        forged = jane.post(url, {"step": "confirm", "token": token, "day": day})
        assert forged.status_code == 200  # the form refuses it before any write
    assert raw_auto_order(sandbox, ACTIVE) == before


@pytest.mark.parametrize(
    ("action", "operation", "data"),
    [
        ("pause", "pauseAutoOrder", {"mode": "indefinite"}),
        ("skip", "updateAutoOrder", None),
        ("cancel", "updateAutoOrder", {"reason": "Moving"}),
    ],
)
def test_a_failed_ultracart_write_changes_nothing_and_says_so(sandbox, jane, action, operation, data):
    url = f"/account/subscriptions/{ACTIVE}/{action}/"
    token = review_token(jane, url, data)
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.fault(status=500, operations=[operation])  # an outage (a 400 is UltraCart refusing: see below)
    response = confirm(jane, url, data, token=token)
    sandbox.clear_faults()
    assert response.status_code == 503
    assert "nothing was changed" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(action=action)
    assert entry.result == "failed" and entry.before["status"] == "active" and entry.after == {}


def test_a_double_submit_acts_once(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/skip/"
    token = review_token(jane, url)
    first = confirm(jane, url, token=token)
    after_first = raw_auto_order(sandbox, ACTIVE)
    second = confirm(jane, url, token=token)
    assert first.status_code == second.status_code == 302
    assert raw_auto_order(sandbox, ACTIVE) == after_first
    assert [e.result for e in AuditEntry.objects.filter(action="skip").order_by("id")] == ["ok", "repeated"]
    assert sandbox.operations().count("updateAutoOrder") == 1


def test_consecutive_skips_are_capped(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_MAX_SKIPS = 1
    url = f"/account/subscriptions/{ACTIVE}/skip/"
    assert confirm(jane, url).status_code == 302
    assert jane.get(url).status_code == 409
    assert "skipped as many" in jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()


def test_merchant_settings_hide_actions(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "cancel"]
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "/pause/" in page and "/cancel/" in page and "/skip/" not in page and "/reschedule/" not in page
    assert jane.get(f"/account/subscriptions/{ACTIVE}/skip/").status_code == 409
