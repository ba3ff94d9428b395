"""Manage links through Django's test client against the sandbox: GET changes nothing, the POST (CSRF)
re-reads the owner and grants that one subscription only; a link for another subscription, a changed email,
an expired (clock moved 7 days), mangled or replayed link is refused with a page that offers sign-in; the
confirm page is rate-limited; the token never reaches a log line."""

import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from portal.core.log_filters import scrub
from portal.merchant.models import AuditEntry
from portal.subscriptions import manage_links
from portal.subscriptions.manage_links import LinkPurpose, manage_link_url
from portal.subscriptions.models import ManageLinkUse
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, PAUSED, confirm, raw_auto_order

pytestmark = pytest.mark.django_db
JANE = "jane.doe@example.com"


def link(oid: int = ACTIVE, email: str = JANE, purpose: LinkPurpose = LinkPurpose.MANAGE) -> tuple[str, str]:
    """(path, token) of a manage link as an email carries it."""
    parts = urlsplit(manage_link_url(auto_order_oid=oid, email=email, purpose=purpose))
    return parts.path, parse_qs(parts.query)["t"][0]


def open_link(client: Client, path: str, token: str):
    return client.get(path, {"t": token})


def press(client: Client, path: str, token: str):
    return client.post(path, {"t": token})


def test_get_shows_the_confirm_page_and_changes_nothing(sandbox):
    path, token = link()
    browser = Client()
    sessions, audits = Session.objects.count(), AuditEntry.objects.count()
    response = open_link(browser, path, token)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Manage your subscription" in page and 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert sandbox.operations() == []  # not even UltraCart is asked
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == sessions and AuditEntry.objects.count() == audits
    assert not ManageLinkUse.objects.exists()
    assert response["Cache-Control"] == "no-store, private" and response["Referrer-Policy"] == "same-origin"
    assert browser.get(f"/account/subscriptions/{ACTIVE}/").status_code == 302  # still nobody
    assert Client().head(f"{path}?t={token}").status_code == 200


def test_the_button_grants_that_one_subscription_and_nothing_else(sandbox):
    path, token = link()
    browser = Client()
    open_link(browser, path, token)
    sandbox.clear_requests()
    response = press(browser, path, token)
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"
    assert sandbox.operations() == ["getAutoOrder"]  # the fresh owner read
    page = browser.get(f"/account/subscriptions/{ACTIVE}/")
    assert page.status_code == 200 and "email link" in page.content.decode()
    # Jane's other subscription, her orders, her account: none without signing in fully.
    for other in (
        f"/account/subscriptions/{PAUSED}/",
        "/account/",
        "/account/subscriptions/",
        "/account/orders/",
    ):
        assert browser.get(other)["Location"].startswith("/account/sign-in/"), other
    assert browser.get("/orders/DEMO-0009100012/").status_code in (403, 404)
    entry = AuditEntry.objects.get(action="manage_link_sign_in")
    assert (entry.result, entry.email, entry.auto_order_oid) == ("ok", JANE, ACTIVE)


def test_the_linked_subscription_can_be_changed(sandbox):
    path, token = link(purpose=LinkPurpose.SKIP)
    browser = Client()
    response = press(browser, path, token)
    assert response["Location"] == f"/account/subscriptions/{ACTIVE}/skip/"
    before = raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"]
    assert confirm(browser, response["Location"]).status_code == 302
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"] != before
    skip = AuditEntry.objects.get(action="skip")
    assert (skip.result, skip.email) == ("ok", JANE)


@pytest.mark.parametrize(("purpose", "landing"), [("reschedule", "reschedule/"), ("card", "card/")])
def test_a_purpose_lands_on_its_page(sandbox, purpose, landing):
    path, token = link(purpose=LinkPurpose(purpose))
    response = press(Client(), path, token)
    assert response["Location"] == f"/account/subscriptions/{ACTIVE}/{landing}"


def test_a_link_for_one_subscription_opens_no_other(sandbox):
    _path, token = link(oid=ACTIVE)
    other = f"/account/subscriptions/{PAUSED}/link/"
    for response in (open_link(Client(), other, token), press(Client(), other, token)):
        assert response.status_code == 400 and "Sign in" in response.content.decode()
    assert not ManageLinkUse.objects.exists()


def test_someone_elses_subscription_is_refused(sandbox):
    path, token = link(oid=5007, email=JANE)  # María's subscription, a link made out to Jane
    response = press(Client(), path, token)
    assert response.status_code == 403 and "no longer works" in response.content.decode()
    assert AuditEntry.objects.get(action="manage_link_sign_in").result == "refused"


def test_a_changed_email_on_the_auto_order_refuses_the_link(sandbox):
    sandbox.add_orders({"order_id": "DEMO-0009200001", "billing": {"email": "pat@example.com"}})
    raw = raw_auto_order(sandbox, ACTIVE)
    sandbox.add_auto_orders({**raw, "auto_order_oid": 6001, "original_order_id": "DEMO-0009200001"})
    path, token = link(oid=6001, email="pat@example.com")
    sandbox.add_orders({"order_id": "DEMO-0009200001", "billing": {"email": "new-owner@example.com"}})
    response = press(Client(), path, token)
    assert (
        response.status_code == 403
        and "email address of this subscription changed" in response.content.decode()
    )
    assert not ManageLinkUse.objects.exists()


