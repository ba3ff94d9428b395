"""Who may download an invoice: the signed-in owner or a fresh thank-you grant; everyone else gets the 404."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from tests.sessions import client_sign_in, page_without_tokens

pytestmark = pytest.mark.django_db

FRESH = "DEMO-0009100012"  # placed ~2 minutes before the sandbox reset
OLD = "DEMO-0009100011"  # jane's, 10 days old


def invoice_url(order_id: str) -> str:
    return f"/orders/{order_id}/invoice.pdf"


def signed_in(client: Client, email: str) -> None:
    client_sign_in(client, email)


def assert_the_order_404(response) -> None:
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "We couldn&#x27;t find that order" in response.content.decode()


def assert_the_sign_in_offer(response, order_id: str) -> None:
    """A visitor who is not signed in: the same 404 for every order id, offering sign-in back to the order."""
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sign in to see this order" in body
    assert f'href="/account/sign-in/?next=%2Forders%2F{order_id}%2F"' in body


def assert_invoice(response, order_id: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{order_id}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_the_signed_in_owner_downloads_an_old_order(client, sandbox):
    signed_in(client, "jane.doe@example.com")
    assert_invoice(client.get(invoice_url(OLD)), OLD)


def test_a_fresh_thank_you_grant_downloads_without_another_order_call(client, sandbox):
    assert client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)}).status_code == 200
    sandbox.clear_requests()
    assert_invoice(client.get(invoice_url(FRESH)), FRESH)
    assert sandbox.operations() == []  # the thank-you page already cached the order


def test_an_expired_grant_gets_the_404(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    later = timezone.now() + timedelta(hours=2)  # past PORTAL_FULL_DETAILS_MINUTES (60)
    with mock.patch("portal.receipts.access.timezone.now", return_value=later):
        response = client.get(invoice_url(FRESH))
    assert_the_sign_in_offer(response, FRESH)


def test_a_stranger_gets_the_404_without_any_ultracart_call(client, sandbox):
    assert_the_sign_in_offer(client.get(invoice_url(FRESH)), FRESH)
    assert sandbox.operations() == []


def test_a_signed_in_non_owner_gets_the_404(client, sandbox):
    signed_in(client, "obrien@example.com")
    assert_the_order_404(client.get(invoice_url(OLD)))


def test_a_grant_for_one_order_does_not_open_another(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    sandbox.clear_requests()
    assert_the_sign_in_offer(client.get(invoice_url(OLD)), OLD)
    assert sandbox.operations() == []


def test_another_browser_does_not_share_the_grant(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(FRESH)})
    assert_the_sign_in_offer(Client().get(invoice_url(FRESH)), FRESH)


def test_forbidden_and_unknown_orders_get_the_same_page(client, sandbox):
    signed_in(client, "obrien@example.com")
    forbidden = client.get(invoice_url(OLD))
    unknown = client.get(invoice_url("DEMO-0000000000"))
    assert forbidden.status_code == unknown.status_code == 404
    assert page_without_tokens(forbidden.content) == page_without_tokens(unknown.content)


def test_ultracart_down_is_a_503_with_retry_after(client, sandbox):
    signed_in(client, "jane.doe@example.com")
    sandbox.fault(status=503, operations=["getOrder"])
    response = client.get(invoice_url(OLD))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"%PDF" not in response.content


def test_only_get_and_head(client, sandbox):
    signed_in(client, "jane.doe@example.com")
    assert client.post(invoice_url(OLD)).status_code == 405
    assert sandbox.operations() == []
