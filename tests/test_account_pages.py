"""The account home and the order history: what they show, how they page, and what they cost in calls."""

import pytest
from django.test import Client

from tests.sessions import client_sign_in

pytestmark = pytest.mark.django_db


def _orders_for(email: str, count: int) -> list[dict]:
    return [
        {
            "order_id": f"DEMO-00094{n:05d}",
            "current_stage": "Completed Order",
            "creation_dts": f"2026-0{1 + n % 9}-1{n % 10}T10:00:00+00:00",
            "billing": {"email": email, "first_name": "Pat"},
            "summary": {"total": {"value": 10 + n, "localized_formatted": f"${10 + n}.00"}},
            "items": [{"merchant_item_id": "TEA", "description": "Green tea", "quantity": 1}],
        }
        for n in range(count)
    ]


def test_the_home_page_costs_two_calls_cold_and_none_warm(jane, sandbox):
    page = jane.get("/account/")
    assert page.status_code == 200
    assert sorted(sandbox.operations()) == ["getAutoOrdersByQuery", "getOrdersByQuery"]
    html = page.content.decode()
    assert "DEMO-0009100012" in html and "Recent orders" in html and "Subscriptions" in html
    sandbox.clear_requests()
    assert jane.get("/account/").status_code == 200
    assert jane.get("/account/orders/").status_code == 200  # the same first page: no call either
    assert sandbox.operations() == []


def test_a_failed_charge_shows_a_banner_with_the_way_to_fix_the_card(client, sandbox):
    obrien = client_sign_in(
        client, "obrien@example.com"
    )  # auto order 5004 was disabled after a failed rebill
    html = obrien.get("/account/").content.decode()
    assert "We couldn't charge your card" in html
    assert 'href="/account/subscriptions/5004/"' in html


def test_the_history_pages_like_ultracart_one_call_per_page(client, sandbox):
    sandbox.add_orders(*_orders_for("pager@example.com", 23))
    pat = client_sign_in(client, "Pager@Example.com ")
    sandbox.clear_requests()
    first = pat.get("/account/orders/").content.decode()
    assert "Page 1 of 3" in first and 'href="/account/orders/?page=2"' in first
    assert first.count('class="order-list__row"') == 10
    third = pat.get("/account/orders/", {"page": 3}).content.decode()
    assert third.count('class="order-list__row"') == 3 and "Page 3 of 3" in third
    assert "?page=4" not in third and 'href="/account/orders/?page=2"' in third
    requests_log = sandbox.requests()
    assert [entry["operation"] for entry in requests_log] == ["getOrdersByQuery"] * 2
    assert requests_log[1]["query"]["_offset"] == "20" and requests_log[1]["query"]["_limit"] == "10"
    pat.get("/account/orders/", {"page": 3})
    assert len(sandbox.requests()) == 2  # revisited within the cache lifetime
    assert pat.get("/account/orders/", {"page": "x"}).status_code == 200  # nonsense is page 1


def test_rows_hold_status_date_total_first_items_and_links(jane, sandbox):
    html = jane.get("/account/orders/").content.decode()
    assert 'href="/orders/DEMO-0009100008/"' in html and 'href="/orders/DEMO-0009100008/invoice.pdf"' in html
    assert "and 23 more items" in html  # the 25-line order shows its first two lines
    assert "Refunded" in html  # DEMO-0009100010


def test_an_outage_shows_a_notice_not_an_error_page(jane, sandbox, settings):
    settings.ULTRACART_MAX_ATTEMPTS = 1
    sandbox.fault(status=503)
    page = jane.get("/account/")
    assert page.status_code == 200
    assert "We can't load your orders just now" in page.content.decode()


def test_no_orders_for_the_address_is_said_kindly(client, sandbox):
    html = client_sign_in(client, "nobody@example.org").get("/account/").content.decode()
    assert "We have no orders for this email address yet." in html


def test_the_door_sends_strangers_to_sign_in_and_customers_to_their_account(client, jane, sandbox):
    stranger = Client().get("/").content.decode()
    assert 'action="/account/sign-in/"' in stranger and "confirmation email" in stranger
    assert jane.get("/")["Location"] == "/account/"
    header = jane.get("/account/").content.decode()
    assert 'href="/account/orders/"' in header and 'action="/account/sign-out/"' in header


def test_the_store_link_is_the_merchants_and_only_a_web_address(jane, sandbox, settings):
    settings.PORTAL_STOREFRONT_URL = "https://shop.example.com/"
    assert 'href="https://shop.example.com/"' in jane.get("/account/").content.decode()
    settings.PORTAL_STOREFRONT_URL = "javascript:alert(1)"
    assert "javascript:" not in jane.get("/account/").content.decode()


def test_the_thank_you_link_arrives_at_sign_in_with_the_email_filled_in(client, sandbox):
    token = sandbox.token_for("DEMO-0009100012")
    page = client.get("/thank-you/", {"OrderToken": token}).content.decode()
    assert 'href="/account/sign-in/"' in page  # no email in the URL
    sign_in = client.get("/account/sign-in/").content.decode()
    assert 'value="jane.doe@example.com"' in sign_in


def test_a_signed_in_owner_goes_straight_to_the_order_list_from_an_order(jane, sandbox):
    html = jane.get("/orders/DEMO-0009100011/").content.decode()
    assert 'href="/account/orders/">See all your orders' in html
    assert "Sign in as" not in html


def test_an_order_opened_from_the_list_costs_no_get_order(jane, sandbox):
    # The list asks for whole orders and keeps each under its id; the page itself still asks for the receipt.
    assert jane.get("/account/orders/").status_code == 200
    sandbox.clear_requests()
    assert jane.get("/orders/DEMO-0009100010/").status_code == 200
    assert "getOrder" not in sandbox.operations()


def test_a_subscription_change_updates_the_cached_list_and_keeps_the_order_history(jane, sandbox):
    from tests.subscriptions_helpers import confirm

    assert jane.get("/account/").status_code == 200
    assert confirm(jane, "/account/subscriptions/5001/pause/", {"mode": "indefinite"}).status_code == 302
    sandbox.clear_requests()
    page = jane.get("/account/").content.decode()
    # The subscription list took UltraCart's answer to the pause; the order history stays cached.
    assert sandbox.operations() == []
    assert "DEMO-0009100012" in page
    from portal.ultracart import auto_order_list_for_email

    listed = auto_order_list_for_email(email="jane.doe@example.com")
    assert next(a for a in listed if a.auto_order_oid == 5001).paused  # the list shows the change
    assert sandbox.operations() == []
