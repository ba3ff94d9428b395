"""A Spanish order speaks Spanish: no English word of ours on its page, its redacted page or its invoice.

"Ours" is every English word in our message catalogue (the msgids of locale/es) that is not also Spanish
(a word of some msgstr), plus the English that UltraCart's raw fields would put there ("Credit Card").
UltraCart's own receipt, the order's own data (names, items, addresses) and the merchant's branding are
cut out first: those are not our words.
"""

import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from portal.merchant.config import portal_settings_get
from portal.ultracart import order_get
from tests.order_samples import CARRIERS, SHIPPED, SPANISH, carrier_order, sandbox_order_json
from tests.sessions import client_sign_in
from tests.test_order_states import text_of

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
RAW_ULTRACART_ENGLISH = {"credit", "card", "ending", "tax", "customercancel", "mastercard ending"}
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


def _po_strings(kind: str) -> list[str]:
    text = CATALOGUE.read_text(encoding="utf-8")
    blocks = re.findall(rf'^{kind} ((?:".*"\n?)+)', text, re.M)
    strings = ["".join(ast.literal_eval(line) for line in block.splitlines() if line) for block in blocks]
    return [re.sub(r"%\(\w+\)s|\{\{.*?\}\}|<[^>]+>", " ", string) for string in strings]


def english_words() -> set[str]:
    spanish = {word.lower() for string in _po_strings("msgstr") for word in WORD.findall(string)}
    english = {word.lower() for string in _po_strings("msgid") for word in WORD.findall(string)}
    return (english - spanish) | RAW_ULTRACART_ENGLISH


def theirs(sandbox, order_id: str = SPANISH) -> list[str]:
    """Text that is not ours: the order's own data and the merchant's branding."""
    order, branding = order_get(order_id=order_id), portal_settings_get()
    raw = sandbox_order_json(sandbox, order_id)
    texts = [
        order.order_id,
        order.email,
        order.shipping_method,
        branding.store_name,
        branding.merchant_address,
    ]
    texts += [branding.support_email, branding.support_phone]
    for item in order.items:
        texts += [item.item_id, item.description, *(f"{o.name}: {o.value}" for o in item.options)]
    for address in (raw["billing"], raw["shipping"]):
        texts += [str(value) for value in address.values() if isinstance(value, str)]
    return sorted((text for text in texts if text), key=len, reverse=True)


def english_in(text: str, *, not_ours: list[str]) -> set[str]:
    for known in not_ours:
        text = text.replace(known, " ")
    words = {word.lower() for word in WORD.findall(text)}
    phrases = {phrase for phrase in RAW_ULTRACART_ENGLISH if " " in phrase and phrase in text.lower()}
    return (words & english_words()) | phrases


def without_receipt(html: str) -> str:
    return re.sub(r'<div class="uc-receipt">.*?</div>\s*</section>', "</section>", html, flags=re.S)


def read_aloud(html: str) -> str:
    """What a reader sees or hears: the text, plus labels only screen readers announce."""
    labels = re.findall(r'(?:aria-label|alt|title)="([^"]*)"', html)
    return " ".join([text_of(html), *labels])


@pytest.fixture
def maria(client):
    return client_sign_in(client, "maria.garcia@example.es")


def test_the_catalogue_check_would_catch_english(jane, sandbox):
    assert english_in("Forma de pago: Credit Card", not_ours=[]) == {"credit", "card"}
    assert english_in("Mastercard ending in 4444", not_ours=[]) >= {"ending"}
    assert {"refunded", "tracking", "payment"} <= english_words()
    english_page = text_of(without_receipt(jane.get("/orders/DEMO-0009100011/").content.decode()))
    assert {"details", "tracking", "delivered", "payment", "ending"} <= english_in(english_page, not_ours=[])


def test_the_spanish_page_has_no_english_word_of_ours(maria, sandbox):
    html = maria.get(f"/orders/{SPANISH}/").content.decode()
    assert 'class="uc-receipt"' in html  # the full page, with UltraCart's receipt (cut out below)
    text = read_aloud(without_receipt(html))
    assert "Mastercard terminada en 4444" in text and "IVA" in html
    assert "28009 Madrid España" in text  # not "Madrid Madrid 28009 ES"
    assert english_in(text, not_ours=theirs(sandbox)) == set(), text


def test_the_spanish_redacted_page_has_no_english_word_of_ours_and_the_same_tax_label(client, sandbox):
    html = client.get("/thank-you/", {"OrderToken": sandbox.token_for(SPANISH)}).content.decode()
    assert "order-redacted" in html
    text = read_aloud(html)
    assert "IVA (21 %) 6,30 €" in text
    assert english_in(text, not_ours=theirs(sandbox)) == set(), text


def test_the_spanish_invoice_has_no_english_word_of_ours_and_the_same_tax_label(maria, sandbox):
    response = maria.get(f"/orders/{SPANISH}/invoice.pdf")
    assert response.status_code == 200
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = " ".join(" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages)
    assert "Factura" in text and "IVA (21 %) 6,30 €" in text
    assert "Mastercard terminada en 4444" in text and "España" in text
    assert english_in(text, not_ours=theirs(sandbox)) == set(), text


def test_a_spanish_shipped_order_tracks_in_spanish(jane, sandbox):
    order = carrier_order(sandbox_order_json(sandbox, SHIPPED), carrier="Correos")
    order["language_iso_code"] = "SPA"
    sandbox.add_orders(order)
    order_id = CARRIERS["Correos"][0]
    text = read_aloud(without_receipt(jane.get(f"/orders/{order_id}/").content.decode()))
    assert "Seguimiento" in text and "Entregado" in text and "En reparto" in text
    assert "Historial del envío, lo más reciente primero" in text  # an aria-label
    assert english_in(text, not_ours=theirs(sandbox, order_id)) == set(), text
