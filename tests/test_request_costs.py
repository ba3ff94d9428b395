"""Per-request cost of the busiest pages, pinned so it cannot creep back (README, Performance).

Counted for real: database queries by Django on every run, Redis round trips by wrapping redis-py on the
PostgreSQL + Redis run of `make test` (a pipeline or a script is one round trip).
- A warm order page: no query; 5 round trips (its session, the order, the receipt, the portal settings once,
  and the cached auto order its subscription note reads: issue 22 item 2).
- A cold thank-you page (nothing of the order cached; the merchant's settings are, as on any server that has
  served a page): the session's one INSERT and the first-view record; 36 round trips (the subscription
  note's cached auto order, read and missed, included) for two UltraCart calls, each guarded by the call
  budget, the in-flight slot, the circuit breaker and the visitor's limit.
- The account home, warm: 6 round trips; one query, the scheduled resumes of its paused subscriptions
  (a rule's own record, read fresh so a resume just scheduled or run shows at once).
"""

from unittest import mock
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client

from portal.merchant.config import portal_settings_get
from tests.request_costs import Costs, cache_is_redis, request_costs
from tests.sessions import client_sign_in

pytestmark = pytest.mark.django_db

ORDER_ID = "DEMO-0009100012"


@pytest.fixture(autouse=True)
def no_hit_sampling(monkeypatch):
    """The cache hit rate samples one read in ten at random: never here, so the counts are exact."""
    monkeypatch.setattr("portal.ultracart.cache.random.randrange", lambda n: 1)


def thank_you_url(sandbox) -> str:
    return f"/thank-you/?OrderToken={quote(sandbox.token_for(ORDER_ID), safe='')}"


def assert_round_trips(costs: Costs, expected: int) -> None:
    if cache_is_redis():
        assert costs.round_trips == expected, costs.redis


def data_queries(costs: Costs) -> list[str]:
    """The statements that read or write rows (not the transaction's BEGIN/COMMIT or savepoints)."""
    return [sql for sql in costs.queries if sql.split()[0] in {"SELECT", "INSERT", "UPDATE", "DELETE"}]


@pytest.fixture
def shopper(sandbox):
    """A shopper who opened the thank-you link and the order page once: the order and receipt are cached."""
    cache.clear()
    browser = Client()
    assert browser.get(thank_you_url(sandbox)).status_code == 200
    assert browser.get(f"/orders/{ORDER_ID}/").status_code == 200
    sandbox.clear_requests()
    return browser


def test_a_warm_order_page_needs_no_query_and_five_round_trips(shopper, sandbox):
    with request_costs() as costs:
        assert shopper.get(f"/orders/{ORDER_ID}/").status_code == 200
    assert costs.queries == []
    assert_round_trips(costs, 5)
    assert sandbox.operations() == []


def test_the_portal_settings_are_read_once_per_request_and_a_change_shows_on_the_next(
    shopper, django_capture_on_commit_callbacks
):
    from portal.merchant import config
    from portal.merchant.settings_records import portal_settings_update

    with mock.patch.object(config, "_settings_read", wraps=config._settings_read) as reads:
        assert shopper.get(f"/orders/{ORDER_ID}/").status_code == 200
        assert reads.call_count == 1  # the view, the context processor and the templates share one read
        portal_settings_get()
        portal_settings_get()
        assert reads.call_count == 3  # outside a request nothing is remembered
    with django_capture_on_commit_callbacks(execute=True):
        portal_settings_update(changes={"store_name": "Renamed shop"}, actor="merchant")
    assert b"Renamed shop" in shopper.get(f"/orders/{ORDER_ID}/").content


def test_a_warm_thank_you_reload_writes_no_session(shopper, sandbox):
    shopper.get(thank_you_url(sandbox))
    with request_costs() as costs:
        assert shopper.get(thank_you_url(sandbox)).status_code == 200
    assert not [sql for sql in data_queries(costs) if "django_session" in sql]


def test_a_cold_thank_you_page(sandbox):
    cache.clear()
    portal_settings_get()  # the merchant's settings are cached on any server that has served a page
    with request_costs() as costs:
        assert Client().get(thank_you_url(sandbox)).status_code == 200
    tables = [sql.split('"')[1] for sql in data_queries(costs)]
    # The session: one INSERT (no existence check, no empty row then UPDATE); the first-view record.
    assert tables == ["receipts_conversionview", "receipts_conversionview", "django_session"]
    assert data_queries(costs)[-1].startswith("INSERT")
    assert_round_trips(costs, 36)
    assert sandbox.operations() == ["getOrderByToken", "format"]


def test_the_account_home_warm(sandbox):
    jane = client_sign_in(Client(), "jane.doe@example.com")
    assert jane.get("/account/").status_code == 200
    with request_costs() as costs:
        assert jane.get("/account/").status_code == 200
    tables = [sql.split('"')[1] for sql in data_queries(costs)]
    assert tables == ["subscriptions_scheduledresume"]
    assert_round_trips(costs, 6)


def test_the_memo_ends_with_its_request_even_when_the_request_fails():
    from portal.core.request_memo import request_memo_get, request_memo_scope

    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    with pytest.raises(RuntimeError), request_memo_scope():
        assert request_memo_get("x", load) == 1
        assert request_memo_get("x", load) == 1  # remembered
        raise RuntimeError("the view failed")
    assert request_memo_get("x", load) == 2  # nothing left behind
