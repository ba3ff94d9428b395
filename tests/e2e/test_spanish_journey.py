"""A Spanish customer's whole journey in headless Chromium, in Spanish: her order's thank-you page and its
invoice, the sign-in email, the account pages, and the subscription pages through every action and their
confirmation emails. On every page and in every email no English word of ours appears.

"Ours" is the catalogue's English (tests/test_order_spanish.py `english_words`: every msgid word that is not
also a Spanish word of some msgstr). Text that is not ours is cut out first: UltraCart's own receipt, the
orders' and the merchant's own data, and the language switch's "English" (a language's own name).
Button and link names are looked up in the catalogue, not written here in Spanish.
"""

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from pypdf import PdfReader

from tests.e2e.journey import SCREENSHOT_DIR, Journey, screenshots_wanted
from tests.order_samples import sandbox_order_json
from tests.subscriptions_helpers import CANCELED, raw_auto_order
from tests.test_order_spanish import english_in, read_aloud, theirs, without_receipt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MARIA = "maria.garcia@example.es"
SPANISH_ORDER = "DEMO-0009100009"
USD_ORDER = "DEMO-0009100005"  # hers, in English and US dollars
MARIAS_ORDERS = ("DEMO-0009100002", USD_ORDER, SPANISH_ORDER)
NOT_TRANSLATED = ["English"]  # the switch names each language in its own language


def es(msgid: str) -> str:
    with translation.override("es"):
        return gettext(msgid)


class SpanishCheck:
    def __init__(self, sandbox) -> None:
        self.not_ours = sorted(
            {text for order in MARIAS_ORDERS for text in theirs(sandbox, order)} | set(NOT_TRANSLATED),
            key=len,
            reverse=True,
        )
        self.english: dict[str, set[str]] = {}
        self.seen: list[str] = []

    def text(self, name: str, text: str) -> None:
        self.seen.append(name)
        text = re.sub(r"https?://\S+", " ", text)  # addresses (the sign-in link) are not words of ours
        if found := english_in(text, not_ours=self.not_ours):
            self.english[name] = found

    def page(self, name: str, journey: Journey, screenshot: str | None = None) -> None:
        html = journey.page.content()
        assert re.search(r'<html[^>]* lang="es"', html), f"{name}: not a Spanish page"
        self.text(name, read_aloud(without_receipt(html)))
        journey.check(name, screenshot=screenshot)

    def emails(self, name: str, since: int) -> None:
        sent = mail.outbox[since:]
        assert sent, f"{name}: no email"
        for message in sent:
            parts = [str(message.subject), str(message.body)]
            parts += [read_aloud(str(content)) for content, _ in getattr(message, "alternatives", [])]
            self.text(f"{name} email", " ".join(parts))


