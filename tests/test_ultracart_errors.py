"""Error mapping, retries and the deadline, against the sandbox's faults (and `responses` where it cannot)."""

import base64
import json
import logging
from pathlib import Path

import pytest
import requests
import responses

from portal.ultracart import (
    BadCredentials,
    BadResponse,
    NotFound,
    RateLimited,
    Unavailable,
    auto_order_pause,
    auto_order_update,
    order_get,
    order_get_by_token,
    order_invoice_pdf,
    order_list_for_email,
    order_receipt_resend,
)

ORDER = "DEMO-0009100012"


@pytest.fixture(autouse=True)
def fast(settings):
    settings.ULTRACART_CONNECT_TIMEOUT = 0.3
    settings.ULTRACART_READ_TIMEOUT = 0.3
    settings.ULTRACART_DEADLINE = 1.5
    settings.ULTRACART_BACKOFF_BASE = 0.01
    settings.ULTRACART_MAX_ATTEMPTS = 3


def statuses(sandbox, operation):
    return [r["status"] for r in sandbox.requests() if r["operation"] == operation]


def test_bad_key_is_bad_credentials_logged_loudly(sandbox, settings, caplog):
    settings.ULTRACART_API_KEY = "not-the-key"
    with caplog.at_level(logging.INFO, logger="portal.ultracart"), pytest.raises(BadCredentials) as caught:
        order_get(order_id=ORDER)
    error = caught.value
    assert error.status == 401 and error.operation == "getOrder"
    assert "simple-key" in error.uc_error and len(error.request_id) == 31
    assert statuses(sandbox, "getOrder") == [401]  # never retried: it cannot get better by itself
    assert [r.levelno for r in caplog.records] == [logging.ERROR]


def test_disabled_application_410_is_bad_credentials(sandbox):
    sandbox.fault(status=410, operations=["getOrder"])
    with pytest.raises(BadCredentials) as caught:
        order_get(order_id=ORDER)
    assert caught.value.status == 410 and "Injected fault" in caught.value.uc_error


def test_404_is_not_found_and_not_retried(sandbox):
    with pytest.raises(NotFound) as caught:
        order_get(order_id="DEMO-0000000404")
    assert caught.value.request_id and "not found" in caught.value.uc_error.lower()
    assert statuses(sandbox, "getOrder") == [404]


def test_429_then_success_is_retried(sandbox):
    sandbox.fault(status=429, operations=["getOrder"], count=1)
    assert order_get(order_id=ORDER).order_id == ORDER
    assert statuses(sandbox, "getOrder") == [429, 200]


def test_post_reads_are_retried_too(sandbox):
    sandbox.fault(status=429, operations=["getOrderByToken"], count=1)
    sandbox.fault(status=500, operations=["getOrdersByQuery"], count=1)
    assert order_get_by_token(token=sandbox.token_for(ORDER)).order_id == ORDER
    assert order_list_for_email(email="jane.doe@example.com").orders
    assert statuses(sandbox, "getOrderByToken") == [429, 200]
    assert statuses(sandbox, "getOrdersByQuery") == [500, 200]


def test_500_then_success_is_retried(sandbox):
    sandbox.fault(status=500, operations=["generateInvoice"], count=2)
    assert order_invoice_pdf(order_id=ORDER).startswith(b"%PDF-")
    assert statuses(sandbox, "generateInvoice") == [500, 500, 200]


def test_persistent_500_gives_up_after_max_attempts(sandbox):
    sandbox.fault(status=500, operations=["getOrder"])
    with pytest.raises(Unavailable) as caught:
        order_get(order_id=ORDER)
    assert caught.value.status == 500 and caught.value.request_id
    assert statuses(sandbox, "getOrder") == [500, 500, 500]


def test_persistent_500_stops_at_the_deadline(sandbox, settings):
    settings.ULTRACART_MAX_ATTEMPTS = 1000
    settings.ULTRACART_BACKOFF_BASE = 0.2  # 0.1-0.2, 0.2-0.4, 0.4-0.8 s...: a 1.5 s deadline fits only a few
    sandbox.fault(status=500, operations=["getOrder"])
    with pytest.raises(Unavailable):
        order_get(order_id=ORDER)
    assert 2 <= len(statuses(sandbox, "getOrder")) <= 5


def test_persistent_429_is_rate_limited(sandbox):
    sandbox.fault(status=429, operations=["getOrder"])
    with pytest.raises(RateLimited) as caught:
        order_get(order_id=ORDER)
    assert caught.value.status == 429
    assert statuses(sandbox, "getOrder") == [429, 429, 429]


def test_malformed_json_is_bad_response_not_retried(sandbox):
    sandbox.fault(body="malformed", operations=["getOrder"])
    with pytest.raises(BadResponse):
        order_get(order_id=ORDER)
    assert statuses(sandbox, "getOrder") == [200]


