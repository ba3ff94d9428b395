"""Injected faults: latency, statuses (0 drops the connection), rate, per operation, malformed body, count."""

import json

import pytest
import requests

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def get_order(sandbox, order_id="DEMO-0009100012", timeout=10):
    return requests.get(f"{sandbox.api_url}/order/orders/{order_id}", headers=HEADERS, timeout=timeout)


def resend(sandbox):
    return requests.post(
        f"{sandbox.api_url}/order/orders/DEMO-0009100012/resend_receipt", headers=HEADERS, timeout=10
    )


@pytest.mark.parametrize("status", [400, 401, 404, 410, 429, 500, 503])
def test_status_fault_answers_an_error_response(sandbox, status):
    sandbox.fault(status=status)
    response = get_order(sandbox)
    assert response.status_code == status
    assert response.headers["UC-REST-ERROR"]
    assert response.headers["X-UltraCart-Request-Id"]
    assert response.json()["error"]["developer_message"]


def test_status_zero_drops_the_connection(sandbox):
    sandbox.fault(status=0)
    with pytest.raises(requests.ConnectionError):
        get_order(sandbox)
    assert sandbox.requests()[-1]["status"] == 0


def test_latency_delays_the_answer_past_a_client_timeout(sandbox):
    sandbox.fault(latency_ms=1500)
    with pytest.raises(requests.Timeout):
        get_order(sandbox, timeout=0.2)
    sandbox.clear_faults()
    assert get_order(sandbox, timeout=5).status_code == 200


def test_malformed_body_is_a_200_with_broken_json(sandbox):
    sandbox.fault(body="malformed")
    response = get_order(sandbox)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_operations_filter(sandbox):
    sandbox.fault(status=500, operations=["resendReceipt"])
    assert get_order(sandbox).status_code == 200
    assert resend(sandbox).status_code == 500


def test_count_applies_to_the_next_n_requests_then_clears(sandbox):
    sandbox.fault(status=429, count=1)
    assert get_order(sandbox).status_code == 429
    assert get_order(sandbox).status_code == 200
    assert sandbox._call("GET", "faults") == []


def test_count_only_counts_matching_requests(sandbox):
    sandbox.fault(status=503, operations=["getOrder"], count=2)
    assert resend(sandbox).status_code == 200
    assert [get_order(sandbox).status_code for _ in range(3)] == [503, 503, 200]


def test_rate_is_a_probability(sandbox):
    sandbox.fault(status=500, rate=0.0)
    assert {get_order(sandbox).status_code for _ in range(10)} == {200}
    sandbox.clear_faults()
    sandbox.fault(status=500, rate=0.5)
    statuses = [get_order(sandbox).status_code for _ in range(40)]
    assert 5 <= statuses.count(500) <= 35
    assert statuses.count(200) == 40 - statuses.count(500)


def test_faults_apply_before_authentication(sandbox):
    sandbox.fault(status=503)
    response = requests.get(f"{sandbox.api_url}/order/orders/DEMO-0009100012", timeout=10)
    assert response.status_code == 503


def test_faults_never_touch_the_control_api(sandbox):
    sandbox.fault(status=0)
    assert sandbox.tokens()
    sandbox.clear_faults()
    assert get_order(sandbox).status_code == 200


def test_faulted_requests_are_logged(sandbox):
    sandbox.fault(status=500, count=1)
    get_order(sandbox)
    get_order(sandbox)
    assert [(entry["operation"], entry["status"]) for entry in sandbox.requests()] == [
        ("getOrder", 500),
        ("getOrder", 200),
    ]


@pytest.mark.parametrize(
    "fault",
    [{"status": 999}, {"rate": 2}, {"body": "empty"}, {"count": 0}, {"latency_ms": -1}, {"surprise": 1}],
)
def test_invalid_faults_are_refused(sandbox, fault):
    with pytest.raises(requests.HTTPError):
        sandbox.fault(**fault)
