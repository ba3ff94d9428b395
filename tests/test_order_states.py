"""Order pages as a shopper reads them: each state has its own badge, headline and timeline end; a refund
shows its date, "Refunded $54.99" (the receipt's own form) and the reason in words; tracking links go to the
carrier.

Demo orders, and sandbox orders made from them (tests/order_samples.py) for the states and carriers the
demo data does not hold.
"""

import re
from html import unescape

import pytest

from tests.order_samples import (
    CARRIERS,
    REFUNDED,
    SHIPPED,
    carrier_order,
    partly_refunded_order,
    sandbox_order_json,
    stage_order,
)

pytestmark = pytest.mark.django_db
FRESH = "DEMO-0009100012"


def text_of(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def badge(html: str) -> str:
    return text_of(re.search(r'<span class="badge [^"]*order-badge">(.*?)</span>', html).group(1))


def timeline(html: str) -> list[str]:
    block = re.search(r'<ol class="timeline order-timeline".*?</ol>', html, re.S).group(0)
    steps = re.findall(r"<li[^>]*>\s*([^<]+?)\s*<", block)
    return [step.strip() for step in steps]


def page_of(client, order_id: str) -> str:
    response = client.get(f"/orders/{order_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_confirmed_order_is_confirmed(jane, sandbox):
    html = page_of(jane, FRESH)
    assert badge(html) == "Order confirmed"
    assert timeline(html) == ["Placed", "Processing", "Shipped", "Delivered"]


def test_a_delivered_order_says_delivered_not_confirmed(jane, sandbox):
    html = page_of(jane, SHIPPED)
    assert badge(html) == "Delivered" and "Order confirmed" not in text_of(html)


def test_a_shipped_order_says_shipped(jane, sandbox):
    shipped = sandbox_order_json(sandbox, SHIPPED)
    shipped["order_id"] = "DEMO-0009200011"
    for detail in shipped["shipping"]["tracking_number_details"]:
        detail.pop("actual_delivery_date", None)
        detail.pop("actual_delivery_date_formatted", None)
        detail["details"] = [event for event in detail["details"] if "Deliver" not in event["tag"]]
        detail.update(status="InTransit", status_description="In transit")
    sandbox.add_orders(shipped)
    html = page_of(jane, "DEMO-0009200011")
    assert badge(html) == "Shipped" and "Order confirmed" not in text_of(html)


def test_the_refunded_order_says_refunded_everywhere_with_date_amount_and_reason(jane, sandbox):
    html = page_of(jane, REFUNDED)
    text = text_of(html)
    assert badge(html) == "Refunded"
    assert "Your order was refunded" in text and "Order confirmed" not in text
    assert timeline(html) == ["Placed", "Processing", "Shipped", "Refunded"]  # its journey ends there
    # One form for the amount, on the refund card and in the receipt: "Refunded $54.99", with no minus.
    assert "Refund Refunded $54.99" in text and "\u2212$54.99" not in text
    assert re.search(r"Date [A-Z][a-z]{2}\.? \d{1,2}, 20\d\d, \d{1,2}(:\d\d)? [ap]\.m\. UTC", text), text
    # It shipped before it was refunded: UltraCart's "CustomerCancel" cannot be "You canceled the order".
    assert "Reason At your request" in text and "canceled" not in text
    assert "CustomerCancel" not in text
    # A confirmation email of a refunded order would confirm what no longer stands.
    assert "Resend my confirmation email" not in text


def test_a_partly_refunded_order(jane, sandbox):
    sandbox.add_orders(
        partly_refunded_order(sandbox_order_json(sandbox, REFUNDED), order_id="DEMO-0009200010")
    )
    html = page_of(jane, "DEMO-0009200010")
    text = text_of(html)
    assert badge(html) == "Partly refunded"
    assert "Part of your order was refunded" in text
    assert timeline(html) == ["Placed", "Processing", "Shipped", "Delivered", "Partly refunded"]
    assert "Partial refund Refunded $20.00" in text
    assert "Resend my confirmation email" in text  # the rest of the order stands
    assert "Reason The items arrived damaged" in text


@pytest.mark.parametrize(
    "stage, expected_badge, headline, steps",
    [
        ("Rejected", "Canceled", "Your order was canceled", ["Placed", "Canceled"]),
        (
            "Pre-ordered",
            "Pre-ordered",
            "Your pre-order is confirmed",
            ["Placed", "Pre-ordered", "Shipped", "Delivered"],
        ),
        ("Hold", "On hold", "Your order is on hold", ["Placed", "On hold", "Shipped", "Delivered"]),
        (
            "Teleported",
            "Order received",
            "Your order was received",
            ["Placed", "Processing", "Shipped", "Delivered"],
        ),
    ],
)
def test_each_stage_has_its_own_badge_headline_and_timeline(
    jane, sandbox, stage, expected_badge, headline, steps
):
    order = stage_order(sandbox_order_json(sandbox, FRESH), order_id="DEMO-0009200020", stage=stage)
    sandbox.add_orders(order)
    html = page_of(jane, "DEMO-0009200020")
    assert badge(html) == expected_badge
    assert f'<h1 id="order-title">{headline}</h1>' in html
    assert timeline(html) == steps
    assert "Teleported" not in text_of(html)  # an unknown stage is never shown raw


def test_the_shipped_order_shows_carrier_linked_number_events_newest_first(jane, sandbox):
    html = page_of(jane, SHIPPED)
    section = re.search(r'<section class="card order-tracking".*?</section>', html, re.S).group(0)
    text = text_of(section)
    assert "UPS Delivered" in text
    link = '<a class="order-tracking__number" href="https://www.ups.com/track?tracknum=1Z999AA10123456784"'
    assert link in section
    events = re.findall(r'class="order-tracking__event">([^<]+)<', section)
    assert events == [
        "Delivered, front door",
        "Out for delivery",
        "Arrived at facility",
        "Departed facility",
        "Shipping label created",
    ]
    assert "· Sacramento, CA 95820" in text
    times = re.findall(r'<time class="small muted" datetime="([^"]+)"', section)
    assert times == sorted(times, reverse=True) and len(times) == 5


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
def test_each_carrier_links_to_its_own_tracking_page(jane, sandbox, carrier):
    order_id, _method, number, link = CARRIERS[carrier]
    sandbox.add_orders(carrier_order(sandbox_order_json(sandbox, SHIPPED), carrier=carrier))
    section = re.search(r'<section class="card order-tracking".*?</section>', page_of(jane, order_id), re.S)
    assert section, "no tracking section"
    tracking = section.group(0)
    assert f'<strong class="order-tracking__carrier">{carrier}</strong>' in tracking
    if link:
        assert f'href="{link}"' in tracking
    else:  # a carrier we do not know: the number as plain text, no link anywhere
        assert f'<span class="order-tracking__number">{number}</span>' in tracking
        assert "href=" not in tracking


def test_an_expected_delivery_date_is_shown_until_it_is_delivered(jane, sandbox):
    order = carrier_order(sandbox_order_json(sandbox, SHIPPED), carrier="FedEx")
    for detail in order["shipping"]["tracking_number_details"]:
        detail.pop("actual_delivery_date")
        detail["status"] = "InTransit"
        detail["details"] = detail["details"][:3]
    sandbox.add_orders(order)
    text = text_of(page_of(jane, CARRIERS["FedEx"][0]))
    assert "FedEx In transit" in text
    assert re.search(r"Expected delivery: [A-Z][a-z]{2}\.? \d{1,2}, 20\d\d", text), text


def test_the_redacted_page_shows_carrier_and_status_but_no_tracking_number(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(SHIPPED)})  # 10 days old: redacted
    html = response.content.decode()
    assert "Sign in to see the full details" in html
    section = re.search(r'<section class="card order-tracking".*?</section>', html, re.S).group(0)
    assert "UPS" in section and "Delivered" in section
    assert "1Z999AA10123456784" not in html and "ups.com" not in html
    assert "Sacramento" not in html  # tracking events name places: not for a link holder
    # Not a bare "UPS": the card says what signing in shows.
    assert "Signed in, you also see the tracking number" in section


def test_the_redacted_refund_shows_amount_and_date_but_not_the_reason(client, sandbox):
    html = client.get("/thank-you/", {"OrderToken": sandbox.token_for(REFUNDED)}).content.decode()
    text = text_of(html)
    assert "Your order was refunded" in text and "Refunded $54.99" in text
    assert "Reason" not in text


def test_payment_is_worded_by_us_and_not_repeated_by_the_receipt(jane, sandbox):
    text = text_of(page_of(jane, FRESH))
    assert text.count("Visa ending in 1111") == 1
    assert "VISA" not in text and "Credit Card" not in text


def test_addresses_are_ours_with_the_country_by_name(jane, sandbox):
    html = page_of(jane, FRESH)
    details = text_of(re.search(r'<section class="card order-details".*?</section>', html, re.S).group(0))
    assert "Shipping to Jane Doe 42 Harbor View Rd Apt 3 Portland OR 97205 United States" in details
    assert "uc-shipto-section" in html  # UltraCart's copy is still sent, and hidden by receipts.css


def test_a_hand_made_resend_of_a_refunded_order_sends_nothing(jane, sandbox):
    response = jane.post(f"/orders/{REFUNDED}/resend-receipt/", {"next": f"/orders/{REFUNDED}/"})
    assert response.status_code == 302
    assert "resendReceipt" not in sandbox.operations()
