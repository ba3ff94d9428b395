"""The merchant's journey in headless Chromium: admin sign-in → API status → preview a thank-you page →
view as a customer → stop. axe runs on every merchant page at 375 and 1280 px; screenshots at both widths.

Django admin's own pages (index, API status, the two forms) are checked whole, Django's markup included:
axe finds nothing serious or critical in it, so nothing is scoped out. Set E2E_SCREENSHOTS=<dir> to keep
the screenshots somewhere to look at.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

from portal.receipts.models import ConversionView
from tests.e2e.axe import WIDTHS, axe_findings_at_widths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ORDER = "DEMO-0009100012"
JANE = "jane.doe@example.com"


def test_preview_and_view_as_from_the_admin(browser, live_server, sandbox, tmp_path):
    merchant = User.objects.create_user("merchant", password="a long merchant passphrase", is_staff=True)
    tools = ("preview_thank_you", "view_as_customer")
    merchant.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="merchant", codename__in=tools)
    )
    shots = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    findings: dict[str, list[str]] = {}
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        findings[name] = axe_findings_at_widths(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=shots / f"merchant-{name}-{width}.png", full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:  # a page wider than the phone: sideways scrolling, cut-off links
                too_wide[f"{name} at {width}"] = scroll_width

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("merchant")
    page.get_by_label("Password").fill("a long merchant passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    check("admin-index")
    page.get_by_role("link", name="UltraCart API status").click()
    assert page.get_by_role("heading", name="UltraCart API status").is_visible()
    check("api-status")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Preview thank-you page").click()
    page.get_by_label("Order id").fill("DEMO-0000000404")
    page.get_by_role("button", name="Open the preview").click()
    assert page.get_by_role("alert").inner_text() == "UltraCart has no order DEMO-0000000404."
    check("preview-form")
    page.get_by_label("Order id").fill(ORDER)
    page.get_by_role("button", name="Open the preview").click()
    page.wait_for_url(f"{live_server.url}/admin/preview-thank-you/page/?p=*")
    banner = page.get_by_role("region", name="Merchant preview")
    assert "conversion tracking is off" in banner.inner_text()
    assert page.get_by_role("heading", name="Thank you, Jane").is_visible()
    check("preview-page")
    assert not ConversionView.objects.exists()

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="View as customer").click()
    check("view-as-form")
    page.get_by_label("Customer email").fill(JANE)
    page.get_by_role("button", name="View as this customer").click()
    page.wait_for_url(f"{live_server.url}/account/")
    assert JANE in page.get_by_role("region", name="Viewing as a customer").inner_text()
    check("view-as-home")
    page.get_by_role("link", name="Manage subscriptions").click()
    page.locator("h2 a[href='/account/subscriptions/5001/']").click()
    page.wait_for_url(f"{live_server.url}/account/subscriptions/5001/")
    assert page.get_by_role("button", name="Pause").count() == 0
    assert page.get_by_role("link", name="Pause").count() == 0
    check("view-as-subscription")
    page.get_by_role("button", name="Stop viewing").click()
    page.wait_for_url(f"{live_server.url}/admin/view-as-customer/")
    assert page.get_by_text(f"You stopped viewing as {JANE}.").is_visible()
    page.goto(f"{live_server.url}/account/")
    assert "/account/sign-in/" in page.url  # the staff browser is nobody's customer afterwards

    assert {name: found for name, found in findings.items() if found} == {}
    assert too_wide == {}
    assert errors == []
    context.close()
