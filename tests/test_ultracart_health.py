"""/healthz's UltraCart status: what recent calls showed, at no UltraCart call."""

import json

import pytest

from portal.ultracart import BadCredentials, NotFound, Unavailable, order_get
from portal.ultracart.health import ultracart_status


@pytest.fixture(autouse=True)
def fast(settings):
    settings.ULTRACART_BACKOFF_BASE = 0.01


def test_unknown_before_any_call():
    status = ultracart_status()
    assert status["status"] == "unknown" and status["calls_this_hour"] == 0


def test_ok_after_a_good_call(sandbox):
    order_get(order_id="DEMO-0009100012")
    status = ultracart_status()
    assert status["status"] == "ok" and status["last_operation"] == "getOrder"
    assert status["last_http_status"] == 200 and status["calls_this_hour"] == 1
    assert status["last_ok_at"] and status["last_error_at"] is None


def test_not_found_is_an_answer(sandbox):
    with pytest.raises(NotFound):
        order_get(order_id="DEMO-0000000000")
    assert ultracart_status()["status"] == "ok"


def test_degraded_when_ultracart_fails(sandbox):
    sandbox.fault(status=500)
    with pytest.raises(Unavailable):
        order_get(order_id="DEMO-0009100012")
    status = ultracart_status()
    assert status["status"] == "degraded" and status["last_outcome"] == "Unavailable"
    assert status["last_error_at"]


def test_error_when_the_key_is_wrong(sandbox, settings):
    settings.ULTRACART_API_KEY = "wrong"
    with pytest.raises(BadCredentials):
        order_get(order_id="DEMO-0009100012")
    assert ultracart_status()["status"] == "error"


def test_degraded_when_the_budget_is_spent(sandbox, settings):
    settings.ULTRACART_CALLS_PER_HOUR = 1
    order_get(order_id="DEMO-0009100012")
    assert ultracart_status()["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_reports_it_without_calling_ultracart(sandbox, client):
    order_get(order_id="DEMO-0009100012")
    sandbox.clear_requests()
    body = json.loads(client.get("/healthz").content)
    assert body["ultracart"] == "ok"
    assert sandbox.operations() == []
