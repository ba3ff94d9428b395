"""HEAD answers without side effects: no UltraCart call, no grant, no first-view record (finding 7)."""

import pytest

from portal.receipts.models import ConversionView

pytestmark = pytest.mark.django_db
ORDER = "DEMO-0009100012"


def test_head_on_the_thank_you_page_costs_nothing_and_records_nothing(client, sandbox):
    token = sandbox.token_for(ORDER)
    response = client.head("/thank-you/", {"OrderToken": token})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert sandbox.operations() == []
    assert not ConversionView.objects.exists()
    assert "order_grants" not in client.session
    # The shopper's own GET afterwards is still the first view, with the conversion snippet.
    assert client.get("/thank-you/", {"OrderToken": token}).status_code == 200
    assert ConversionView.objects.filter(order_id=ORDER).count() == 1


@pytest.mark.parametrize("path", [f"/orders/{ORDER}/", f"/orders/{ORDER}/invoice.pdf"])
def test_head_on_order_pages_makes_no_call(jane, sandbox, path):
    assert jane.head(path).status_code == 200
    assert sandbox.operations() == []
