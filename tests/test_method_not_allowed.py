"""A wrong HTTP method gets a branded page, with the Allow header kept."""

import pytest

pytestmark = pytest.mark.django_db


def test_post_to_the_thank_you_page_is_a_branded_405(client):
    response = client.post("/thank-you/")
    assert response.status_code == 405
    assert "That action isn" in response.content.decode()
    assert "Demo Store" in response.content.decode()
    assert "GET" in response["Allow"]
    # The branded page still passes through the security middleware.
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_get_on_resend_is_a_branded_405(client):
    response = client.get("/orders/DEMO-0009100012/resend-receipt/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "That action isn" in response.content.decode()
