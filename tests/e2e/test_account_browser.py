"""The shopper's and returning customer's journey in headless Chromium: a fresh demo order's thank-you page
and its invoice download -> sign-in by the code read from the email outbox -> account -> orders -> an old
order with tracking -> its invoice. axe runs on every page at 375 and 1280 px (tests/e2e/journey.py)."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail

from tests.e2e.journey import Journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ORDER = "DEMO-0009100012"
OLD_ORDER = "DEMO-0009100011"  # shipped, with a tracking number


def test_from_the_thank_you_page_to_an_old_invoice(browser, live_server, sandbox):
    journey = Journey(browser.new_context(viewport={"width": 375, "height": 900}, accept_downloads=True))
    page = journey.page

    # A fresh token, as StoreFront sends the shopper here seconds after checkout.
    token = quote(sandbox.token_for(ORDER), safe="")
    assert page.goto(f"{live_server.url}/thank-you/?OrderToken={token}").status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Jane"
    assert page.locator(".uc-receipt table").count() > 0
    journey.check("thank-you", screenshot="thank-you")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download invoice (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="See all your orders").click()
    assert page.get_by_label("Email address").input_value() == "jane.doe@example.com"
    journey.check("sign-in", screenshot="sign-in")
    page.get_by_role("button", name="Email me a code").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    journey.check("code")
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    page.get_by_label("6-digit code").fill(f"{code[:3]} {code[3:]}")
    page.get_by_label("6-digit code").press("Enter")
    page.wait_for_url(f"{live_server.url}/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    journey.check("account home", screenshot="account")
    page.get_by_role("link", name="See all your orders").click()
    page.wait_for_url(f"{live_server.url}/account/orders/")
    journey.check("orders", screenshot="orders")
    page.get_by_role("link", name=f"Order {OLD_ORDER}").click()
    page.wait_for_url(f"{live_server.url}/orders/{OLD_ORDER}/")
    tracking = page.locator(".order-tracking")
    assert tracking.get_by_role("heading", name="Tracking").is_visible()
    assert tracking.locator(".order-tracking__carrier").inner_text().strip()
    journey.check("order with tracking", screenshot="order-tracking")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download invoice (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert journey.visited == [
        "thank-you",
        "sign-in",
        "code",
        "account home",
        "orders",
        "order with tracking",
    ]
    journey.assert_clean()
    journey.close()
