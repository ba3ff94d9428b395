"""A subscription through every action a customer has, in headless Chromium: pause (until resumed) ->
resume -> pause until a date -> resume -> skip -> reschedule -> update card (UltraCart's page) -> cancel
(save offer declined). axe runs on every page at 375 and 1280 px (tests/e2e/journey.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.journey import signed_in_journey
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_subscription_journey(browser, live_server, sandbox, settings):
    # Eight actions within a minute are more UltraCart calls than one visitor may cause on page views.
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    journey = signed_in_journey(browser, live_server, "jane.doe@example.com")
    page = journey.page
    failures: list[str] = []
    ours = live_server.url
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    detail = f"{ours}/account/subscriptions/{ACTIVE}/"

    page.goto(f"{ours}/account/subscriptions/")
    journey.check("list", screenshot="subscriptions")
    page.get_by_role("link", name=f"Subscription SBX{ACTIVE}", exact=False).click()
    journey.check("detail", screenshot="subscription")

    # Pause until resumed
    page.get_by_role("link", name="Pause", exact=True).click()
    journey.check("pause: choose")
    page.get_by_label("Until I resume it").check()
    page.get_by_role("button", name="Review the change").click()
    journey.check("pause: review")
    page.get_by_role("button", name="Pause subscription").click()
    assert page.url == detail
    assert page.locator("[data-status=paused]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True
    journey.check("detail: paused")

    # Resume now
    page.get_by_role("link", name="Resume now").click()
    journey.check("resume: review")
    page.get_by_role("button", name="Resume subscription").click()
    assert page.locator("[data-status=active]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False

    # Pause until a date, then resume again
    page.get_by_role("link", name="Pause", exact=True).click()
    page.get_by_label("Until a date").check()
    resume_day = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Resume on").fill(resume_day.isoformat())
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    page.get_by_role("button", name="Pause subscription").click()
    assert page.url == detail
    assert page.locator("[data-status=paused_until]").is_visible()
    journey.check("detail: paused until")
    page.get_by_role("link", name="Resume now").click()
    page.get_by_role("button", name="Resume subscription").click()
    assert page.locator("[data-status=active]").is_visible()

    # Skip the next shipment (its new date is shown before confirming)
    page.get_by_role("link", name="Skip next shipment").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    journey.check("skip: review")
    page.get_by_role("button", name="Skip next shipment").click()
    assert "Skipped. Your next shipment is on" in page.locator(".messages").inner_text()
    journey.check("detail: skipped (message)")

    # Reschedule
    page.get_by_role("link", name="Reschedule").click()
    journey.check("reschedule: choose")
    new_day = timezone.localdate() + timedelta(days=12)
    page.get_by_label("New date for your next shipment").fill(new_day.isoformat())
    page.get_by_role("button", name="Review the change").click()
    journey.check("reschedule: review")
    page.get_by_role("button", name="Change the date").click()
    assert "Your next shipment is now on" in page.locator(".messages").inner_text()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"].startswith(new_day.isoformat())

    # Update card: UltraCart's own page for this auto order (the sandbox's stand-in; not ours to check)
    page.get_by_role("link", name="Update card").click()
    assert page.url.startswith(f"{sandbox.url}/update-billing/"), page.url
    page.go_back()
    assert page.url == detail

    # Cancel, declining the save offer
    page.get_by_role("link", name="Cancel subscription").click()
    journey.check("cancel: choose")
    page.get_by_label("Why are you canceling?").select_option("Too expensive")
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_text("Canceling cannot be undone.").is_visible()
    assert page.get_by_role("link", name="Pause instead").is_visible()
    journey.check("cancel: review with save offer", screenshot="cancel-review")
    page.get_by_role("button", name="Cancel subscription").click()
    assert page.locator("[data-status=canceled]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["status"] == "canceled"
    journey.check("detail: canceled", screenshot="subscription-canceled")

    assert failures == []
    journey.assert_clean()
    journey.close()