def test_a_spanish_customer_meets_no_english(browser, live_server, sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    settings.PORTAL_TIME_ZONE = "Europe/Madrid"  # the merchant's time zone: times say CET/CEST, never UTC
    # María's subscription, active again so that every action can be taken on it.
    raw = raw_auto_order(sandbox, CANCELED)
    for key in ("canceled_dts", "canceled_by_user", "cancel_reason"):
        raw.pop(key, None)
    raw["status"] = "active"
    next_shipment = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    raw["items"][0]["next_shipment_dts"] = next_shipment.isoformat()
    sandbox.add_auto_orders(raw)
    # Her order placed moments ago, so its thank-you page shows everything (an old one shows less).
    order = sandbox_order_json(sandbox, SPANISH_ORDER)
    now = timezone.now().replace(microsecond=0).isoformat()
    order["creation_dts"] = now
    if order.get("payment", {}).get("payment_dts"):
        order["payment"]["payment_dts"] = now  # paid as it was placed: the invoice date
    sandbox.add_orders(order)
    check = SpanishCheck(sandbox)
    context = browser.new_context(
        viewport={"width": 375, "height": 900}, locale="es-ES", accept_downloads=True
    )
    journey = Journey(context)
    page = journey.page
    base = live_server.url

    token = quote(sandbox.token_for(SPANISH_ORDER), safe="")
    assert page.goto(f"{base}/thank-you/?OrderToken={token}").status == 200
    check.page("thank-you", journey, screenshot="spanish-thank-you")
    with page.expect_download() as download:
        page.get_by_role("link", name=es("Download invoice (PDF)")).click()
    pdf_path = Path(download.value.path())
    pdf = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    if screenshots_wanted():  # its first page as the README shows it (poppler-utils: `make screenshots`)
        pdftoppm = shutil.which("pdftoppm")
        assert pdftoppm, "PORTAL_SCREENSHOTS=1 needs pdftoppm (poppler-utils) for the invoice picture"
        target = SCREENSHOT_DIR / "spanish-invoice"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", str(pdf_path), str(target)], check=True)
    invoice = " ".join(" ".join(p.extract_text().replace("\xa0", " ").split()) for p in pdf.pages)
    assert "Factura" in invoice
    check.text("invoice PDF", invoice)

    page.get_by_role("link", name=es("See all your orders")).click()
    check.page("sign-in", journey)
    sent = len(mail.outbox)
    page.get_by_role("button", name=es("Email me a code")).click()
    check.page("code", journey)
    check.emails("sign-in", sent)
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    page.get_by_label(es("6-digit code")).fill(code)
    page.get_by_role("button", name=es("Sign in"), exact=True).click()
    page.wait_for_url(f"{base}/account/")
    check.page("account home", journey)
    page.goto(f"{base}/account/orders/")
    check.page("orders", journey)
    page.goto(f"{base}/orders/{SPANISH_ORDER}/")
    check.page("order", journey)
    assert re.search(r" CES?T\b", page.inner_text("main")) and "UTC" not in page.inner_text("main")
    # Mid-journey she opens her USD order, placed in English: with no choice made it speaks the order's
    # language. She picks Español in the footer, and the same page answers in Spanish, amounts and all.
    page.goto(f"{base}/orders/{USD_ORDER}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(f"{base}/orders/{USD_ORDER}/")
    check.page("USD order, Spanish chosen", journey, screenshot="spanish-usd-order")
    main = page.inner_text("main")
    assert "15,80\u00a0US$" in main and "$15.80" not in main
    assert re.search(r" CES?T\b", main) and "UTC" not in main  # Madrid: CET, or CEST in summer
    page.goto(f"{base}/account/subscriptions/")
    check.page("subscriptions", journey, screenshot="spanish-subscriptions")
    with translation.override("es"):  # dates in Spanish words ("11 de diciembre de 2026")
        assert date_format(timezone.localtime(next_shipment), "DATE_FORMAT") in page.inner_text("main")
    detail = f"{base}/account/subscriptions/{CANCELED}/"
    page.goto(detail)
    check.page("subscription", journey)

    def act(link: str, button: str, name: str, fill=None, emails: bool = True) -> None:
        sent = len(mail.outbox)
        page.goto(detail)
        page.get_by_role("link", name=es(link), exact=True).click()
        check.page(f"{name}: choose", journey)
        if fill:
            fill()
            page.get_by_role("button", name=es("Review the change")).click()
            check.page(f"{name}: review", journey)
        page.get_by_role("button", name=es(button)).click()
        assert page.url == detail, f"{name}: {page.url}"
        check.page(f"{name}: done", journey)
        if emails:
            check.emails(name, sent)
        else:  # no confirmation email for a skip (portal/subscriptions/emails.py EMAIL_ACTIONS)
            assert len(mail.outbox) == sent

    act(
        "Pause",
        "Pause subscription",
        "pause",
        fill=lambda: page.get_by_label(es("Until I resume it")).check(),
    )
    act("Resume now", "Resume subscription", "resume")
    act("Skip next shipment", "Skip next shipment", "skip")  # skip emails too (issue 22)
    new_day = (timezone.localdate() + timedelta(days=15)).isoformat()
    act("Reschedule", "Change the date", "reschedule",
        fill=lambda: page.get_by_label(es("New date for your next shipment")).fill(new_day))  # fmt: skip
    act("Cancel subscription", "Cancel subscription", "cancel",
        fill=lambda: page.locator("#id_reason").select_option(index=1))  # fmt: skip
    canceled = raw_auto_order(sandbox, CANCELED)
    # She read "Tengo demasiado producto"; the merchant reads the configured value in UltraCart.
    assert (canceled["status"], canceled["cancel_reason"]) == ("canceled", "Too much product")

    # The footer switch: she picks English and it is remembered, on her Spanish order's page too.
    # The same check finds our English on the English page, so a pass above is not for want of looking.
    page.goto(f"{base}/account/")
    page.get_by_label(es("Language")).select_option("en")
    page.get_by_role("button", name=es("Change")).click()
    page.goto(f"{base}/account/orders/")
    assert page.locator("html").get_attribute("lang") == "en"
    found = english_in(read_aloud(page.content()), not_ours=check.not_ours)
    assert {"orders", "your"} <= found, found
    page.goto(f"{base}/orders/{SPANISH_ORDER}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "€" in page.inner_text("main") and "Need help?" in page.inner_text("main")

    assert len(check.seen) >= 20, check.seen
    assert check.english == {}, check.english
    journey.assert_clean()
    journey.close()
