"""Issue 23's one browser journey: María's canceled 5003 through every new action, in English and then in
Spanish (one run each, from the sandbox's fresh demo data), in headless Chromium:

reactivate -> change how often -> change quantity -> the priced schedule -> skip a chosen later shipment ->
undo it -> order now -> change the shipping address -> end after 3 shipments.

Order now comes after the skip and its undo: it moves the next shipment to today, and the skip is of a later
one, so it would not interfere; it goes before the address and the end because those do not move dates.
After each write the sandbox's stored auto order says what was asked (a skip writes nothing to UltraCart: our
record is the skip), the page says what is now true, and the email says it. Every page: axe at 320, 375 and
1280 px (one page, resized), no sideways scroll at any width, no CSP violation, no script error, no 4xx/5xx;
the Spanish pages and emails have no English of ours. With PORTAL_SCREENSHOTS=1 the English pages' pictures
(and the Spanish schedule's) are written under docs/screenshots/ at 375 and 1280 px.

María's item (TE-VERDE) has no item rule in the sandbox defaults (portal/settings.py _SANDBOX_ITEM_RULES),
so the test gives it one through settings.PORTAL_SUBSCRIPTION_ITEM_RULES: frequencies and quantity 1-4.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from portal.core.formatting import day_text
from portal.subscriptions.models import ShipmentSkip
from tests.e2e.journey import Journey, signed_in_journey
from tests.e2e.test_spanish_journey import SpanishCheck
from tests.shipment_dates import shipment_days, shipment_stamps
from tests.subscriptions_helpers import CANCELED, raw_auto_order
from tests.test_order_spanish import read_aloud, without_receipt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MARIA = "maria.garcia@example.es"
WIDTHS = (320, 375, 1280)
STREET, CITY, REASON = "Calle de Alcalá 101", "Madrid", "Moving"
PRODUCT = "Té verde japonés"  # her item, as the emails name it
ITEM_RULES = "TE-VERDE: frequencies=Monthly, Every 2 Months, Every 3 Months, Every...; quantity=1-4"
# What each language chooses: how often (its radio's label), what the stored item then says, the words on
# the page and in the email; the quantity and the estimate the review shows for it (7.90 a unit).
CHOICES: dict[str, dict[str, Any]] = {
    "en": {
        "choose": "Every … days (you choose how many)",
        "days": "21",
        "stored": ("Every...", 21),
        "on page": "every 21 days",
        "emailed": "now ships every 21 days",
        "quantity": "3",
        "estimate": "$23.70",
        "quantity emailed": "now brings 3 per shipment",
    },
    "es": {
        "choose": "Cada 2 meses",
        "days": "",
        "stored": ("Every 2 Months", None),
        "on page": "cada 2 meses",
        "emailed": "ahora se envía cada 2 meses",
        "quantity": "4",
        "estimate": "31,60\u00a0US$",
        "quantity emailed": "ahora trae 4 por envío",
    },
}

Look = Callable[..., None]


def words(msgid: str, language: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def said(journey: Journey, msgid: str, language: str) -> None:
    """The page's message is this one (up to its first placeholder, when it has one)."""
    expect(journey.page.locator(".messages")).to_contain_text(words(msgid, language).split("%(")[0])


def reactivate(journey: Journey, sandbox, language: str, look: Look, detail: str) -> None:
    page, t = journey.page, (lambda msgid: words(msgid, language))
    page.get_by_role("link", name=t("Reactivate"), exact=True).click()
    assert page.locator(".notice--warning").first.is_visible()  # the shipments it missed
    look("reactivate: review", "reactivate-review")
    page.get_by_role("button", name=t("Reactivate subscription")).click()
    assert page.url == detail and page.locator("[data-status=active]").is_visible()
    said(journey, "Your subscription is active again. Next shipment: %(date)s.", language)
    raw = raw_auto_order(sandbox, CANCELED)
    next_shipment = datetime.fromisoformat(raw["items"][0]["next_shipment_dts"])
    assert raw["status"] == "active" and next_shipment > timezone.now()
    shown_next = page.locator('[data-date="next-shipment"] time').get_attribute("datetime")
    assert shown_next == timezone.localdate(next_shipment).isoformat()
    assert t("Your subscription is reactivated") in mail.outbox[-1].subject
    look("reactivated: detail", "subscription-item-changes")


