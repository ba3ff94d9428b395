"""`generateInvoice`: a real PDF, base64 wrapped at 76 characters, safe with any order text."""

import base64
import io

import pytest
import requests
from pypdf import PdfReader

from portal.sandbox.pdf import pdf_document

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def invoice(sandbox, order_id):
    url = f"{sandbox.api_url}/order/orders/{order_id}/invoice"
    encoded = requests.get(url, headers=HEADERS, timeout=10).json()["pdfBase64"]
    assert "\n" in encoded and not encoded.endswith("\n")
    return PdfReader(io.BytesIO(base64.b64decode(encoded)))


@pytest.mark.parametrize("number", range(1, 13))
def test_every_demo_order_has_a_readable_invoice(sandbox, number):
    order_id = f"DEMO-{9100000 + number:010d}"
    reader = invoice(sandbox, order_id)
    assert order_id in reader.pages[0].extract_text()


def test_twenty_five_items_run_over_one_page(sandbox):
    reader = invoice(sandbox, "DEMO-0009100008")
    assert len(reader.pages) == 2
    assert "SAMPLER-25" in reader.pages[1].extract_text()


def test_pdf_string_delimiters_are_escaped():
    reader = PdfReader(io.BytesIO(pdf_document(["a (b) c \\ d", "€ 12,50 – ñ", "שלום"])))
    text = reader.pages[0].extract_text()
    assert "a (b) c \\ d" in text
    assert "€ 12,50 – ñ" in text
