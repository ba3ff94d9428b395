"""An order id that is not an UltraCart order id never reaches UltraCart: it could change the endpoint."""

import pytest

from portal.ultracart import (
    NotFound,
    order_get,
    order_invoice_pdf,
    order_receipt_html,
    order_receipt_resend,
    order_token_generate,
)

OPERATIONS = {
    "order_get": lambda order_id: order_get(order_id=order_id),
    "order_receipt_html": lambda order_id: order_receipt_html(order_id=order_id),
    "order_invoice_pdf": lambda order_id: order_invoice_pdf(order_id=order_id),
    "order_receipt_resend": lambda order_id: order_receipt_resend(order_id=order_id),
    "order_token_generate": lambda order_id: order_token_generate(order_id=order_id),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    "order_id", [".", "..", "../orders", "DEMO-1/../x", "DEMO-1\n", "DEMO 1", "", "a" * 65]
)
def test_odd_order_ids_are_not_found_without_a_call(sandbox, operation, order_id):
    with pytest.raises(NotFound):
        OPERATIONS[operation](order_id)
    assert sandbox.operations() == []


def test_real_order_ids_still_work(sandbox):
    assert order_get(order_id="DEMO-0009100012").order_id == "DEMO-0009100012"