def change_how_often(journey: Journey, sandbox, language: str, look: Look) -> None:
    page, t, choice = journey.page, (lambda msgid: words(msgid, language)), CHOICES[language]
    page.get_by_role("link", name=t("Change how often")).click()
    days_field = page.get_by_label(t("Number of days"))
    expect(days_field).to_be_hidden()  # "Every 3 Months" now; the days only for "Every … days"
    look("frequency: choose", "frequency-choose")
    page.get_by_label(words(choice["choose"], language)).check()
    if choice["days"]:
        expect(days_field).to_be_visible()
        days_field.fill(choice["days"])
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.get_by_role("heading", name=t("What will change"))).to_be_visible()
    reviewed = page.locator("table").inner_text()
    look("frequency: review", "frequency-review")
    page.get_by_role("button", name=t("Change how often")).click()
    said(journey, "Done. It now ships %(frequency)s.", language)
    item = raw_auto_order(sandbox, CANCELED)["items"][0]
    assert (item["frequency"], item.get("arbitrary_schedule_days") if choice["days"] else None) == (
        choice["stored"]
    )
    stamps = [datetime.fromisoformat(stamp) for stamp in shipment_stamps(sandbox, CANCELED)[:3]]
    with translation.override(language):
        scheduled = "\n".join(day_text(stamp) for stamp in stamps)
    assert scheduled in reviewed, (scheduled, reviewed)  # the review's dates are the ones UltraCart scheduled
    assert choice["on page"] in page.locator(".subscription__items").inner_text()
    assert choice["emailed"] in mail.outbox[-1].body
    assert PRODUCT in mail.outbox[-1].subject
    look("frequency: changed")
    if choice["days"]:  # "Every … days" now: the form opens on it, its number of days showing
        page.get_by_role("link", name=t("Change how often")).click()
        expect(days_field).to_be_visible()
        expect(days_field).to_have_value(choice["days"])
        page.go_back()


def change_quantity(journey: Journey, sandbox, language: str, look: Look) -> None:
    page, t, choice = journey.page, (lambda msgid: words(msgid, language)), CHOICES[language]
    page.get_by_role("link", name=t("Change quantity")).click()
    look("quantity: choose", "quantity-choose")
    field = page.get_by_label(t("Quantity per shipment"))
    field.fill("2.5")
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        t("Please enter a whole number from %(low)d to %(high)d.") % {"low": 1, "high": 4}
    )
    assert raw_auto_order(sandbox, CANCELED)["items"][0]["arbitrary_quantity"] == 2.0  # nothing written
    look("quantity: refused")
    field.fill(choice["quantity"])
    page.get_by_role("button", name=t("Review the change")).click()
    expect(page.locator("table")).to_contain_text(choice["estimate"])
    look("quantity: review", "quantity-review")
    page.get_by_role("button", name=t("Change quantity")).click()
    expect(page.locator(".messages")).to_contain_text(choice["quantity"])
    assert raw_auto_order(sandbox, CANCELED)["items"][0]["arbitrary_quantity"] == float(choice["quantity"])
    assert choice["quantity emailed"] in mail.outbox[-1].body


def skip_and_undo(journey: Journey, sandbox, language: str, look: Look, detail: str) -> None:
    page, t, suffix = journey.page, (lambda msgid: words(msgid, language)), "-es" if language == "es" else ""
    page.goto(detail)
    assert page.locator("li.schedule__row").count() == 6 and page.locator("[data-estimate]").count() == 6
    look("schedule", f"subscription-schedule{suffix}", always=True)
    stored, sent = raw_auto_order(sandbox, CANCELED), len(mail.outbox)
    _next, later, *_rest = shipment_days(sandbox, CANCELED)

    page.locator(f'li[data-shipment="{later}"] button[type=submit]').click()  # "Skip": the review
    assert page.get_by_role("heading", level=1).is_visible()
    look("skip: review", f"subscription-skip-shipment{suffix}", always=True)
    page.get_by_role("button", name=t("Skip this shipment")).click()
    page.wait_for_url(detail)
    said(journey, "The shipment of %(date)s is skipped. You can undo it until %(until)s.", language)
    row = page.locator(f'li[data-shipment="{later}"]')
    assert row.locator("[data-skipped]").inner_text() == t("Skipped")
    assert ShipmentSkip.objects.get(auto_order_oid=CANCELED).status == "pending"
    assert raw_auto_order(sandbox, CANCELED) == stored  # the skip is our record until its run
    assert len(mail.outbox) == sent + 1
    look("skipped", f"subscription-skipped{suffix}", always=True)

    row.get_by_role("button").click()  # "Undo": the review
    look("undo: review")
    page.get_by_role("button", name=t("Restore this shipment")).click()
    page.wait_for_url(detail)
    said(journey, "The shipment of %(date)s is back on your schedule.", language)
    assert page.locator(f'li[data-shipment="{later}"] [data-skipped]').count() == 0
    assert ShipmentSkip.objects.get(auto_order_oid=CANCELED).status == "canceled"
    assert raw_auto_order(sandbox, CANCELED) == stored
    look("restored")


def order_now(journey: Journey, sandbox, language: str, look: Look) -> None:
    page, t = journey.page, (lambda msgid: words(msgid, language))
    page.get_by_role("link", name=t("Order now"), exact=True).click()
    review = page.locator("main").inner_text()
    assert t("Today: it goes out with tonight's orders") in review and "shipped" not in review.lower()
    look("order now: review", "order-now-review")
    page.get_by_role("button", name=t("Order now"), exact=True).click()
    said(journey, "Your next shipment goes out with tonight's orders.", language)
    shipment = datetime.fromisoformat(raw_auto_order(sandbox, CANCELED)["items"][0]["next_shipment_dts"])
    assert timezone.localdate(shipment) == timezone.localdate()
    shown_next = page.locator('[data-date="next-shipment"] time').get_attribute("datetime")
    assert shown_next == timezone.localdate().isoformat()
    assert t("Your next shipment goes out tonight") in mail.outbox[-1].subject


