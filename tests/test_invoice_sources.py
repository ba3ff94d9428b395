"""The merchant chooses the invoice: rendered here (`portal`) or UltraCart's own PDF (`ultracart`)."""

import base64

import pytest

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100011"
URL = f"/orders/{ORDER}/invoice.pdf"


def sandbox_invoice(sandbox, order_id: str) -> bytes:
    response = sandbox.api("GET", f"/order/orders/{order_id}/invoice")
    response.raise_for_status()
    body = response.json()
    return base64.b64decode(body.get("pdfBase64") or body["pdf_base64"])


def test_ultracart_source_serves_the_sandbox_pdf(jane, sandbox, settings, invoice_renders):
    settings.PORTAL_INVOICE_SOURCE = "ultracart"
    expected = sandbox_invoice(sandbox, ORDER)
    sandbox.clear_requests()

    response = jane.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{ORDER}.pdf"'
    assert response.content == expected
    assert sandbox.operations().count("generateInvoice") == 1
    assert invoice_renders.call_count == 0

    sandbox.clear_requests()
    assert jane.get(URL).content == expected
    assert sandbox.operations() == []


def test_portal_source_renders_here_without_generate_invoice(jane, sandbox, settings, invoice_renders):
    settings.PORTAL_INVOICE_SOURCE = "portal"
    response = jane.get(URL)
    assert response.status_code == 200
    assert invoice_renders.call_count == 1
    assert "generateInvoice" not in sandbox.operations()


def test_an_unknown_source_falls_back_to_portal(jane, sandbox, settings, invoice_renders):
    settings.PORTAL_INVOICE_SOURCE = "carrier-pigeon"
    assert jane.get(URL).status_code == 200
    assert invoice_renders.call_count == 1
    assert "generateInvoice" not in sandbox.operations()


def test_a_broken_ultracart_pdf_is_a_503_not_a_broken_download(jane, sandbox, settings):
    settings.PORTAL_INVOICE_SOURCE = "ultracart"
    sandbox.fault(body="malformed", operations=["generateInvoice"])
    response = jane.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith("text/html")
