"""OrderApi and CustomerApi through the official SDK, with strict return-type checking."""

import base64
import io

import pytest
from pypdf import PdfReader
from ultracart.model.order_by_token_query import OrderByTokenQuery
from ultracart.model.order_format import OrderFormat
from ultracart.model.order_query import OrderQuery

FULL = "billing,checkout,coupon,customer_profile,item,payment,payment.transaction,shipping,"
FULL += "shipping.tracking_number_details,summary,taxes,auto_order,internal,properties,utms"


def test_get_order_by_token_with_the_thank_you_expansion(sandbox, order_api):
    token = sandbox.token_for("DEMO-0009100012")
    order = order_api.get_order_by_token(OrderByTokenQuery(order_token=token), expand=FULL).order
    assert order.order_id == "DEMO-0009100012"
    assert order.current_stage == "Shipping Department"
    assert order.billing.email == "jane.doe@example.com"
    assert order.payment.credit_card.card_number == "************1111"
    assert order.auto_order.auto_order_oid == 5001
    assert order.auto_order.status == "active"
    assert order.summary.total.localized_formatted.startswith("$")


def test_generate_order_token_round_trips(sandbox, order_api):
    token = order_api.generate_order_token("DEMO-0009100009").order_token
    assert token.startswith("DEMO:")
    order = order_api.get_order_by_token(OrderByTokenQuery(order_token=token)).order
    assert order.order_id == "DEMO-0009100009"


@pytest.mark.parametrize("number", range(1, 13))
def test_get_order_every_demo_order_fully_expanded(sandbox, order_api, number):
    order_id = f"DEMO-{9100000 + number:010d}"
    order = order_api.get_order(order_id, expand=FULL).order
    assert order.order_id == order_id
    assert order.items


def test_get_order_without_expand_is_small(sandbox, order_api):
    order = order_api.get_order("DEMO-0009100011").order
    assert order.order_id == "DEMO-0009100011"
    assert "items" not in order
    assert "billing" not in order


def test_shipped_order_has_tracking_events(sandbox, order_api):
    order = order_api.get_order("DEMO-0009100011", expand="shipping,shipping.tracking_number_details").order
    details = order.shipping.tracking_number_details[0]
    assert details.tracking_number == order.shipping.tracking_numbers[0]
    assert [event.tag for event in details.details][-1] == "Delivered"


def test_get_orders_by_query_paginates(sandbox, order_api):
    query = OrderQuery(email="jane.doe@example.com")
    first = order_api.get_orders_by_query(query, limit=3, offset=0, sort="-creation_dts", expand="summary")
    assert first.orders[0].order_id == "DEMO-0009100012"
    assert first.metadata.result_set.more is True
    rest = order_api.get_orders_by_query(query, limit=200, offset=first.metadata.result_set.next_offset)
    assert first.metadata.result_set.total_records == len(first.orders) + len(rest.orders)
    assert rest.metadata.result_set.more is False


def test_get_orders_by_email(sandbox, order_api):
    response = order_api.get_orders(email="maria.garcia@example.es", expand="item,summary")
    assert sorted(o.order_id for o in response.orders) == [
        "DEMO-0009100002",
        "DEMO-0009100005",
        "DEMO-0009100009",
        "DEMO-0009100014",
        "DEMO-0009100015",
    ]
    assert response.metadata.result_set.total_records == 5


@pytest.mark.parametrize("kind", ["table", "div", "text", "email"])
def test_format_returns_a_receipt(sandbox, order_api, kind):
    options = OrderFormat(
        context="receipt",
        format=kind,
        show_internal_information=False,
        show_merchant_notes=False,
        show_payment_info=False,
        show_non_sensitive_payment_info=True,
        translate=True,
    )
    response = order_api.format("DEMO-0009100012", options)
    assert "DEMO-0009100012" in response.formatted_result
    assert "INTERNAL:" not in response.formatted_result
    assert isinstance(response.css_links, list)


def test_generate_invoice_is_a_pdf(sandbox, order_api):
    encoded = order_api.generate_invoice("DEMO-0009100008").pdf_base64
    pdf = base64.b64decode(encoded)
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "DEMO-0009100008" in text


def test_resend_receipt(sandbox, order_api):
    assert order_api.resend_receipt("DEMO-0009100012").success is True


def test_get_customer_by_email(sandbox, customer_api):
    customer = customer_api.get_customer_by_email("Jane.Doe@example.com", expand="billing,shipping").customer
    assert customer.email == "jane.doe@example.com"
    assert customer.billing[0].city == "Portland"
