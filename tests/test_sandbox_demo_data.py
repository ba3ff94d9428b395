"""The demo data everyone relies on, and `manage.py demo`'s links."""

import io
from datetime import UTC, datetime, timedelta

import requests

from portal.core.management.commands.demo import Command as DemoCommand

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}
EXPAND = (
    "billing,shipping,shipping.tracking_number_details,item,summary,taxes,coupon,payment,auto_order,checkout"
)


def order(sandbox, number):
    url = f"{sandbox.api_url}/order/orders/DEMO-{9100000 + number:010d}"
    return requests.get(url, headers=HEADERS, params={"_expand": EXPAND}, timeout=10).json()["order"]


def age(record):
    return datetime.now(UTC) - datetime.fromisoformat(record["creation_dts"])


def test_fifteen_orders_seven_auto_orders_three_customers(sandbox):
    tokens = sandbox.tokens()
    assert sorted(t["order_id"] for t in tokens) == [f"DEMO-{9100000 + n:010d}" for n in range(1, 16)]
    auto_orders = requests.get(
        f"{sandbox.api_url}/auto_order/auto_orders", headers=HEADERS, timeout=10
    ).json()
    assert [a["auto_order_oid"] for a in auto_orders["auto_orders"]] == list(range(5001, 5008))
    assert [a["status"] for a in auto_orders["auto_orders"]] == [
        *("active", "active", "canceled", "disabled", "active", "merged", "active")
    ]


def test_newest_order_was_placed_moments_ago_and_started_5001(sandbox):
    newest = order(sandbox, 12)
    assert timedelta(0) < age(newest) < timedelta(minutes=5)
    assert newest["current_stage"] == "Shipping Department"
    assert newest["auto_order"]["auto_order_oid"] == 5001
    assert newest["auto_order"]["original_order_id"] == "DEMO-0009100012"
    assert newest["auto_order"]["status"] == "active"


def test_dates_move_with_each_reset(sandbox):
    first = order(sandbox, 11)["creation_dts"]
    sandbox.reset()
    assert order(sandbox, 11)["creation_dts"] >= first
    assert timedelta(days=9) < age(order(sandbox, 11)) < timedelta(days=11)


def test_shipped_order_with_tracking(sandbox):
    shipped = order(sandbox, 11)
    assert shipped["current_stage"] == "Completed Order"
    details = shipped["shipping"]["tracking_number_details"][0]
    assert details["tracking_number"] in shipped["shipping"]["tracking_numbers"]
    assert len(details["details"]) >= 3


def test_refunded_order(sandbox):
    refunded = order(sandbox, 10)
    assert refunded["refund_dts"] and refunded["payment"]["payment_status"] == "Refunded"
    assert refunded["summary"]["total_refunded"]["value"] == refunded["summary"]["total"]["value"] > 0
    assert all(item["quantity_refunded"] == item["quantity"] for item in refunded["items"])


def test_euro_order_in_spanish(sandbox):
    spanish = order(sandbox, 9)
    assert spanish["currency_code"] == "EUR" and spanish["language_iso_code"] == "SPA"
    assert spanish["items"][0]["cost"]["localized_formatted"] == "12,50 €"
    assert spanish["shipping"]["country_code"] == "ES"
    assert spanish["billing"]["email"] == "maria.garcia@example.es"


def test_twenty_five_line_items(sandbox):
    assert len(order(sandbox, 8)["items"]) == 25


def test_hostile_order_text(sandbox):
    hostile = order(sandbox, 7)
    text = str(hostile)
    for needle in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "file:///etc/passwd",
        "url(http",
        "שלום & Co",
        "Seán",
    ):
        assert needle in text


def test_cards_are_masked(sandbox):
    payment = order(sandbox, 12)["payment"]
    assert payment["payment_method"] == "Credit Card"
    assert payment["credit_card"]["card_number"] == "************1111"
    assert payment["credit_card"]["card_type"] == "VISA"


def test_customers_by_email(sandbox):
    for email in ("jane.doe@example.com", "maria.garcia@example.es", "obrien@example.com"):
        url = f"{sandbox.api_url}/customer/customers/by_email/{email.replace('@', '%40')}"
        customer = requests.get(
            url, headers=HEADERS, params={"_expand": "billing,shipping"}, timeout=10
        ).json()["customer"]
        assert customer["email"] == email
        assert customer["billing"] and customer["shipping"]


def test_demo_command_links_the_newest_order(sandbox, settings):
    settings.SANDBOX_PORT = int(sandbox.url.rsplit(":", 1)[1])
    command = DemoCommand(stdout=io.StringIO())
    command._print_links(port=8000, uses_sandbox=True)
    printed = command.stdout.getvalue()
    assert "order DEMO-0009100012" in printed
    assert "http://127.0.0.1:8000/thank-you/?OrderToken=DEMO%3A" in printed
    assert "jane.doe@example.com" in printed and "obrien@example.com" in printed
