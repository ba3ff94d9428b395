"""María's canceled subscription through issue 23's address, end-after, reactivate and order-now actions, in
headless Chromium, once in English and once in Spanish: reactivate (the warning and the new date) -> order
now (tonight's orders) -> change the shipping address (prefilled, a line too long said plainly) -> end after
3 shipments. After each, the page and the sandbox's auto order agree and the email says it. axe runs on
every page at 320, 375 and 1280 px (one tab, resized); the Spanish pages and emails have no English of ours.
"""

from datetime import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.e2e.journey import Journey, signed_in_journey
from tests.e2e.test_spanish_journey import SpanishCheck
from tests.subscriptions_helpers import CANCELED, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MARIA = "maria.garcia@example.es"
WIDTHS = (320, 375, 1280)
STREET, CITY = "Calle de Alcalá 101", "Madrid"


def words(msgid: str, language: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def take_the_four_actions(journey: Journey, sandbox, base: str, language: str, look) -> None:
    page, t = journey.page, (lambda msgid: words(msgid, language))
    shots = language == "en"  # the README's pictures are the English pages
    detail = f"{base}/account/subscriptions/{CANCELED}/"
    page.goto(detail)
    look("canceled", screenshot=None)

    # Reactivate: the warning about missed shipments, the new date, then active
    page.get_by_role("link", name=t("Reactivate"), exact=True).click()
    assert page.locator(".notice--warning").first.is_visible()
    look("reactivate: review", screenshot="reactivate-review" if shots else None)
    page.get_by_role("button", name=t("Reactivate subscription")).click()
    assert page.url == detail and page.locator("[data-status=active]").is_visible()
    raw = raw_auto_order(sandbox, CANCELED)
    assert raw["status"] == "active"
    assert datetime.fromisoformat(raw["items"][0]["next_shipment_dts"]) > timezone.now()
    assert t("Your subscription is reactivated") in mail.outbox[-1].subject
    look("reactivated")

    # Order now: today, "goes out with tonight's orders", never "shipped"
    page.get_by_role("link", name=t("Order now"), exact=True).click()
    review = page.locator("main").inner_text()
    assert t("Today: it goes out with tonight's orders") in review and "shipped" not in review.lower()
    look("order now: review", screenshot="order-now-review" if shots else None)
    page.get_by_role("button", name=t("Order now"), exact=True).click()
    assert t("Your next shipment goes out with tonight's orders.") in page.locator(".messages").inner_text()
    shipment = datetime.fromisoformat(raw_auto_order(sandbox, CANCELED)["items"][0]["next_shipment_dts"])
    assert timezone.localdate(shipment) == timezone.localdate()
    assert page.locator('[data-date="next-shipment"] time').get_attribute("datetime") == (
        timezone.localdate().isoformat()
    )
    assert t("Your next shipment goes out tonight") in mail.outbox[-1].subject

    # Change the shipping address: prefilled; a street line over UltraCart's 50 is said, then fixed
    page.get_by_role("link", name=t("Change shipping address")).click()
    street = page.get_by_role("textbox", name=t("Address"), exact=True)
    assert street.input_value()  # where it ships now
    look("address: form", screenshot="shipping-address-form" if shots else None)
    street.fill("x" * 51)
    page.get_by_role("button", name=t("Review the change")).click()
    error = page.locator(f"#{street.get_attribute('id')}-error")
    assert "50" in error.inner_text() and street.get_attribute("aria-invalid") == "true"
    look("address: too long")
    street.fill(STREET)
    page.get_by_role("textbox", name=t("City"), exact=True).fill(CITY)
    page.get_by_role("button", name=t("Review the change")).click()
    assert STREET in page.locator("table").inner_text()
    look("address: review", screenshot="shipping-address-review" if shots else None)
    page.get_by_role("button", name=t("Save the new address")).click()
    assert STREET in page.locator('[data-address="ship-to"]').inner_text()
    shipping = sandbox.api(
        "GET", f"/auto_order/auto_orders/{CANCELED}", params={"_expand": "original_order.shipping"}
    ).json()["auto_order"]["original_order"]["shipping"]
    assert (shipping["address1"], shipping["city"]) == (STREET, CITY)
    assert STREET in mail.outbox[-1].body

    # End after 3 more shipments, with a reason; the page says so and how to change it
    page.get_by_role("link", name=t("End after a few shipments")).click()
    look("end after: choose")
    page.get_by_label(t("Stop after how many more shipments?")).select_option("3")
    page.get_by_label(t("Why are you stopping?")).select_option("Moving")
    page.get_by_role("button", name=t("Review the change")).click()
    look("end after: review", screenshot="stop-after-review" if shots else None)
    page.get_by_role("button", name=t("End after these shipments")).click()
    assert raw_auto_order(sandbox, CANCELED)["cancel_after_next_x_orders"] == 3
    ends = page.locator('[data-ends="after"]').inner_text()
    assert words("Ends after %(count)s more shipment.", language).split("%")[0] in ends
    assert page.get_by_role("link", name=t("Change when it ends")).is_visible()
    look("detail: ends after 3", screenshot="subscription-ends-after" if shots else None)


def test_the_four_actions_in_english(browser, live_server, sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    journey = signed_in_journey(browser, live_server, MARIA, locale="en-US")
    failures: list[str] = []
    journey.page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def look(name: str, screenshot: str | None = None) -> None:
        assert journey.page.locator("html").get_attribute("lang") == "en"
        journey.check(name, screenshot=screenshot, widths=WIDTHS)

    take_the_four_actions(journey, sandbox, live_server.url, "en", look)
    assert failures == []
    journey.assert_clean()
    journey.close()


def test_the_four_actions_in_spanish(browser, live_server, sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    settings.PORTAL_TIME_ZONE = "Europe/Madrid"
    journey = signed_in_journey(browser, live_server, MARIA, locale="es-ES")
    check = SpanishCheck(sandbox)
    check.not_ours = sorted([*check.not_ours, STREET, CITY, "Moving"], key=len, reverse=True)

    def look(name: str, screenshot: str | None = None) -> None:
        check.page(name, journey)  # lang="es", no English of ours, then axe (at 375 and 1280)
        journey.check(f"{name} at 320", widths=(320,))

    sent = len(mail.outbox)
    with timezone.override("Europe/Madrid"):
        take_the_four_actions(journey, sandbox, live_server.url, "es", look)
    check.emails("four actions", sent)
    assert check.english == {}, check.english
    journey.assert_clean()
    journey.close()
