"""The returning customer's journey in headless Chromium: thank-you link → sign-in by code → account →
orders → an old order with tracking → its invoice. axe runs on every page at 375 and 1280 px."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail

from tests.e2e.axe import axe_serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ORDER = "DEMO-0009100012"
OLD_ORDER = "DEMO-0009100011"


def test_from_the_thank_you_page_to_an_old_invoice(browser, live_server, sandbox, tmp_path):
    context = browser.new_context(viewport={"width": 375, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    findings: dict[str, list[str]] = {}

    def check(name: str) -> None:
        findings[name] = axe_serious_violations(page)

    token = quote(sandbox.token_for(ORDER), safe="")
    page.goto(f"{live_server.url}/thank-you/?OrderToken={token}")
    page.get_by_role("link", name="See all your orders").click()
    assert page.get_by_label("Email address").input_value() == "jane.doe@example.com"
    check("sign-in")
    page.get_by_role("button", name="Email me a code").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    check("code")
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    page.get_by_label("6-digit code").fill(f"{code[:3]} {code[3:]}")
    page.get_by_label("6-digit code").press("Enter")  # the keyboard alone signs in
    page.wait_for_url(f"{live_server.url}/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    check("account home")
    page.get_by_role("link", name="See all your orders").click()
    page.wait_for_url(f"{live_server.url}/account/orders/")
    check("orders")
    page.get_by_role("link", name=f"Order {OLD_ORDER}").click()
    page.wait_for_url(f"{live_server.url}/orders/{OLD_ORDER}/")
    check("old order")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download invoice (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    page.screenshot(path=tmp_path / "old-order.png", full_page=True)
    assert {name: found for name, found in findings.items() if found} == {}
    assert errors == []
    context.close()
