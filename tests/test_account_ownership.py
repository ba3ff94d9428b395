"""The ownership check on every route: another customer's order is a 404, the same as a missing one."""

import pytest

from tests.sessions import client_sign_in, page_without_tokens

pytestmark = pytest.mark.django_db
JANES = "DEMO-0009100011"
MARIAS = "DEMO-0009100009"
ROUTES = ("/orders/{id}/", "/orders/{id}/invoice.pdf")


@pytest.mark.parametrize("route", ROUTES)
def test_each_customer_sees_their_own_orders_whatever_the_case_of_the_email(client, sandbox, route):
    jane = client_sign_in(client, "  JANE.Doe@Example.COM ")
    assert jane.get(route.format(id=JANES)).status_code == 200


@pytest.mark.parametrize("route", ROUTES)
def test_another_customers_order_is_the_same_404_as_a_missing_one(client, sandbox, route):
    maria = client_sign_in(client, "Maria.Garcia@example.es")
    assert maria.get(route.format(id=MARIAS)).status_code == 200
    forbidden = maria.get(route.format(id=JANES))
    missing = maria.get(route.format(id="DEMO-0000000001"))
    assert forbidden.status_code == missing.status_code == 404
    assert page_without_tokens(forbidden.content) == page_without_tokens(missing.content)


def test_resend_refuses_another_customers_order(client, sandbox):
    maria = client_sign_in(client, "maria.garcia@example.es")
    assert maria.post(f"/orders/{JANES}/resend-receipt/").status_code == 404
    assert "resendReceipt" not in sandbox.operations()


def test_the_account_lists_only_the_customers_own_orders(client, sandbox):
    html = client_sign_in(client, "MARIA.garcia@example.es").get("/account/orders/").content.decode()
    assert MARIAS in html and JANES not in html
    assert all(entry["operation"] == "getOrdersByQuery" for entry in sandbox.requests())


@pytest.mark.parametrize("path", ["/account/", "/account/orders/"])
def test_account_pages_send_strangers_to_sign_in_without_a_call(client, sandbox, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next={path.replace('/', '%2F')}"
    assert sandbox.operations() == []
