"""Resending the confirmation email: POST with CSRF, for visitors who may see the order, once per 10 min."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
URL = f"/orders/{ORDER}/resend-receipt/"


@pytest.fixture
def granted(client, sandbox):
    assert client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}).status_code == 200
    sandbox.clear_requests()
    return client


def messages_after(client, response) -> str:
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{ORDER}/"  # back to the order, without the token
    return client.get(response["Location"]).content.decode()


def test_resend_calls_ultracart_once_and_says_where(granted, sandbox):
    page = messages_after(granted, granted.post(URL))
    assert "sent your confirmation email again, to j•••@example.com." in page
    assert sandbox.operations().count("resendReceipt") == 1


def test_a_second_resend_within_ten_minutes_makes_no_call_and_says_when(granted, sandbox, settings):
    import time
    from datetime import UTC, datetime

    from django.core.cache import cache

    settings.PORTAL_TIME_ZONE = "America/Los_Angeles"  # the merchant's zone (Portal settings' default)
    granted.post(URL)
    key = f"receipts:resend:{ORDER}"
    assert abs(cache.get(key) - time.time()) < 5  # the first press remembers when it sent
    # Say it was sent at 6:10 p.m. in Los Angeles (02:10 UTC the next day): the next try is at 6:20 p.m.
    cache.set(key, datetime(2026, 12, 2, 2, 10, tzinfo=UTC).timestamp(), timeout=600)
    page = messages_after(granted, granted.post(URL))
    assert "to j•••@example.com less than 10 minutes ago" in page
    assert "try again at 6:20 p.m. PST." in page
    assert sandbox.operations().count("resendReceipt") == 1


@pytest.mark.parametrize(
    "next_path, lands_on",
    [
        ("/thank-you/?OrderToken=DEMO%3Aabc%2B%2F%3D", "/thank-you/?OrderToken=DEMO%3Aabc%2B%2F%3D"),
        (f"/orders/{ORDER}/", f"/orders/{ORDER}/"),
        ("/orders/DEMO-0009100011/", f"/orders/{ORDER}/"),  # another order's page: not where it was pressed
        ("//evil.example/orders/", f"/orders/{ORDER}/"),
        ("https://evil.example/thank-you/", f"/orders/{ORDER}/"),
        ("/\\evil.example/thank-you/", f"/orders/{ORDER}/"),
        ("/account/sign-out/", f"/orders/{ORDER}/"),
        ("", f"/orders/{ORDER}/"),
    ],
)
def test_resend_returns_to_the_page_it_was_pressed_on_and_nowhere_else(granted, next_path, lands_on):
    response = granted.post(URL, {"next": next_path})
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_the_thank_you_page_sends_its_own_address_as_next(client, sandbox):
    token = sandbox.token_for(ORDER)
    page = client.get("/thank-you/", {"OrderToken": token}).content.decode()
    assert 'name="next" value="/thank-you/?OrderToken=' in page


def test_the_limit_is_per_order_not_per_session(granted, sandbox):
    granted.post(URL)
    other = Client()
    other.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    other.post(URL)
    assert sandbox.operations().count("resendReceipt") == 1


def test_the_limit_expires(granted, sandbox):
    from django.core.cache import cache

    from portal.receipts.views import RESEND_INTERVAL_SECONDS

    assert RESEND_INTERVAL_SECONDS == 10 * 60
    granted.post(URL)
    cache.delete(f"receipts:resend:{ORDER}")  # what ten minutes do to the key (its timeout)
    granted.post(URL)
    assert sandbox.operations().count("resendReceipt") == 2


def test_an_ultracart_failure_lets_the_customer_try_again(granted, sandbox):
    sandbox.fault(status=500, operations=["resendReceipt"], count=10)
    page = messages_after(granted, granted.post(URL))
    assert "couldn&#x27;t send the email just now" in page
    sandbox.clear_faults()
    granted.post(URL)
    assert sandbox.operations().count("resendReceipt") >= 2


def test_our_own_call_limit_says_so_never_that_sending_failed(granted, sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 2  # the thank-you page spent both
    page = messages_after(granted, granted.post(URL))
    assert "several requests in a short time" in page and "couldn&#x27;t send" not in page
    assert "resendReceipt" not in sandbox.operations()
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100  # the next minute: the same press sends it
    assert "sent your confirmation email again" in messages_after(granted, granted.post(URL))


def test_without_access_it_is_the_404_and_no_call(client, sandbox):
    response = client.post(URL)
    assert response.status_code == 404
    assert sandbox.operations() == []


def test_get_is_not_allowed(granted, sandbox):
    assert granted.get(URL).status_code == 405
    assert "resendReceipt" not in sandbox.operations()


def test_csrf_is_enforced(sandbox):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    sandbox.clear_requests()
    assert browser.post(URL).status_code == 403
    assert sandbox.operations() == []


def test_every_press_is_audited_sent_refused_and_failed_without_the_email_in_the_log(
    granted, sandbox, caplog
):
    import logging

    from portal.merchant.models import AuditEntry

    caplog.set_level(logging.DEBUG)
    granted.post(URL)  # sent
    granted.post(URL)  # refused: within 10 minutes, no call
    assert sandbox.operations().count("resendReceipt") == 1
    from django.core.cache import cache

    cache.delete(f"receipts:resend:{ORDER}")
    sandbox.fault(status=500, operations=["resendReceipt"], count=10)
    granted.post(URL)  # UltraCart failed
    rows = list(
        AuditEntry.objects.filter(action="resend_receipt")
        .order_by("id")
        .values_list("result", "order_id", "email", "client_address")
    )
    assert rows == [
        ("ok", ORDER, "jane.doe@example.com", "127.0.0.1"),
        ("refused", ORDER, "jane.doe@example.com", "127.0.0.1"),
        ("failed", ORDER, "jane.doe@example.com", "127.0.0.1"),
    ]
    ok, refused, failed = AuditEntry.objects.filter(action="resend_receipt").order_by("id")
    assert ok.ultracart_request_id and failed.ultracart_request_id and not refused.ultracart_request_id
    assert "10 minutes" in refused.detail
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "audit action=resend_receipt result=ok" in logged and "jane.doe" not in logged
