"""The call budget: ceilings per hour and on calls in flight, shared through the cache; fail fast or stale."""

import pytest
from django.core.cache import cache

from portal.ultracart import RateLimited, order_cache_invalidate, order_get
from portal.ultracart.budget import budget_call, budget_calls_this_hour, budget_in_flight

ORDER = "DEMO-0009100012"


def test_hourly_ceiling_fails_fast_without_calling(sandbox, settings):
    settings.ULTRACART_CALLS_PER_HOUR = 2
    order_get(order_id="DEMO-0009100001")
    order_get(order_id="DEMO-0009100002")
    with pytest.raises(RateLimited) as caught:
        order_get(order_id="DEMO-0009100003")
    assert caught.value.status is None  # ours, not UltraCart's
    assert sandbox.operations() == ["getOrder", "getOrder"]


def test_every_attempt_counts(sandbox, settings):
    settings.ULTRACART_BACKOFF_BASE = 0.01
    sandbox.fault(status=429, operations=["getOrder"], count=1)
    order_get(order_id=ORDER)
    assert budget_calls_this_hour() == 2


def test_spent_budget_serves_stale_data(sandbox, settings):
    order = order_get(order_id=ORDER)
    order_cache_invalidate(order_id=ORDER)
    settings.ULTRACART_CALLS_PER_HOUR = 1
    assert order_get(order_id=ORDER) == order
    assert sandbox.operations() == ["getOrder"]


def test_in_flight_ceiling_fails_fast(sandbox, settings):
    settings.ULTRACART_MAX_IN_FLIGHT = 1
    with budget_call(operation="elsewhere", hold_seconds=5):  # another worker's call, still running
        assert budget_in_flight() == 1
        with pytest.raises(RateLimited, match="in flight"):
            order_get(order_id=ORDER)
    assert sandbox.operations() == []
    assert order_get(order_id=ORDER).order_id == ORDER


def test_slots_are_released_after_success_and_failure(sandbox, settings):
    settings.ULTRACART_MAX_IN_FLIGHT = 2
    settings.ULTRACART_BACKOFF_BASE = 0.01
    order_get(order_id=ORDER)
    sandbox.fault(status=500, operations=["getOrder"])
    with pytest.raises(Exception, match="server error"):
        order_get(order_id="DEMO-0009100011")
    assert budget_in_flight() == 0


def test_a_slot_taken_over_after_expiry_is_not_released_by_the_old_owner(settings):
    settings.ULTRACART_MAX_IN_FLIGHT = 1
    with budget_call(operation="slow", hold_seconds=1):
        cache.set("uc:budget:slot:0", "someone-else", 60)  # our slot expired and another call took it
    assert budget_in_flight() == 1


def test_counts_are_shared_through_the_cache(sandbox):
    order_get(order_id=ORDER)
    order_get(order_id="DEMO-0009100011")
    assert budget_calls_this_hour() == 2  # what every worker process reads


def test_a_broken_cache_lets_calls_through(sandbox, settings, monkeypatch):
    settings.ULTRACART_CALLS_PER_HOUR = 1

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr("redis.client.Pipeline.execute", down)  # on Redis the counters go in one pipeline
    assert order_get(order_id=ORDER).order_id == ORDER
    assert order_get(order_id="DEMO-0009100011").order_id == "DEMO-0009100011"
