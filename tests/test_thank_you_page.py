"""The thank-you page for a fresh order (full) and for a late visitor (redacted)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from portal.receipts import access

pytestmark = pytest.mark.django_db

FRESH = "DEMO-0009100012"  # Jane, ~2 minutes old, Shipping Department, started auto order 5001


def timeline(body: str) -> dict[str, str]:
    """Each timeline step's label and its state classes, e.g. {"Placed": "is-done", ...}."""
    steps = body.split('class="timeline order-timeline"', 1)[1].split("</ol>", 1)[0]
    return {
        label: " ".join(classes.split())
        for classes, label in re.findall(r'<li class="([^"]*)"[^>]*>\s*(\w+)', steps)
    }


@pytest.fixture
def fresh_page(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    assert response.status_code == 200
    return response.content.decode()


def test_full_page_headline_order_and_status(fresh_page):
    assert "Thank you, Jane" in fresh_page
    assert FRESH in fresh_page
    assert "<time datetime=" in fresh_page
    # Shipping Department: placed and processing are done, processing is where the order is now.
    assert timeline(fresh_page) == {
        "Placed": "is-done",
        "Processing": "is-done is-current",
        "Shipped": "",
        "Delivered": "",
    }


def test_full_page_shows_the_receipt_and_details(fresh_page):
    assert 'class="uc-receipt"' in fresh_page
    assert "jane.doe@example.com" in fresh_page
    assert "Visa ending in 1111" in fresh_page
    assert "503-555-0142" in fresh_page


def test_full_page_offers_invoice_resend_subscription_and_support(fresh_page):
    assert f'href="/orders/{FRESH}/invoice.pdf"' in fresh_page
    assert "Download invoice (PDF)" in fresh_page
    assert f'action="/orders/{FRESH}/resend-receipt/"' in fresh_page
    assert 'name="csrfmiddlewaretoken"' in fresh_page
    assert 'href="/account/subscriptions/5001/"' in fresh_page
    assert "Manage your subscription" in fresh_page
    assert "mailto:support@example.com" in fresh_page


def test_see_all_orders_prefills_the_email_and_shows_it_masked(client, fresh_page):
    # The email to pre-fill waits in the session: never in a URL (proxy logs, browser history).
    assert 'href="/account/sign-in/"' in fresh_page
    assert "jane.doe" not in fresh_page.split("See all your orders")[0].rsplit("<a", 1)[-1]
    from portal.accounts.hints import sign_in_hint_get

    request = type("Request", (), {"session": client.session})()
    assert sign_in_hint_get(request) == "jane.doe@example.com"
    later = timezone.now() + timedelta(minutes=61)
    with mock.patch("portal.core.identity.timezone.now", return_value=later):
        assert sign_in_hint_get(request) is None  # gone with the full-details window
    assert "See all your orders" in fresh_page
    assert "j•••@example.com" in fresh_page


def test_an_order_without_an_auto_order_has_no_subscription_call_to_action(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100011")})
    assert response.status_code == 200
    assert "Manage your subscription" not in response.content.decode()


def test_late_visitor_sees_a_redacted_page(client, sandbox):
    later = timezone.now() + timedelta(minutes=61)
    with mock.patch.object(access.timezone, "now", return_value=later):
        response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    assert response.status_code == 200
    body = response.content.decode()
    # What a redacted page still says: confirmed, id, date, status, items and total.
    assert "Order confirmed" in body
    assert FRESH in body
    assert "<time datetime=" in body
    assert timeline(body)["Placed"] == "is-done"
    assert 'class="table order-items"' in body
    assert "Total" in body
    assert "Sign in to see the full details and invoice" in body
    # What it never says.
    for secret in ("jane.doe@example.com", "j•••@example.com", "Jane", "invoice.pdf", "uc-receipt", "Visa"):
        assert secret not in body, secret
    assert 'href="/account/sign-in/"' in body
    # Not even the template context holds who the customer is: a template slip cannot leak it.
    order = response.context["order"]
    assert (order.email, order.billing, order.shipping, order.payment_description) == ("", None, None, "")
    assert order.items and order.summary.total is not None
    assert all(item.options == () for item in order.items)


def test_the_window_follows_the_merchant_setting(client, sandbox, settings):
    settings.PORTAL_FULL_DETAILS_MINUTES = 1  # the demo order is ~2 minutes old
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    assert "Sign in to see the full details and invoice" in response.content.decode()


def test_older_orders_are_redacted_without_asking_for_the_receipt(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100011")})
    assert "Sign in to see the full details and invoice" in response.content.decode()
    assert sandbox.operations() == ["getOrderByToken"]


def test_shipped_order_with_delivery_event_shows_delivered(client, sandbox, settings):
    settings.PORTAL_FULL_DETAILS_MINUTES = 60 * 24 * 365
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100011")})
    body = response.content.decode()
    assert timeline(body)["Shipped"] == "is-done"
    assert timeline(body)["Delivered"] == "is-done is-current"


def test_refunded_order_says_so(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100010")})
    page = response.content.decode()
    assert "Your order was refunded" in page and "Order confirmed" not in page
