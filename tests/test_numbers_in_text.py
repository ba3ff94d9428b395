"""Numbers in customer text come from the setting or constant they describe: change it, and the text follows
(the sign-in lock, the admin login lock, the sign-in code's lifetime, the receipt resend interval)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from portal.accounts import codes
from portal.receipts import views as receipt_views

pytestmark = pytest.mark.django_db
JANE = "jane.doe@example.com"


def _ask(client: Client, email: str = JANE):
    return client.post("/account/sign-in/", {"email": email}, REMOTE_ADDR="203.0.113.7")


def _enter(client: Client, code: str):
    return client.post("/account/sign-in/code/", {"code": code}, REMOTE_ADDR="203.0.113.7")


def _code() -> str:
    return re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)


def test_the_sign_in_lock_says_until_when_it_locks(settings):
    # The lock lasts the rest of its day, at least PORTAL_SIGN_IN_LOCK_MINUTES (codes.py): the page names the
    # time it lifts, never a fixed number of minutes.
    settings.PORTAL_SIGN_IN_FAILURES_PER_DAY = 2
    settings.PORTAL_SIGN_IN_LOCK_MINUTES = 45
    client = Client()
    _ask(client)
    wrong = f"{(int(_code()) + 1) % 10**6:06d}"
    for _ in range(2):
        _enter(client, wrong)
    page = _enter(client, wrong).content.decode()
    assert "don&#x27;t work until" in page or "don't work until" in page
    assert "30 minutes" not in page


def test_an_expired_code_says_the_lifetime_it_had(monkeypatch):
    from datetime import timedelta

    from portal.accounts.codes import CodeCheck, CodeResult
    from portal.accounts.notices import code_check_notice

    monkeypatch.setattr("portal.accounts.codes.CODE_LIFETIME", timedelta(minutes=25))
    text = code_check_notice(CodeResult(check=CodeCheck.EXPIRED))
    assert "25 minutes" in text and "10 minutes" not in text


def test_the_admin_login_lock_says_the_cool_off_it_has(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=20)
    User.objects.create_user("merchant", password="right-horse-battery", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/admin/login/", {"username": "merchant", "password": "no"}, REMOTE_ADDR="192.0.2.5")
    locked = Client().post(
        "/admin/login/", {"username": "merchant", "password": "right-horse-battery"}, REMOTE_ADDR="192.0.2.6"
    )
    assert locked.status_code == 429
    assert locked["Retry-After"] == "1200"
    assert "Please wait 20 minutes and try again." in locked.content.decode()


def test_the_code_email_and_pages_say_the_codes_lifetime():
    with mock.patch.object(codes, "CODE_LIFETIME", timedelta(minutes=20)):
        client = Client()
        _ask(client)
        page = client.get("/account/sign-in/code/").content.decode()
        expired_link = client.get("/account/sign-in/code/", {"link": "no-such-link"}).content.decode()
    assert "within 20 minutes" in str(mail.outbox[-1].body)
    assert "within 20 minutes" in str(mail.outbox[-1].alternatives[0][0])
    assert "It works for 20 minutes." in page
    assert "Links work once, for 20 minutes." in expired_link


def test_the_resend_notice_says_the_interval_it_enforces(client, sandbox):
    order = "DEMO-0009100012"
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(order)})
    with mock.patch.object(receipt_views, "RESEND_INTERVAL_SECONDS", 5 * 60):
        client.post(f"/orders/{order}/resend-receipt/")
        client.post(f"/orders/{order}/resend-receipt/")
    page = client.get(f"/orders/{order}/").content.decode()
    assert "less than 5 minutes ago" in page
