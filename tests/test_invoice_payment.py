"""The invoice says whether it is paid: "Paid" and "Amount due" from the order's payment status."""

import re
from dataclasses import replace
from html import unescape

import pytest

from portal.invoices.render import invoice_html
from portal.merchant.config import portal_settings_get
from portal.ultracart import order_get

pytestmark = pytest.mark.django_db
FRESH, SPANISH = "DEMO-0009100012", "DEMO-0009100009"


def totals(html: str) -> list[tuple[str, str]]:
    table = re.search(r'<table class="totals">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', table, re.S)
    return [(unescape(label).strip(), unescape(amount).strip()) for label, amount in rows]


def test_a_paid_order_says_paid_and_nothing_due(sandbox):
    order = order_get(order_id=FRESH)
    assert order.payment_status == "Processed"
    rows = totals(invoice_html(order=order, branding=portal_settings_get(), language="en"))
    total = order.summary.total.formatted
    assert rows[-3:] == [("Total", total), ("Paid", total), ("Amount due", "$0.00")]


def test_in_spanish_with_the_orders_currency(sandbox):
    order = order_get(order_id=SPANISH)
    rows = totals(invoice_html(order=order, branding=portal_settings_get(), language="es"))
    assert rows[-2:] == [("Pagado", order.summary.total.formatted), ("Importe pendiente", "0,00\u00a0€")]


def test_an_unpaid_order_says_the_total_is_due(sandbox):
    order = replace(order_get(order_id=FRESH), payment_status="Unprocessed")
    rows = totals(invoice_html(order=order, branding=portal_settings_get(), language="en"))
    assert rows[-1] == ("Amount due", order.summary.total.formatted)
    assert "Paid" not in dict(rows)


def test_a_status_that_says_neither_claims_neither(sandbox):
    order = replace(order_get(order_id=FRESH), payment_status="Authorized")
    labels = dict(totals(invoice_html(order=order, branding=portal_settings_get(), language="en")))
    assert "Paid" not in labels and "Amount due" not in labels
