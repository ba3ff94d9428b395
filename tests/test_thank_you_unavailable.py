"""UltraCart down, rate limiting us, slow or talking nonsense: a reassuring branded 503, never a 500."""

import pytest

from tests.sessions import client_sign_in

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
FAULTS = {
    "server error": {"status": 500},
    "rate limited": {"status": 429},
    "dropped connection": {"status": 0},
    "malformed body": {"body": "malformed"},
    "bad gateway": {"status": 502},
}


def assert_reassuring_503(response) -> None:
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Your order was received and your confirmation email is on its way." in body
    assert 'class="site-header"' in body
    assert "went wrong with your order" not in body.lower()


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_each_ultracart_failure_on_the_token_lookup(client, sandbox, fault):
    token = sandbox.token_for(ORDER)
    sandbox.fault(operations=["getOrderByToken"], **fault)
    assert_reassuring_503(client.get("/thank-you/", {"OrderToken": token}))


def test_slow_past_the_deadline(client, sandbox, settings):
    settings.ULTRACART_READ_TIMEOUT = 0.2
    settings.ULTRACART_DEADLINE = 0.5
    token = sandbox.token_for(ORDER)
    sandbox.fault(operations=["getOrderByToken"], latency_ms=1500)
    assert_reassuring_503(client.get("/thank-you/", {"OrderToken": token}))


def test_the_receipt_page_too(client, sandbox, settings):
    client_sign_in(client, "jane.doe@example.com")
    sandbox.fault(operations=["getOrder"], status=500)
    assert_reassuring_503(client.get(f"/orders/{ORDER}/"))


def test_a_receipt_format_failure_still_confirms_the_order(client, sandbox):
    sandbox.fault(operations=["format"], status=500)
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thank you, Jane" in body
    # The page falls back to its own item list and totals; the full receipt is in the email.
    assert 'class="table order-items"' in body
    assert 'class="uc-receipt"' not in body
