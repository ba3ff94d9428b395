"""`format`: a plausible receipt, escaped, honouring the options a customer-facing client sets."""

import pytest
import requests

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}
CUSTOMER_SAFE = {
    "context": "receipt",
    "format": "div",
    "show_internal_information": False,
    "show_merchant_notes": False,
    "show_payment_info": False,
    "show_non_sensitive_payment_info": True,
    "translate": True,
}


def receipt(sandbox, order_id, **options):
    url = f"{sandbox.api_url}/order/orders/{order_id}/format"
    response = requests.post(url, json={**CUSTOMER_SAFE, **options}, headers=HEADERS, timeout=10)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("kind", ["div", "table"])
def test_html_receipt_has_the_order(sandbox, kind):
    body = receipt(sandbox, "DEMO-0009100012", format=kind)
    html = body["formatted_result"]
    assert html.startswith(f"<{kind} ")
    assert "DEMO-0009100012" in html and "Monthly Coffee Club" in html and "$" in html
    assert body["css_links"]


def test_text_receipt_has_no_markup(sandbox):
    body = receipt(sandbox, "DEMO-0009100011", format="text")
    assert "DEMO-0009100011" in body["formatted_result"]
    assert "<" not in body["formatted_result"]
    assert body["css_links"] == []


def test_order_text_is_escaped(sandbox):
    html = receipt(sandbox, "DEMO-0009100007")["formatted_result"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "O&#x27;Brien" in html and "שלום &amp; Co" in html
    assert "<img src=x onerror=alert(1)>" not in html


def test_hostile_order_carries_live_markup_for_the_sanitizer(sandbox):
    html = receipt(sandbox, "DEMO-0009100007")["formatted_result"]
    assert "<script>" in html
    assert "onerror=" in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_other_orders_have_no_live_markup(sandbox):
    for token in sandbox.tokens():
        if token["order_id"] != "DEMO-0009100007":
            html = receipt(sandbox, token["order_id"])["formatted_result"]
            assert "<script" not in html and "onerror" not in html


def test_internal_information_and_merchant_notes_only_when_asked(sandbox):
    plain = receipt(sandbox, "DEMO-0009100012")["formatted_result"]
    assert "INTERNAL:" not in plain and "Merchant notes:" not in plain
    internal = receipt(sandbox, "DEMO-0009100012", show_internal_information=True, show_merchant_notes=True)
    assert "INTERNAL:" in internal["formatted_result"]
    assert "Merchant notes:" in internal["formatted_result"]


def test_payment_information_levels(sandbox):
    safe = receipt(sandbox, "DEMO-0009100012")["formatted_result"]
    assert "VISA" in safe and "1111" not in safe
    sensitive = receipt(sandbox, "DEMO-0009100012", show_payment_info=True)["formatted_result"]
    assert "************1111" in sensitive
    hidden = receipt(sandbox, "DEMO-0009100012", show_non_sensitive_payment_info=False)["formatted_result"]
    assert "VISA" not in hidden


def test_hide_bill_to_address(sandbox):
    assert "billto" in receipt(sandbox, "DEMO-0009100012")["formatted_result"]
    assert "billto" not in receipt(sandbox, "DEMO-0009100012", hide_bill_to_address=True)["formatted_result"]


def test_translate_uses_the_customers_language(sandbox):
    spanish = receipt(sandbox, "DEMO-0009100009")["formatted_result"]
    assert "Enviar a" in spanish and "12,50 €" in spanish
    english = receipt(sandbox, "DEMO-0009100009", translate=False)["formatted_result"]
    assert "Ship To" in english


def test_context_changes_the_title(sandbox):
    assert (
        "Refund Confirmation"
        in receipt(sandbox, "DEMO-0009100010", context="refund", format="text")["formatted_result"]
    )


def test_unknown_format_is_400(sandbox):
    url = f"{sandbox.api_url}/order/orders/DEMO-0009100012/format"
    assert requests.post(url, json={"format": "pdf"}, headers=HEADERS, timeout=10).status_code == 400