def test_a_link_expires_after_seven_days(sandbox, monkeypatch):
    path, token = link()
    now = manage_links._now()
    monkeypatch.setattr(manage_links, "_now", lambda: now + 7 * 24 * 3600 - 60)
    assert open_link(Client(), path, token).status_code == 200
    monkeypatch.setattr(manage_links, "_now", lambda: now + 7 * 24 * 3600 + 60)
    for response in (open_link(Client(), path, token), press(Client(), path, token)):
        page = response.content.decode()
        assert response.status_code == 403 and "This link has expired" in page
        assert 'href="/account/sign-in/?next=%2Faccount%2Fsubscriptions%2F5001%2F"' in page


@pytest.mark.parametrize(
    "mangle",
    [lambda t: t[:-3], lambda t: t[:10], lambda t: "x" + t, lambda t: "", lambda t: t.replace(":", ";")],
    ids=["cut", "short", "prefixed", "empty", "separator"],
)
def test_a_mangled_link_gets_a_clear_page(sandbox, mangle):
    path, token = link()
    for response in (open_link(Client(), path, mangle(token)), press(Client(), path, mangle(token))):
        assert response.status_code == 400 and "That link doesn" in response.content.decode()
    assert sandbox.operations() == []


def test_another_salts_signature_opens_nothing(sandbox):
    from django.core import signing

    forged = signing.Signer(salt="portal.other", algorithm="sha256").sign_object({"o": ACTIVE}, compress=True)
    assert open_link(Client(), f"/account/subscriptions/{ACTIVE}/link/", forged).status_code == 400


def test_a_replayed_link_is_refused(sandbox):
    path, token = link()
    assert press(Client(), path, token).status_code == 302
    for response in (open_link(Client(), path, token), press(Client(), path, token)):
        assert response.status_code == 403 and "already used" in response.content.decode()
    assert [e.result for e in AuditEntry.objects.filter(action="manage_link_sign_in").order_by("id")] == [
        "ok",
        "repeated",
    ]


def test_the_post_needs_csrf(sandbox):
    path, token = link()
    browser = Client(enforce_csrf_checks=True)
    assert press(browser, path, token).status_code == 403
    page = open_link(browser, path, token).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(path, {"t": token, "csrfmiddlewaretoken": csrf}).status_code == 302


def test_a_signed_in_owner_goes_straight_on(sandbox):
    path, token = link()
    jane = client_sign_in(Client(), JANE)
    response = open_link(jane, path, token)
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"
    assert not ManageLinkUse.objects.exists()


def test_another_signed_in_customer_is_replaced_by_the_link(sandbox):
    path, token = link()
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    assert open_link(maria, path, token).status_code == 200  # the confirm page, not María's redirect
    assert press(maria, path, token).status_code == 302
    assert maria.get("/account/")["Location"].startswith("/account/sign-in/")  # María is signed out
    assert maria.get(f"/account/subscriptions/{ACTIVE}/").status_code == 200


def test_ultracart_down_uses_nothing_up(sandbox):
    path, token = link()
    sandbox.fault(status=503, operations=["getAutoOrder"])
    assert press(Client(), path, token).status_code == 503
    sandbox.clear_faults()
    assert press(Client(), path, token).status_code == 302


def test_the_confirm_page_is_rate_limited(sandbox, settings):
    settings.PORTAL_MANAGE_LINK_RATE = "3/m"
    path, token = link()
    browser = Client()
    assert [open_link(browser, path, token).status_code for _ in range(3)] == [200, 200, 200]
    limited = open_link(browser, path, token)
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "several requests in a short time" in limited.content.decode()


def test_the_token_never_reaches_a_log_line(sandbox, caplog):
    path, token = link()
    with caplog.at_level(logging.DEBUG):
        open_link(Client(), path, token)
        press(Client(), path, token)
        press(Client(), path, token)  # refused: logged as a refusal, still without the token
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in text and token[:20] not in text
    # A request line as runserver or gunicorn would print it, whatever it holds.
    for line in (f'"GET {path}?t={token} HTTP/1.1" 200', f"token {token} refused", f"bad {token[1:]}"):
        assert token[5:25] not in scrub(line), line


def test_every_subscription_email_carries_a_link_that_works(sandbox, jane):
    from django.core import mail

    assert confirm(jane, f"/account/subscriptions/{ACTIVE}/pause/", {"mode": "indefinite"}).status_code == 302
    url = re.search(r"https?://\S+/link/\?t=\S+", str(mail.outbox[-1].body)).group(0)
    parts = urlsplit(url)
    response = press(Client(), parts.path, parse_qs(parts.query)["t"][0])
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"


def test_the_confirm_page_speaks_the_emails_language_unless_the_browser_chose(sandbox, settings):
    path, token = link(purpose=LinkPurpose.SKIP)
    _p, spanish = urlsplit(manage_link_url(auto_order_oid=ACTIVE, email=JANE, language="es"))[2:4]
    spanish_token = parse_qs(spanish)["t"][0]
    assert "Gestiona tu suscripción" in open_link(Client(), path, spanish_token).content.decode()
    chose = Client()
    chose.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Manage your subscription" in open_link(chose, path, spanish_token).content.decode()
    assert "Continue to skip the next shipment" in open_link(Client(), path, token).content.decode()
    response = press(Client(), path, spanish_token)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"  # the pages after it too
