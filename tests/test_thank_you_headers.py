"""Every response that carries order data: no referrer, not stored, not indexed."""

import pytest

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
EXPECTED = {"Referrer-Policy": "same-origin", "Cache-Control": "no-store, private", "X-Robots-Tag": "noindex"}


def assert_order_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response[name] == value, name


@pytest.fixture
def granted(client, sandbox):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert response.status_code == 200
    return response


def test_thank_you_page(granted):
    assert_order_headers(granted)


def test_receipt_page(client, granted):
    assert_order_headers(client.get(f"/orders/{ORDER}/"))


def test_redacted_page(client, sandbox, settings):
    settings.PORTAL_FULL_DETAILS_MINUTES = 0
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert "Sign in to see the full details" in response.content.decode()
    assert_order_headers(response)


def test_resend_redirect(client, granted):
    response = client.post(f"/orders/{ORDER}/resend-receipt/")
    assert response.status_code == 302
    assert_order_headers(response)


@pytest.mark.parametrize("query", ["", "?OrderToken=DEMO:AAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_error_pages_on_the_thank_you_path(client, sandbox, query):
    # A 400 or a 404 carries no order, but it answers a URL that may hold a token: same headers.
    response = client.get(f"/thank-you/{query}")
    assert response.status_code in (400, 404)
    assert_order_headers(response)
