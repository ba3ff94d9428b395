"""A subscription through every action a customer has, in headless Chromium: pause (until resumed) ->
resume -> pause until a date -> resume -> skip -> reschedule -> update card (the sandbox's stand-in for
UltraCart's page, axe too) -> cancel (save offer declined). axe runs on every page at 375 and 1280 px
(tests/e2e/journey.py). After each action the page's next shipment and next charge agree with the sandbox's
auto order, the email names the product and the new date, and the order page's note matches the state."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.e2e.journey import signed_in_journey
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ORDER = "DEMO-0009100012"  # the order that started ACTIVE
PRODUCT = "Monthly Coffee Club"


def _day(stamp: str) -> str:
    return timezone.localtime(datetime.fromisoformat(stamp)).date().isoformat()


def _shown(page, name: str) -> str:
    """The date (YYYY-MM-DD) or the words the detail page shows for next-shipment / next-charge."""
    cell = page.locator(f'[data-date="{name}"]')
    if not cell.count():
        return ""
    stamp = cell.locator("time")
    return (stamp.get_attribute("datetime") or "") if stamp.count() else cell.inner_text().strip()


def assert_dates_agree(page, sandbox, *, resume_day=None) -> None:
    raw = raw_auto_order(sandbox, ACTIVE)
    live = [i["next_shipment_dts"] for i in raw["items"] if not i.get("paused") and raw["status"] == "active"]
    shipment, charge = _shown(page, "next-shipment"), _shown(page, "next-charge")
    if live:
        assert shipment == _day(min(live, key=datetime.fromisoformat)), (shipment, live)
        assert charge == _day(raw["next_attempt"]) == shipment, (charge, raw.get("next_attempt"))
    elif resume_day is not None:  # paused until a date: nothing before it
        assert "next_attempt" not in raw and charge >= resume_day.isoformat() and charge == shipment
    else:
        assert "next_attempt" not in raw or raw["status"] != "active"
        assert shipment == "" and charge.startswith("None"), (shipment, charge)


def assert_email(*, says: str, date: str | None = None) -> None:
    assert mail.outbox, "no email"
    message = mail.outbox[-1]
    assert PRODUCT in message.subject and PRODUCT in message.body and says in message.body, message.body
    assert f"/account/subscriptions/{ACTIVE}/" in message.body
    if date:
        shown = date_format(datetime.fromisoformat(date).date(), "DATE_FORMAT")
        assert f"Next shipment: {shown}." in message.body, message.body
    mail.outbox.clear()


def assert_order_note(page, ours: str, state: str, detail: str) -> None:
    page.goto(f"{ours}/orders/{ORDER}/")
    assert page.locator(f'[data-subscription-state="{state}"]').is_visible()
    page.goto(detail)


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
    page.locator(f'h2 a[href="/account/subscriptions/{ACTIVE}/"]').click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(PRODUCT)
    assert "Visa ending in 1111" in page.locator('[data-card="on-file"]').inner_text()
    assert_dates_agree(page, sandbox)
    journey.check("detail", screenshot="subscription")
    assert_order_note(page, ours, "active", detail)

    # Pause until resumed: the form shows each field only for its choice
    page.get_by_role("link", name="Pause", exact=True).click()
    expect(page.get_by_label("Resume on")).to_be_hidden()
    expect(page.get_by_label("Shipments to pause")).to_be_hidden()
    journey.check("pause: choose", screenshot="pause-choose")
    page.get_by_label("Until I resume it").check()
    page.get_by_role("button", name="Review the change").click()
    journey.check("pause: review")
    page.get_by_role("button", name="Pause subscription").click()
    assert page.url == detail
    assert page.locator("[data-status=paused]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True
    assert_dates_agree(page, sandbox)
    assert_email(says="is paused")
    journey.check("detail: paused")
    assert_order_note(page, ours, "paused", detail)

    # Resume now
    page.get_by_role("link", name="Resume now").click()
    journey.check("resume: review")
    page.get_by_role("button", name="Resume subscription").click()
    assert page.locator("[data-status=active]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False
    assert_dates_agree(page, sandbox)
    resumed = raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"]
    assert_email(says="is active again", date=resumed)
    assert_order_note(page, ours, "active", detail)

    # Pause until a date, then resume again
    page.get_by_role("link", name="Pause", exact=True).click()
    page.get_by_label("Until a date").check()
    expect(page.get_by_label("Resume on")).to_be_visible()
    expect(page.get_by_label("Shipments to pause")).to_be_hidden()
    resume_day = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Resume on").fill(resume_day.isoformat())
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    page.get_by_role("button", name="Pause subscription").click()
    assert page.url == detail
    assert page.locator("[data-status=paused_until]").is_visible()
    assert_dates_agree(page, sandbox, resume_day=resume_day)
    assert_email(says=f"It resumes on {date_format(resume_day, 'DATE_FORMAT')}.")
    journey.check("detail: paused until", screenshot="subscription-paused-until")
    assert_order_note(page, ours, "paused_until", detail)
    page.get_by_role("link", name="Resume now").click()
    page.get_by_role("button", name="Resume subscription").click()
    assert page.locator("[data-status=active]").is_visible()
    assert_dates_agree(page, sandbox)
    assert_email(says="is active again")

    # Skip the next shipment (its new date is shown before confirming); the charge moves with it
    page.get_by_role("link", name="Skip next shipment").click()
    assert page.get_by_role("heading", name="What will change").is_visible()
    journey.check("skip: review")
    page.get_by_role("button", name="Skip next shipment").click()
    assert "Skipped. Your next shipment is on" in page.locator(".messages").inner_text()
    assert_dates_agree(page, sandbox)
    mail.outbox.clear()  # a skip's email is another change (issue 22, item 3)
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
    assert_dates_agree(page, sandbox)
    assert_email(says="You moved the next shipment", date=new_day.isoformat())

    # Update card: the sandbox's stand-in for UltraCart's page, styled, in English here, and back again
    page.get_by_role("link", name="Update card on UltraCart's secure page").click()
    assert page.url.startswith(f"{sandbox.url}/update-billing/"), page.url
    journey.check("update card: UltraCart's page", screenshot="update-card-sandbox")
    page.get_by_label("Card number").fill("5555 5555 5555 4444")
    page.get_by_label("Expiry month").select_option("3")
    page.get_by_label("Expiry year").select_option(str(timezone.localdate().year + 4))
    page.get_by_role("button", name="Save card").click()
    assert "ending in 4444 is saved" in page.get_by_role("status").inner_text()
    journey.check("update card: saved")
    page.get_by_role("link", name="Back to your subscription").click()
    assert page.url == detail
    assert "Mastercard ending in 4444" in page.locator('[data-card="on-file"]').inner_text()

    # Cancel, declining the save offer
    page.get_by_role("link", name="Cancel subscription").click()
    journey.check("cancel: choose")
    page.get_by_label("Why are you canceling?").select_option("Too expensive")
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_text("You can reactivate it from this page later.").is_visible()
    assert page.get_by_role("link", name="Pause instead").is_visible()
    journey.check("cancel: review with save offer", screenshot="cancel-review")
    page.get_by_role("button", name="Cancel subscription").click()
    assert page.locator("[data-status=canceled]").is_visible()
    assert raw_auto_order(sandbox, ACTIVE)["status"] == "canceled"
    assert_dates_agree(page, sandbox)
    assert_email(says="is canceled")
    journey.check("detail: canceled", screenshot="subscription-canceled")
    assert_order_note(page, ours, "canceled", detail)

    assert failures == []
    journey.assert_clean()
    journey.close()
