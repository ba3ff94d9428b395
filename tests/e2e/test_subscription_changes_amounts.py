"""Change how often and change quantity in headless Chromium, in English and then in Spanish: Jane's active
5001 from its page's per-item links, through the choice (the number of days shows only for "Every … days"),
the review (the next dates, the estimated price per shipment) and the confirm, to what the sandbox stores and
the email says. axe runs on every page at 320, 375 and 1280 px, reusing one page across the widths."""

from datetime import datetime

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.core.formatting import day_text
from tests.e2e.axe import axe_findings
from tests.e2e.journey import Journey, signed_in_journey
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PRODUCT = "Monthly Coffee Club"


def words(msgid: str, language: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def check(journey: Journey, name: str, screenshot: str | None = None) -> None:
    """axe at 320 px too (the narrowest phone), then the journey's 375 and 1280 px (and screenshots)."""
    page = journey.page
    page.set_viewport_size({"width": 320, "height": 900})
    found = axe_findings(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{name}: scrolls sideways at 320 px"
    if found:
        journey.findings[f"{name} 320px"] = found
    journey.check(name, screenshot=screenshot)


def scheduled(sandbox) -> list[datetime]:
    raw = sandbox.api(
        "GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": "items.future_schedules"}
    )
    return [
        datetime.fromisoformat(s["shipment_dts"])
        for s in raw.json()["auto_order"]["items"][0]["future_schedules"]
    ]


def change_how_often(journey: Journey, sandbox, language: str, *, choose: str, days: str = "") -> None:
    page, t = journey.page, lambda msgid: words(msgid, language)
    page.get_by_role("link", name=t("Change how often")).click()
    days_field = page.get_by_label(t("Number of days"))
    if raw_auto_order(sandbox, ACTIVE)["items"][0]["frequency"] == "Every...":
        expect(days_field).to_be_visible()  # the current choice, with its number of days
    else:
        expect(days_field).to_be_hidden()  # only for "Every … days"
    check(
        journey, f"{language} frequency: choose", screenshot=None if language == "es" else "frequency-choose"
    )
    page.get_by_label(choose).check()
    if days:
        expect(days_field).to_be_visible()
        days_field.fill(days)
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.get_by_role("heading", name=t("What will change"))).to_be_visible()
    shown = page.locator("table").inner_text()
    check(
        journey, f"{language} frequency: review", screenshot=None if language == "es" else "frequency-review"
    )
    page.get_by_role("button", name=t("Change how often")).click()
    expect(page.locator(".messages")).to_contain_text(t("Done. It now ships %(frequency)s.").split("%")[0])
    with translation.override(language):
        after = "\n".join(day_text(d) for d in scheduled(sandbox)[:3])
    assert after in shown, (after, shown)  # the review's dates are the ones UltraCart then scheduled


def change_quantity(journey: Journey, language: str, *, quantity: str, estimate: str) -> None:
    page, t = journey.page, lambda msgid: words(msgid, language)
    page.get_by_role("link", name=t("Change quantity")).click()
    check(journey, f"{language} quantity: choose", screenshot=None if language == "es" else "quantity-choose")
    page.get_by_label(t("Quantity per shipment")).fill("2.5")
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        t("Please enter a whole number from %(low)d to %(high)d.") % {"low": 1, "high": 4}
    )
    check(journey, f"{language} quantity: refused")
    page.get_by_label(t("Quantity per shipment")).fill(quantity)
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.locator("table")).to_contain_text(estimate)
    check(journey, f"{language} quantity: review", screenshot=None if language == "es" else "quantity-review")
    page.get_by_role("button", name=t("Change quantity")).click()
    expect(page.locator(".messages")).to_contain_text(quantity)


def test_change_how_often_and_how_many_in_english_and_spanish(browser, live_server, sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    journey = signed_in_journey(browser, live_server, "jane.doe@example.com")
    page, detail = journey.page, f"{live_server.url}/account/subscriptions/{ACTIVE}/"
    failures: list[str] = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(detail)
    check(journey, "en detail", screenshot="subscription-item-changes")
    change_how_often(journey, sandbox, "en", choose="Every … days (you choose how many)", days="21")
    item = raw_auto_order(sandbox, ACTIVE)["items"][0]
    assert (item["frequency"], item["arbitrary_schedule_days"]) == ("Every...", 21)
    assert "every 21 days" in page.locator(".subscription__items").inner_text()
    assert PRODUCT in mail.outbox[-1].subject and "now ships every 21 days" in mail.outbox[-1].body
    check(journey, "en detail: every 21 days")

    change_quantity(journey, "en", quantity="3", estimate="$55.50")
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["arbitrary_quantity"] == 3.0
    assert "now brings 3 per shipment" in mail.outbox[-1].body

    journey.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    page.goto(detail)
    assert page.locator("html").get_attribute("lang") == "es"
    change_how_often(journey, sandbox, "es", choose="Cada 2 meses")
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["frequency"] == "Every 2 Months"
    assert "cada 2 meses" in page.locator(".subscription__items").inner_text()
    assert "ahora se envía cada 2 meses" in mail.outbox[-1].body
    change_quantity(journey, "es", quantity="2", estimate="37,00\u00a0US$")
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["arbitrary_quantity"] == 2.0
    assert "ahora trae 2 por envío" in mail.outbox[-1].body
    check(journey, "es detail: changed")

    journey.assert_clean()
    assert failures == [r for r in failures if "/frequency/" in r or "/quantity/" in r] == [], failures
    journey.close()
