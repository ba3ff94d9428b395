"""An unknown or expired token: the branded 404 that looks and costs the same as any other miss."""

import re

import pytest

pytestmark = pytest.mark.django_db

UNKNOWN = "DEMO:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def normalized(body: str) -> str:
    # Per-request values (CSP nonce, CSRF token) are the only differences allowed.
    return re.sub(r'(nonce|value)="[^"]*"', r'\1=""', body)


def test_unknown_token_is_a_branded_404(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": UNKNOWN})
    assert response.status_code == 404
    body = response.content.decode()
    assert "We couldn&#x27;t find that order" in body
    assert "Your confirmation email has a link to your order." in body
    assert 'class="site-header"' in body
    assert sandbox.operations() == ["getOrderByToken"]


def test_a_tampered_token_of_a_real_order_is_the_same_404(client, sandbox):
    token = sandbox.token_for("DEMO-0009100012")
    tampered = token[:-6] + ("AAAA" if token[-6:-2] != "AAAA" else "BBBB") + token[-2:]
    response = client.get("/thank-you/", {"OrderToken": tampered})
    assert response.status_code == 404


def test_every_miss_looks_the_same(client, sandbox):
    unknown_token = client.get("/thank-you/", {"OrderToken": UNKNOWN})
    ungranted_order = client.get("/orders/DEMO-0009100012/")
    unknown_order = client.get("/orders/DEMO-0000000000/")
    assert unknown_token.status_code == ungranted_order.status_code == unknown_order.status_code == 404
    # Signed out, an order page offers sign-in back to that page: the same page whether the order exists.
    ungranted = normalized(ungranted_order.content.decode()).replace("DEMO-0009100012", "ID")
    assert normalized(unknown_order.content.decode()).replace("DEMO-0000000000", "ID") == ungranted
    assert "We couldn&#x27;t find that order" in unknown_token.content.decode()


def test_the_404_is_branded_with_debug_on_too(client, sandbox, settings):
    settings.DEBUG = True
    response = client.get("/thank-you/", {"OrderToken": UNKNOWN})
    assert response.status_code == 404
    assert "We couldn&#x27;t find that order" in response.content.decode()
