"""The priced schedule and a chosen skip in headless Chromium, in English and in Spanish: Jane's subscription
shows its next six shipments with prices, she skips a later one (review, confirm), sees it marked "Skipped"
with "Undo", and undoes it. axe on every page at 320, 375 and 1280 px (one page, resized), nothing wider than
the phone, no CSP violation; with PORTAL_SCREENSHOTS=1 the pages' screenshots at 375 and 1280 px."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from portal.subscriptions.models import ShipmentSkip
from tests.e2e.axe import axe_findings
from tests.e2e.journey import SCREENSHOT_DIR, Journey, screenshots_wanted, signed_in_journey
from tests.shipment_dates import shipment_days
from tests.subscriptions_helpers import ACTIVE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 375, 1280)


def check(journey: Journey, name: str, findings: list[str], *, screenshot: str = "") -> None:
    """axe at each width, and no sideways scroll on a phone; screenshots at 375 and 1280 when asked."""
    page = journey.page
    findings.extend(f"{name}: CSP {v}" for v in page.evaluate("window.__cspViolations || []"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        findings.extend(f"{name} {width}px {finding}" for finding in axe_findings(page))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            findings.append(f"{name} {width}px: {scroll} px wide")
        if screenshot and screenshots_wanted() and width != 320:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT_DIR / f"{screenshot}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 900})


@pytest.mark.parametrize("language", ["en", "es"])
def test_schedule_skip_a_chosen_shipment_and_undo_it(browser, live_server, sandbox, settings, language):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    with translation.override(language):
        words = {w: gettext(w) for w in ("Skip this shipment", "Restore this shipment", "Skipped")}
    journey = signed_in_journey(browser, live_server, "jane.doe@example.com", locale=language)
    page, suffix = journey.page, "" if language == "en" else "-es"
    findings: list[str] = []
    failures: list[str] = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _next, later, *_rest = shipment_days(sandbox, ACTIVE)
    detail = f"{live_server.url}/account/subscriptions/{ACTIVE}/"

    page.goto(detail)
    rows = page.locator("li.schedule__row")
    assert rows.count() == 6 and page.locator("[data-estimate]").count() == 6
    check(journey, "schedule", findings, screenshot=f"subscription-schedule{suffix}")

    row = page.locator(f'li[data-shipment="{later}"]')
    row.locator("button[type=submit]").click()  # "Skip" on the second shipment: the review
    assert page.get_by_role("heading", level=1).is_visible()
    check(journey, "skip review", findings, screenshot=f"subscription-skip-shipment{suffix}")
    page.get_by_role("button", name=words["Skip this shipment"]).click()
    page.wait_for_url(detail)
    row = page.locator(f'li[data-shipment="{later}"]')
    assert row.locator("[data-skipped]").inner_text() == words["Skipped"]
    assert ShipmentSkip.objects.get(auto_order_oid=ACTIVE).status == "pending"
    assert len(mail.outbox) == 1
    check(journey, "skipped", findings, screenshot=f"subscription-skipped{suffix}")

    row.get_by_role("button").click()  # "Undo": the review
    check(journey, "undo review", findings)
    page.get_by_role("button", name=words["Restore this shipment"]).click()
    page.wait_for_url(detail)
    assert page.locator(f'li[data-shipment="{later}"] [data-skipped]').count() == 0
    assert ShipmentSkip.objects.get(auto_order_oid=ACTIVE).status == "canceled"
    check(journey, "restored", findings)

    journey.close()
    assert findings == [] and journey.errors == [] and failures == []
