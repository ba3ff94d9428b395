"""A valid token grants this session the order: its receipt page and invoice, without the token."""

import re

import pytest

from tests.sessions import client_sign_in, page_without_tokens

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"


def test_the_token_grants_the_receipt_page_without_the_token(client, sandbox):
    token = sandbox.token_for(ORDER)
    client.get("/thank-you/", {"OrderToken": token})
    response = client.get(f"/orders/{ORDER}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert ORDER in body
    assert 'class="uc-receipt"' in body
    assert f'href="/orders/{ORDER}/invoice.pdf"' in body  # the invoice, for the same session grant
    assert "OrderToken" not in body and token not in body


def test_without_a_grant_the_receipt_offers_sign_in_with_no_call(client, sandbox):
    response = client.get(f"/orders/{ORDER}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sign in to see this order" in body and "We couldn&#x27;t find" not in body
    assert f'href="/account/sign-in/?next=%2Forders%2F{ORDER}%2F"' in body
    assert sandbox.operations() == []


def test_signed_out_the_page_is_the_same_whether_the_order_exists_or_not(client, sandbox):
    real = client.get(f"/orders/{ORDER}/").content.decode().replace(ORDER, "ID")
    unknown = client.get("/orders/DEMO-0000000000/").content.decode().replace("DEMO-0000000000", "ID")
    assert page_without_tokens(real.encode()) == page_without_tokens(unknown.encode())


def test_after_sign_in_the_customer_lands_on_the_order(client, sandbox):
    from django.core import mail

    client.post(f"/account/sign-in/?next=/orders/{ORDER}/", {"email": "jane.doe@example.com"})
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    response = client.post("/account/sign-in/code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == f"/orders/{ORDER}/"


def test_a_grant_for_one_order_does_not_open_another(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    sandbox.clear_requests()
    assert client.get("/orders/DEMO-0009100011/").status_code == 404
    assert sandbox.operations() == []


def test_another_browser_does_not_share_the_grant(client, sandbox):
    from django.test import Client

    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert Client().get(f"/orders/{ORDER}/").status_code == 404


def signed_in(client, email: str) -> None:
    client_sign_in(client, email)


def test_the_signed_in_owner_sees_an_old_order_in_full(client, sandbox):
    signed_in(client, "jane.doe@example.com")
    response = client.get("/orders/DEMO-0009100011/")
    assert response.status_code == 200
    assert 'href="/orders/DEMO-0009100011/invoice.pdf"' in response.content.decode()


def test_a_signed_in_stranger_gets_the_404(client, sandbox):
    signed_in(client, "obrien@example.com")
    response = client.get("/orders/DEMO-0009100011/")
    assert response.status_code == 404
    assert "We couldn&#x27;t find that order" in response.content.decode()


def test_after_the_window_the_grant_shows_the_redacted_receipt(client, sandbox, settings):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    settings.PORTAL_FULL_DETAILS_MINUTES = 1  # the demo order is ~2 minutes old
    body = client.get(f"/orders/{ORDER}/").content.decode()
    assert "Sign in to see the full details and invoice" in body
    assert "invoice.pdf" not in body and "jane.doe@example.com" not in body


def test_unknown_order_with_a_signed_in_customer_is_the_same_404(client, sandbox):
    signed_in(client, "jane.doe@example.com")
    response = client.get("/orders/DEMO-0000000000/")
    assert response.status_code == 404
    assert "We couldn&#x27;t find that order" in response.content.decode()


def test_the_token_grants_the_invoice_too(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    response = client.get(f"/orders/{ORDER}/invoice.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_without_a_grant_the_invoice_is_the_404_with_no_call(client, sandbox):
    assert client.get(f"/orders/{ORDER}/invoice.pdf").status_code == 404
    assert sandbox.operations() == []


def test_after_the_window_the_invoice_needs_a_sign_in(client, sandbox, settings):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    settings.PORTAL_FULL_DETAILS_MINUTES = 1
    assert client.get(f"/orders/{ORDER}/invoice.pdf").status_code == 404


def test_the_redacted_page_links_to_the_subscription_list_without_the_oid(client, sandbox, settings):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    settings.PORTAL_FULL_DETAILS_MINUTES = 1
    body = client.get(f"/orders/{ORDER}/").content.decode()
    assert 'href="/account/subscriptions/"' in body and "/account/subscriptions/5001" not in body