def test_read_timeout_then_success(sandbox):
    sandbox.fault(latency_ms=800, operations=["getOrder"], count=1)
    assert order_get(order_id=ORDER).order_id == ORDER  # the first attempt timed out after 0.3 s


def test_persistent_latency_is_unavailable(sandbox):
    sandbox.fault(latency_ms=2500, operations=["getOrder"])
    with pytest.raises(Unavailable) as caught:
        order_get(order_id=ORDER)
    assert caught.value.status is None and "timed out" in str(caught.value)


def test_dropped_connection_is_retried(sandbox):
    sandbox.fault(status=0, operations=["getOrder"], count=1)
    assert order_get(order_id=ORDER).order_id == ORDER


def test_persistently_dropped_connection_is_unavailable(sandbox):
    sandbox.fault(status=0, operations=["getOrder"])
    with pytest.raises(Unavailable, match="connection failed"):
        order_get(order_id=ORDER)


def test_connection_refused_is_unavailable(settings):
    settings.ULTRACART_BASE_URL = "http://127.0.0.1:9/rest/v2"  # discard port: nothing listens
    with pytest.raises(Unavailable) as caught:
        order_get(order_id=ORDER)
    assert "connection failed" in str(caught.value)


# Writes: retried only when it is safe.


def test_write_refused_with_429_is_retried(sandbox):
    sandbox.fault(status=429, operations=["pauseAutoOrder"], count=1)
    assert auto_order_pause(auto_order_oid=5001).paused
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder", "pauseAutoOrder"]


def test_write_with_unknown_outcome_rereads_before_writing_again(sandbox):
    sandbox.fault(status=500, operations=["pauseAutoOrder"], count=1)
    assert auto_order_pause(auto_order_oid=5001).paused
    # The 500 left the auto order unpaused (the re-read shows it), so writing again was safe.
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder", "getAutoOrder", "pauseAutoOrder"]


def test_write_failing_for_good_is_unavailable_after_two_writes(sandbox):
    sandbox.fault(status=500, operations=["updateAutoOrder"])
    with pytest.raises(Unavailable):
        auto_order_update(auto_order_oid=5002, paused=False)
    assert sandbox.operations().count("updateAutoOrder") == 2


def test_resend_receipt_is_not_repeated_on_unknown_outcome(sandbox):
    sandbox.fault(status=500, operations=["resendReceipt"], count=1)
    with pytest.raises(Unavailable) as caught:
        order_receipt_resend(order_id=ORDER)
    assert caught.value.outcome_unknown
    assert sandbox.operations() == ["resendReceipt"]


# Edge cases the sandbox cannot produce.

API = "http://uc.test/rest/v2"
SAMPLES = Path(__file__).parent / "fixtures" / "ultracart"


@pytest.fixture
def mocked(settings):
    settings.ULTRACART_BASE_URL = API
    with responses.RequestsMock() as mock:
        yield mock


def test_success_false_is_bad_response(mocked):
    body = {"success": False, "error": {"developer_message": "Order is locked"}, "metadata": {}}
    mocked.get(f"{API}/order/orders/{ORDER}", json=body, headers={"X-UltraCart-Request-Id": "ABC123"})
    with pytest.raises(BadResponse) as caught:
        order_get(order_id=ORDER)
    assert caught.value.uc_error == "Order is locked" and caught.value.request_id == "ABC123"


def test_invoice_that_is_not_a_pdf_is_bad_response(mocked):
    not_pdf = base64.b64encode(b"<html>oops</html>").decode()
    mocked.get(f"{API}/order/orders/{ORDER}/invoice", json={"pdfBase64": not_pdf, "success": True})
    with pytest.raises(BadResponse, match="not a PDF"):
        order_invoice_pdf(order_id=ORDER)


def test_a_json_array_is_bad_response(mocked):
    mocked.get(f"{API}/order/orders/{ORDER}", json=[1, 2])
    with pytest.raises(BadResponse):
        order_get(order_id=ORDER)


def test_write_that_timed_out_but_happened_is_not_repeated(mocked, settings):
    sample = json.loads(SAMPLES.joinpath("pauseAutoOrder.json").read_text())["request"]["body"]
    paused = {**sample, "items": [{**item, "paused": True} for item in sample["items"]]}
    path = f"{API}/auto_order/auto_orders/5712828"
    mocked.get(path, json={"auto_order": sample, "success": True})
    mocked.put(f"{path}/pause", body=requests.ReadTimeout("read timed out"))
    mocked.get(path, json={"auto_order": paused, "success": True})
    assert auto_order_pause(auto_order_oid=5712828).paused
    assert [call.request.method for call in mocked.calls] == ["GET", "PUT", "GET"]
