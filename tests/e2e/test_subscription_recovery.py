"""Failed-payment recovery and the shipment reminder in headless Chromium, in English and in Spanish, with axe
at 320, 375 and 1280 px on every page (and on the emails' HTML):

1. María's declined subscription (5007): the banner on the account home and on the subscription says why
   and when UltraCart tries again; its button goes to the card page (the sandbox's stand-in for UltraCart's),
   where a new card is saved, and back.
2. The auto_order_preshipment webhook for Jane's 5001 (posted to the live server) sends the reminder; its
   "skip" link, opened in a FRESH browser context (no cookies: the link alone), lands on the confirm page,
   signs in to that one subscription and skips the next shipment, which the sandbox then shows moved.
"""

import base64
import gzip
import json
import re

import pytest
import requests
from django.core import mail
from django.utils import timezone

from portal.core.languages import customer_language_set
from tests.e2e.axe import axe_findings_at_widths
from tests.e2e.journey import SCREENSHOT_DIR, screenshots_wanted, signed_in_journey
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 375, 1280)
DECLINED = 5007
WORDS = {
    "en": {
        "banner": "We couldn't charge your card for",
        "reason": "insufficient funds",
        "retry": "We'll try again on",
        "card": "Update your card on UltraCart's secure page",
        "number": "Card number", "month": "Expiry month", "year": "Expiry year", "save": "Save card",
        "back": "Back to your subscription",
        "subject": "Your next shipment is on",
        "skip": "Skip this shipment",
        "continue": "Continue to skip the next shipment",
        "confirm": "Skip next shipment",
        "scoped": "email link",
    },
    "es": {
        "banner": "No hemos podido cobrar tu tarjeta por",
        "reason": "fondos insuficientes",
        "retry": "Lo volveremos a intentar el",
        "card": "Actualiza tu tarjeta en la página segura de UltraCart",
        "number": "Número de tarjeta", "month": "Mes de caducidad", "year": "Año de caducidad",
        "save": "Guardar tarjeta", "back": "Volver a tu suscripción",
        "subject": "Tu próximo envío es el",
        "skip": "Saltar este envío",
        "continue": "Continuar para saltar el próximo envío",
        "confirm": "Saltar el próximo envío",
        "scoped": "enlace de correo",
    },
}  # fmt: skip


def check(page, findings: dict[str, list[str]], name: str, *, screenshot: str | None = None) -> None:
    viewport = page.viewport_size
    found = axe_findings_at_widths(page, widths=WIDTHS)
    if screenshot and screenshots_wanted():
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=SCREENSHOT_DIR / f"{screenshot}-{width}.png", full_page=True)
    if viewport:
        page.set_viewport_size(viewport)
    if found:
        findings[name] = found


def webhook(live_server, name: str, oid: int) -> None:
    """UltraCart's delivery: gzip then base64, with Basic auth, to the running portal."""
    body = base64.b64encode(gzip.compress(json.dumps([{name: {"auto_order_oid": oid}}]).encode()))
    response = requests.post(f"{live_server.url}/webhooks/ultracart/", data=body, auth=("uc-hooks", "pw"),
                             headers={"Content-Type": "application/json"}, timeout=15)  # fmt: skip
    assert response.status_code == 200 and response.json()["outcome"] == "applied", response.text


def email_html(message) -> str:
    return str(message.alternatives[0][0])


@pytest.mark.parametrize("language", ["en", "es"])
def test_decline_banner_card_update_and_a_reminder_link_that_skips(
    browser, live_server, sandbox, settings, language
):
    settings.ULTRACART_WEBHOOK_USERNAME, settings.ULTRACART_WEBHOOK_PASSWORD = "uc-hooks", "pw"
    words, ours = WORDS[language], live_server.url
    findings: dict[str, list[str]] = {}
    customer_language_set(email="maria.garcia@example.es", language=language)  # her choice: emails follow it
    journey = signed_in_journey(browser, live_server, "maria.garcia@example.es")
    journey.context.add_cookies([{"name": "django_language", "value": language, "url": ours}])
    page = journey.page

    # 1. The banner on the account home, then the card update from its button.
    page.goto(f"{ours}/account/")
    banner = page.locator(f'[data-payment-failure="insufficient_funds"]:has(a[href$="/{DECLINED}/card/"])')
    text = banner.inner_text()
    assert words["banner"] in text and words["reason"] in text and words["retry"] in text, text
    assert not re.search(r"STRIPE|Gateway|decline_code", text)
    check(page, findings, "home banner", screenshot=f"recovery-banner-home-{language}")
    banner.get_by_role("link", name=words["card"]).click()
    assert page.url.startswith(f"{sandbox.url}/update-billing/"), page.url
    check(page, findings, "card page")
    page.get_by_label(words["number"]).fill("4242 4242 4242 4242")
    page.get_by_label(words["month"]).select_option("5")
    page.get_by_label(words["year"]).select_option(str(timezone.localdate().year + 3))
    page.get_by_role("button", name=words["save"]).click()
    page.get_by_role("link", name=words["back"]).click()
    assert page.url == f"{ours}/account/subscriptions/{DECLINED}/"
    assert "4242" in page.locator('[data-card="on-file"]').inner_text()
    assert page.get_by_role("alert").is_visible()  # UltraCart retries on its date: the banner stays true
    check(page, findings, "subscription banner", screenshot=f"recovery-banner-subscription-{language}")

    # The decline's email, as its webhook sends it: its HTML checked like a page.
    mail.outbox.clear()
    webhook(live_server, "auto_order_decline", DECLINED)
    (declined,) = mail.outbox
    letter = journey.context.new_page()  # blank: the portal's CSP would refuse the email's inline styles
    letter.set_content(email_html(declined))
    check(letter, findings, "payment failed email", screenshot=f"email-payment-failed-{language}")
    journey.close()

    # 2. The reminder, in the customer's language; its skip link in a fresh browser.
    customer_language_set(email="jane.doe@example.com", language=language)
    mail.outbox.clear()
    webhook(live_server, "auto_order_preshipment", ACTIVE)
    (reminder,) = mail.outbox
    assert words["subject"] in reminder.subject and reminder.to == ["jane.doe@example.com"]
    before = raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"]
    fresh = browser.new_context(viewport={"width": 375, "height": 900})
    page = fresh.new_page()
    page.set_content(email_html(reminder))
    check(page, findings, "reminder email", screenshot=f"email-shipment-reminder-{language}")
    skip_url = page.get_by_role("link", name=words["skip"]).get_attribute("href")
    assert skip_url and skip_url.startswith(f"{ours}/account/subscriptions/{ACTIVE}/link/?t=")
    page.goto(skip_url)
    check(page, findings, "link confirm page", screenshot=f"manage-link-confirm-{language}")
    page.get_by_role("button", name=words["continue"]).click()
    assert page.url == f"{ours}/account/subscriptions/{ACTIVE}/skip/"
    assert words["scoped"] in page.locator(".link-scoped").inner_text()
    check(page, findings, "skip page via the link")
    page.get_by_role("button", name=words["confirm"]).click()
    assert page.url == f"{ours}/account/subscriptions/{ACTIVE}/"
    after = raw_auto_order(sandbox, ACTIVE)["items"][0]["next_shipment_dts"]
    assert after > before, (before, after)
    page.goto(f"{ours}/account/orders/")
    assert "/account/sign-in/" in page.url  # the link opened that one subscription, nothing else
    fresh.close()
    assert findings == {}, "\n".join(f"{k}: {v}" for k, v in findings.items())
