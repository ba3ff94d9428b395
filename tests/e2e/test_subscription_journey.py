"""A subscription through pause until -> resume -> skip -> reschedule -> cancel (save offer declined), in
headless Chromium, with axe on every page type at 375 and 1280 px (serious or critical findings fail)."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.test_thank_you_browser import CSP_LISTENER
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE = Axe()


def assert_accessible(page: Page, where: str) -> None:
    """No CSP violation so far on this page (axe itself injects styles, so this is checked first), and no
    serious or critical axe finding."""
    assert page.evaluate("window.__cspViolations") == [], where
    # preload off: axe's own style sheet fetch resolves @import against the page and asks for missing files.
    results = AXE.run(page, options={"resultTypes": ["violations"], "preload": False})
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert bad == [], f"{where}: {bad}"


@pytest.mark.parametrize("width", [375, 1280])
def test_subscription_journey(browser, live_server, sandbox, width, tmp_path, settings):
    # Five actions within a minute are more UltraCart calls than one visitor may cause on page views.
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    signed_in, cookie_name = client_sign_in(Client(), "jane.doe@example.com"), settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": cookie_name, "url": live_server.url,
                          "value": signed_in.cookies[cookie_name].value}])  # fmt: skip
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    detail = f"{live_server.url}/account/subscriptions/{ACTIVE}/"

    page.goto(f"{live_server.url}/account/subscriptions/")
    assert_accessible(page, "list")
    page.get_by_role("link", name=f"Subscription SBX{ACTIVE}", exact=False).click()
    assert_accessible(page, "detail")

    # Pause until a date
    page.get_by_role("link", name="Pause", exact=True).click()
    assert_accessible(page, "pause: choose")
    page.screenshot(path=tmp_path / f"pause-choose-{width}.png", full_page=True)
    page.get_by_label("Until a date").check()
    resume_day = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Resume on").fill(resume_day.isoformat())
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    assert_accessible(page, "pause: review")
    page.get_by_role("button", name="Pause subscription").click()
    assert page.url == detail
    assert page.locator("[data-status=paused_until]").is_visible()
    assert_accessible(page, "detail: paused until")

    # Resume now
    page.get_by_role("link", name="Resume now").click()
    page.get_by_role("button", name="Resume subscription").click()
    assert page.locator("[data-status=active]").is_visible()

    # Skip the next shipment (its new date is shown before confirming)
    page.get_by_role("link", name="Skip next shipment").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    page.get_by_role("button", name="Skip next shipment").click()
    assert "Skipped. Your next shipment is on" in page.locator(".messages").inner_text()

    # Reschedule
    page.get_by_role("link", name="Reschedule").click()
    new_day = timezone.localdate() + timedelta(days=12)
    page.get_by_label("New date for your next shipment").fill(new_day.isoformat())
    page.get_by_role("button", name="Review the change").click()
    page.get_by_role("button", name="Change the date").click()
    assert "Your next shipment is now on" in page.locator(".messages").inner_text()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(new_day.isoformat())

    # Cancel, declining the save offer
    page.get_by_role("link", name="Cancel subscription").click()
    assert_accessible(page, "cancel: choose")
    page.get_by_label("Why are you canceling?").select_option("Too expensive")
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_text("Canceling cannot be undone.").is_visible()
    assert page.get_by_role("link", name="Pause instead").is_visible()
    assert_accessible(page, "cancel: review with save offer")
    page.screenshot(path=tmp_path / f"cancel-review-{width}.png", full_page=True)
    page.get_by_role("button", name="Cancel subscription").click()
    assert page.locator("[data-status=canceled]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["status"] == "canceled"
    assert_accessible(page, "detail: canceled")

    page.screenshot(path=tmp_path / f"subscription-{width}.png", full_page=True)
    assert errors == []
    context.close()
