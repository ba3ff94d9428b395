"""A cache outage (Redis down) costs UltraCart calls, never a page: shoppers still see their orders."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
# Nothing listens on this port: every cache operation fails with a connection error.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6390/1",
    }
}


@pytest.fixture
def dead_cache():
    with override_settings(CACHES=DEAD_REDIS):
        yield


def test_thank_you_page_and_invoice_work_without_a_cache(client, sandbox, dead_cache, caplog):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert "token look-up limits unavailable" in caplog.text  # the outage really happened
    assert response.status_code == 200
    assert "Thank you, Jane" in response.content.decode()
    invoice = client.get(f"/orders/{ORDER}/invoice.pdf")
    assert invoice.status_code == 200
    assert invoice.content.startswith(b"%PDF-")


def test_resend_receipt_works_without_a_cache(client, sandbox, dead_cache):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    response = client.post(f"/orders/{ORDER}/resend-receipt/", follow=True)
    assert response.status_code == 200
    assert "sent your confirmation email again" in response.content.decode()
    assert "resendReceipt" in sandbox.operations()


def test_healthz_reports_the_cache_down_and_still_answers(client, dead_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "error"