def change_address(journey: Journey, sandbox, language: str, look: Look) -> None:
    page, t = journey.page, (lambda msgid: words(msgid, language))
    page.get_by_role("link", name=t("Change shipping address")).click()
    street = page.get_by_role("textbox", name=t("Address"), exact=True)
    assert street.input_value()  # where it ships now
    look("address: form", "shipping-address-form")
    street.fill("x" * 51)  # over UltraCart's 50: said at the field, nothing written
    page.get_by_role("button", name=t("Review the change")).click()
    error = page.locator(f"#{street.get_attribute('id')}-error")
    assert "50" in error.inner_text() and street.get_attribute("aria-invalid") == "true"
    look("address: too long")
    street.fill(STREET)
    page.get_by_role("textbox", name=t("City"), exact=True).fill(CITY)
    page.get_by_role("button", name=t("Review the change")).click()
    assert STREET in page.locator("table").inner_text()
    look("address: review", "shipping-address-review")
    page.get_by_role("button", name=t("Save the new address")).click()
    said(journey, "Saved. Your future shipments go to the new address.", language)
    assert STREET in page.locator('[data-address="ship-to"]').inner_text()
    shipping = sandbox.api(
        "GET", f"/auto_order/auto_orders/{CANCELED}", params={"_expand": "original_order.shipping"}
    ).json()["auto_order"]["original_order"]["shipping"]
    assert (shipping["address1"], shipping["city"]) == (STREET, CITY)
    assert STREET in mail.outbox[-1].body


def end_after_three(journey: Journey, sandbox, language: str, look: Look) -> None:
    page, t = journey.page, (lambda msgid: words(msgid, language))
    page.get_by_role("link", name=t("End after a few shipments")).click()
    look("end after: choose")
    page.get_by_label(t("Stop after how many more shipments?")).select_option("3")
    page.get_by_label(t("Why are you stopping?")).select_option(REASON)
    page.get_by_role("button", name=t("Review the change")).click()
    look("end after: review", "stop-after-review")
    page.get_by_role("button", name=t("End after these shipments")).click()
    with translation.override(language):
        saved = ngettext(
            "Saved. Your subscription ends after %(count)d more shipment.",
            "Saved. Your subscription ends after %(count)d more shipments.",
            3,
        ) % {"count": 3}
    expect(page.locator(".messages")).to_contain_text(saved)
    raw = raw_auto_order(sandbox, CANCELED)
    assert (raw["cancel_after_next_x_orders"], raw["status"]) == (3, "active")
    ends = page.locator('[data-ends="after"]').inner_text()
    assert words("Ends after %(count)s more shipment.", language).split("%")[0] in ends
    assert page.get_by_role("link", name=t("Change when it ends")).is_visible()
    look("detail: ends after 3", "subscription-ends-after")


@pytest.mark.parametrize("language", ["en", "es"])
def test_one_subscription_through_every_change(browser, live_server, sandbox, settings, language):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    settings.PORTAL_SUBSCRIPTION_ITEM_RULES = ITEM_RULES
    if language == "es":
        settings.PORTAL_TIME_ZONE = "Europe/Madrid"  # the merchant's: dates as a Madrid shopper's day
    journey = signed_in_journey(browser, live_server, MARIA, locale="es-ES" if language == "es" else "en-US")
    page, detail = journey.page, f"{live_server.url}/account/subscriptions/{CANCELED}/"
    failures: list[str] = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    spanish = SpanishCheck(sandbox)
    spanish.not_ours = sorted([*spanish.not_ours, STREET, CITY, REASON], key=len, reverse=True)

    def look(name: str, screenshot: str | None = None, *, always: bool = False) -> None:
        """Every check of a page; the README's pictures are the English pages (and the schedule's both)."""
        assert page.locator("html").get_attribute("lang") == language, name
        if language == "es":
            spanish.text(name, read_aloud(without_receipt(page.content())))
        shot = screenshot if always or language == "en" else None
        journey.check(name, screenshot=shot, widths=WIDTHS, no_sideways_scroll=True)

    sent = len(mail.outbox)
    with timezone.override(
        settings.PORTAL_TIME_ZONE if language == "es" else timezone.get_default_timezone()
    ):
        page.goto(detail)
        look("canceled: detail")
        reactivate(journey, sandbox, language, look, detail)
        change_how_often(journey, sandbox, language, look)
        change_quantity(journey, sandbox, language, look)
        skip_and_undo(journey, sandbox, language, look, detail)
        order_now(journey, sandbox, language, look)
        change_address(journey, sandbox, language, look)
        end_after_three(journey, sandbox, language, look)
    if language == "es":
        spanish.emails("every change", sent)
    journey.close()
    assert spanish.english == {}, spanish.english
    assert failures == [], failures
    assert journey.findings == {} and journey.errors == [], (journey.findings, journey.errors)
