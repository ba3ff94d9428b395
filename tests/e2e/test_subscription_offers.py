"""Keeping the subscriber, in headless Chromium, in English and in Spanish: Jane starts to cancel because it
is too expensive and takes the discount instead (the sandbox's next two prices are the discounted ones, then
the list price), swaps her coffee for another with a grind, and adds a mug in a colour to her next shipment.
axe runs on every page at 320, 375 and 1280 px; with PORTAL_SCREENSHOTS=1 the new pages are pictured."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.e2e.axe import axe_findings_at_widths
from tests.e2e.journey import signed_in_journey
from tests.subscriptions_helpers import ACTIVE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _schedules(sandbox):
    params = {"_expand": "items,items.future_schedules,add_ons"}
    return sandbox.api("GET", f"/auto_order/auto_orders/{ACTIVE}", params=params).json()["auto_order"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_discount_swap_and_add_on(browser, live_server, sandbox, settings, language):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100

    def t(msgid: str) -> str:
        with translation.override(language):
            return gettext(msgid)

    options = {"locale": "es-ES"} if language == "es" else {}
    journey = signed_in_journey(browser, live_server, "jane.doe@example.com", **options)
    page = journey.page
    detail = f"{live_server.url}/account/subscriptions/{ACTIVE}/"

    def check(name: str, screenshot: str | None = None) -> None:
        journey.check(name, screenshot=screenshot if language == "en" else None)  # the pictures in English
        found = axe_findings_at_widths(page, widths=(320,))
        if found:
            journey.findings.setdefault(name, []).extend(found)
        page.set_viewport_size({"width": 375, "height": 900})

    page.goto(detail)
    assert page.locator("html").get_attribute("lang") == language

    # Too expensive: the discount, one click from "No thanks, cancel".
    page.get_by_role("link", name=t("Cancel subscription")).click()
    page.locator("#id_reason").select_option("Too expensive")
    page.get_by_role("button", name=t("Review the change")).click()
    offer = page.locator('[data-offer="discount"] a')
    assert page.get_by_role("button", name=t("No thanks, cancel subscription")).is_visible()
    check("cancel: offers for the reason", screenshot="cancel-offers")
    offer.click()
    check("discount: review", screenshot="discount-review")
    page.get_by_role("button", name=t("Take the discount")).click()
    assert page.url == detail
    assert page.locator("[data-status=active]").is_visible()
    check("discount: done")
    costs = [s["unit_cost"] for s in _schedules(sandbox)["items"][0]["future_schedules"][:3]]
    assert costs == [14.8, 14.8, 18.5]

    # Swap the coffee for Kenya AA, ground for drip.
    page.get_by_role("link", name=t("Swap product")).click()
    check("swap: choose", screenshot="swap-choose")
    page.get_by_label("Monthly Coffee Club – Kenya AA (12 oz)").check()
    page.get_by_label("Grind").select_option("Drip")
    page.get_by_role("button", name=t("Review the change")).click()
    assert page.get_by_text("(Grind: Drip)").is_visible()
    check("swap: review", screenshot="swap-review")
    page.get_by_role("button", name=t("Swap product")).click()
    assert page.url == detail and page.get_by_text("Kenya AA (12 oz)").first.is_visible()
    check("swap: done")
    item = _schedules(sandbox)["items"][0]
    assert (item["arbitrary_item_id"], item["options"]) == (
        "COFFEE-KENYA",
        [{"label": "Grind", "value": "Drip"}],
    )

    # A travel mug in sand, twice, with the next shipment only.
    page.get_by_role("link", name=t("Add a one-time item")).click()
    colour = page.get_by_label("Colour")
    expect(colour).to_be_hidden()  # the mug's options show once the mug is chosen (choice-fields.js)
    page.get_by_label("Insulated travel mug (12 oz)").check()
    colour.select_option("Sand")
    page.get_by_label(t("How many")).select_option("2")
    check("add-on: choose", screenshot="add-on-choose")
    page.get_by_role("button", name=t("Review the change")).click()
    check("add-on: review", screenshot="add-on-review")
    page.get_by_role("button", name=t("Add to next shipment")).click()
    assert page.url == detail
    assert (
        page.locator("[data-add-ons]").get_by_text("Insulated travel mug (12 oz) (Colour: Sand)").is_visible()
    )
    check("add-on: done", screenshot="subscription-add-on")
    add_ons = _schedules(sandbox)["add_ons"]
    assert add_ons == [
        {
            "item_id": "MUG-TRAVEL",
            "quantity": 2,
            "next_x_orders": 1,
            "options": [{"label": "Colour", "value": "Sand"}],
        }
    ]

    journey.assert_clean()
    journey.close()
