"""What the portal's invoice PDF says, read back with pypdf from the sandbox's demo orders.

Each demo invoice is rendered once per module (WeasyPrint takes about a second) and its text shared.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import pytest
from django.test.utils import override_settings
from django.utils import translation
from pypdf import PdfReader

from portal.invoices.render import STATIC_DIR, StaticOnlyFetcher, invoice_render
from portal.merchant.config import portal_settings_get
from portal.receipts.wording import payment_text
from portal.ultracart import Order, order_get
from tests.sandbox_control import SandboxControl

FRESH, REFUNDED, SPANISH, LONG, HOSTILE = (f"DEMO-00091000{n}" for n in ("12", "10", "09", "08", "07"))


@dataclass(frozen=True)
class Invoice:
    order: Order
    pages: list[str]  # whitespace-normalised text of each page

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def _normalised(text: str) -> str:
    # pypdf returns line breaks where WeasyPrint wrapped; amounts may hold no-break spaces ("12,50\xa0€").
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def fetched() -> list[str]:
    """Every URL WeasyPrint asks for while the demo invoices render."""
    return []


@pytest.fixture(scope="module")
def invoices(sandbox_url, fetched) -> dict[str, Invoice]:
    control = SandboxControl(sandbox_url)
    control.reset()
    rendered = {}
    original_fetch = StaticOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original_fetch(self, url, headers)

    with (
        override_settings(ULTRACART_BASE_URL=control.api_url, ULTRACART_API_KEY="sandbox-key"),
        mock.patch.object(StaticOnlyFetcher, "fetch", recording_fetch),
    ):
        for order_id in (FRESH, REFUNDED, SPANISH, LONG, HOSTILE):
            order = order_get(order_id=order_id)
            pdf = invoice_render(order=order, branding=portal_settings_get(), language=order.language)
            pages = [_normalised(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
            rendered[order_id] = Invoice(order, pages)
    return rendered


@pytest.mark.parametrize("order_id", [FRESH, REFUNDED, SPANISH, LONG, HOSTILE])
def test_the_invoice_names_the_order_and_the_merchant(invoices, order_id):
    invoice = invoices[order_id]
    branding = portal_settings_get()
    assert order_id in invoice.pages[0]
    assert branding.store_name in invoice.pages[0]
    assert _normalised(branding.merchant_address) in invoice.pages[0]
    with translation.override(invoice.order.language):
        assert payment_text(order=invoice.order) in invoice.pages[0]


@pytest.mark.parametrize("order_id", [FRESH, REFUNDED, SPANISH, LONG])
def test_every_line_is_printed(invoices, order_id):
    invoice = invoices[order_id]
    squeezed = "".join(invoice.text.split())  # descriptions may wrap anywhere
    for item in invoice.order.items:
        assert item.item_id in invoice.text
        assert "".join(item.description.split()) in squeezed
        assert _normalised(f"{item.unit_price.formatted} {item.total.formatted}") in invoice.text
        for option in item.options:
            assert _normalised(f"{option.name}: {option.value}") in invoice.text


@pytest.mark.parametrize("order_id", [FRESH, REFUNDED, SPANISH, LONG])
def test_line_totals_add_up_to_the_subtotal(invoices, order_id):
    order = invoices[order_id].order
    assert sum((item.total.value for item in order.items), Decimal(0)) == order.summary.subtotal.value


@pytest.mark.parametrize(
    ("order_id", "labels"),
    [
        (FRESH, ("Subtotal", "Discount", "Shipping", "Tax", "Total")),
        (LONG, ("Subtotal", "Shipping", "Tax", "Total")),
        (SPANISH, ("Subtotal", "Envío", None, "Total")),
        (REFUNDED, ("Subtotal", "Shipping", "Tax", "Total")),
    ],
)
def test_totals_equal_the_order_summary(invoices, order_id, labels):
    invoice = invoices[order_id]
    summary = invoice.order.summary
    amounts = [summary.subtotal, summary.discount, summary.shipping, summary.tax, summary.total]
    if summary.discount.is_zero:
        del amounts[1]
    for label, amount in zip(labels, amounts, strict=True):
        # Tax rows carry UltraCart's own label ("Tax (21%)"); the discount is printed as taken off.
        sign = "\u2212" if label == "Discount" else ""
        expected = _normalised(amount.formatted if label is None else f"{label} {sign}{amount.formatted}")
        assert expected in invoice.text, expected


def test_tax_lines_are_printed_with_the_amounts_ultracart_gives_and_our_one_label(invoices):
    invoice = invoices[SPANISH]
    assert invoice.order.taxes
    for tax in invoice.order.taxes:
        assert _normalised(f"IVA (21 %) {tax.amount.formatted}") in invoice.text
    assert "Tax" not in invoice.text


def test_the_coupon_and_discount_are_shown(invoices):
    invoice = invoices[FRESH]
    assert invoice.order.coupons
    for coupon in invoice.order.coupons:
        assert coupon.code in invoice.text
    assert _normalised(f"Discount \u2212{invoice.order.summary.discount.formatted}") in invoice.text


def test_the_refund_is_shown_for_the_refunded_order(invoices):
    invoice = invoices[REFUNDED]
    assert invoice.order.is_refunded
    refunded = invoice.order.summary.refunded.formatted
    assert _normalised(f"Refunded {refunded} on ") in invoice.text  # the form of the page and the receipt
    assert "\u2212" + refunded not in invoice.text
    assert "Reason: At your request." in invoice.text  # "CustomerCancel" of an order that had shipped
    assert "CustomerCancel" not in invoice.text
    for item in invoice.order.items:
        assert f"Refunded quantity: {item.quantity_refunded.normalize():f}" in invoice.text
    assert "Refunded" not in invoices[FRESH].text


def test_the_spanish_order_has_spanish_labels(invoices):
    text = invoices[SPANISH].text
    for label in (
        "Factura",
        "Número de factura",
        "Fecha de factura",
        "Facturar a",
        "Enviar a",
        "Página 1 de 1",
    ):
        assert label.upper() in text.upper()
    for label in ("ARTÍCULO", "DESCRIPCIÓN", "CANTIDAD", "PRECIO UNITARIO"):
        assert label in text  # table headers are upper-cased by the style sheet
    for english in ("Invoice number", "Bill to", "Ship to", "Unit price", "Page 1 of"):
        assert english.upper() not in text.upper()


def test_the_eur_order_shows_eur_amounts(invoices):
    invoice = invoices[SPANISH]
    assert invoice.order.currency_code == "EUR"
    assert "€" in invoice.order.summary.total.formatted
    assert _normalised(invoice.order.summary.total.formatted) in invoice.text
    assert "$" not in invoice.text


def test_the_25_line_order_runs_over_two_pages_with_headers(invoices):
    invoice = invoices[LONG]
    assert len(invoice.order.items) == 25
    assert len(invoice.pages) == 2
    for number, page in enumerate(invoice.pages, start=1):
        assert "ITEM DESCRIPTION QUANTITY UNIT PRICE TOTAL" in page
        assert f"Page {number} of 2" in page
        assert LONG in page  # the footer names the invoice on every page
    last_item = invoice.order.items[-1].item_id
    assert last_item in invoice.pages[1] and last_item not in invoice.pages[0]


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "url(http://evil.example/x.css)",
        "file:///etc/passwd",
        "url(javascript:alert(1))",
        "TEA-<&>",
        'Cork & "Kerry" </td>',
        '"<b>Bold</b>"',
        "Code: (PDF) \\ back\\slash",
        "שלום & Co",
    ],
)
def test_hostile_text_is_printed_literally(invoices, snippet):
    assert snippet in invoices[HOSTILE].text


def test_bidi_override_characters_cannot_disguise_text(invoices):
    # The sandbox's engraving wraps "evil" in RIGHT-TO-LEFT OVERRIDE ... POP: it must not read "live".
    text = invoices[HOSTILE].text
    assert "& evil ( )" in text
    assert "& live (" not in text


def test_rendering_the_demo_invoices_loads_only_our_static_files(invoices, fetched):
    assert fetched
    assert all(url.startswith(STATIC_DIR.as_uri() + "/") for url in fetched), fetched
