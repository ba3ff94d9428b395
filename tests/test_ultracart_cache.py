"""The cache layer: repeated reads cost no UltraCart call, invalidation sends the next read upstream, and a
stale copy answers when UltraCart cannot. Calls are counted in the sandbox's request log."""

import json
import logging

import pytest
from django.core.cache import cache

from portal.ultracart import (
    NotFound,
    Unavailable,
    auto_order_cache_invalidate,
    auto_order_get,
    auto_order_list_for_email,
    auto_order_pause,
    customer_cache_invalidate,
    order_cache_invalidate,
    order_get,
    order_get_by_token,
    order_invoice_pdf,
    order_list_for_email,
    order_receipt_html,
)
from portal.ultracart.cache import key_auto_order_list, key_order_list, key_token

JANE = "jane.doe@example.com"
ORDER = "DEMO-0009100012"

CACHED_READS = {
    "getOrder": lambda: order_get(order_id=ORDER),
    "getOrdersByQuery": lambda: order_list_for_email(email=JANE, limit=5),
    "format": lambda: order_receipt_html(order_id=ORDER),
    "generateInvoice": lambda: order_invoice_pdf(order_id=ORDER),
    "getAutoOrder": lambda: auto_order_get(auto_order_oid=5001),
    "getAutoOrdersByQuery": lambda: auto_order_list_for_email(email=JANE),
}


@pytest.mark.parametrize("operation", CACHED_READS)
def test_second_call_is_served_from_the_cache(sandbox, operation):
    first = CACHED_READS[operation]()
    assert sandbox.operations() == [operation]
    assert CACHED_READS[operation]() == first
    assert sandbox.operations() == [operation]


def test_token_then_order_id_costs_one_call(sandbox):
    token = sandbox.token_for(ORDER)
    order = order_get_by_token(token=token)
    assert order_get(order_id=ORDER) == order
    assert order_get_by_token(token=token) == order
    assert sandbox.operations() == ["getOrderByToken"]


def test_token_known_but_order_invalidated_fetches_by_id(sandbox):
    token = sandbox.token_for(ORDER)
    order_get_by_token(token=token)
    order_cache_invalidate(order_id=ORDER)
    assert order_get_by_token(token=token).order_id == ORDER
    assert sandbox.operations() == ["getOrderByToken", "getOrder"]


def test_order_invalidation(sandbox):
    order_get(order_id=ORDER)
    order_receipt_html(order_id=ORDER)
    order_invoice_pdf(order_id=ORDER)
    order_list_for_email(email=JANE)
    order_get(order_id="DEMO-0009100011")
    sandbox.clear_requests()

    order_cache_invalidate(order_id=ORDER)
    order_get(order_id=ORDER)
    order_receipt_html(order_id=ORDER)
    order_invoice_pdf(order_id=ORDER)
    order_list_for_email(email=JANE)  # the order's customer list too
    order_get(order_id="DEMO-0009100011")  # other orders stay cached
    assert sandbox.operations() == ["getOrder", "format", "generateInvoice", "getOrdersByQuery"]


def test_customer_invalidation_covers_every_page_and_only_that_customer(sandbox):
    order_list_for_email(email=JANE, limit=2)
    order_list_for_email(email=JANE, limit=2, offset=2)
    auto_order_list_for_email(email=JANE)
    order_list_for_email(email="obrien@example.com")
    sandbox.clear_requests()

    customer_cache_invalidate(email=" Jane.Doe@Example.com ")  # normalised like the keys
    order_list_for_email(email=JANE, limit=2)
    order_list_for_email(email=JANE, limit=2, offset=2)
    auto_order_list_for_email(email=JANE)
    order_list_for_email(email="obrien@example.com")
    assert sandbox.operations() == ["getOrdersByQuery", "getOrdersByQuery", "getAutoOrdersByQuery"]


def test_auto_order_invalidation(sandbox):
    auto_order_get(auto_order_oid=5001)
    auto_order_list_for_email(email=JANE)
    auto_order_get(auto_order_oid=5002)
    sandbox.clear_requests()

    auto_order_cache_invalidate(auto_order_oid=5001)
    auto_order_get(auto_order_oid=5001)
    auto_order_list_for_email(email=JANE)
    auto_order_get(auto_order_oid=5002)
    assert sandbox.operations() == ["getAutoOrder", "getAutoOrdersByQuery"]


def test_a_customer_action_refreshes_the_list(sandbox):
    assert not {a.auto_order_oid: a for a in auto_order_list_for_email(email=JANE)}[5001].paused
    auto_order_pause(auto_order_oid=5001)
    assert {a.auto_order_oid: a for a in auto_order_list_for_email(email=JANE)}[5001].paused


def test_stale_copy_answers_when_ultracart_cannot(sandbox, settings, caplog):
    settings.ULTRACART_BACKOFF_BASE = 0.01
    before = order_get(order_id=ORDER)
    order_cache_invalidate(order_id=ORDER)
    sandbox.fault(status=503, operations=["getOrder"])
    with caplog.at_level(logging.DEBUG, logger="portal.ultracart"):
        assert order_get(order_id=ORDER) == before
    assert json.loads(caplog.records[-1].getMessage())["cache"] == "stale"
    with pytest.raises(Unavailable):
        order_get(order_id="DEMO-0009100011")  # never cached: nothing stale to serve


def test_stale_list_and_token(sandbox, settings):
    settings.ULTRACART_BACKOFF_BASE = 0.01
    token = sandbox.token_for(ORDER)
    page = order_list_for_email(email=JANE)
    order = order_get_by_token(token=token)
    customer_cache_invalidate(email=JANE)
    order_cache_invalidate(order_id=ORDER)
    cache.delete(key_token(token))
    sandbox.fault(status=500)
    assert order_list_for_email(email=JANE) == page
    assert order_get_by_token(token=token) == order


def test_keys_hold_no_email_or_token(sandbox):
    token = sandbox.token_for(ORDER)
    keys = [key_token(token), *key_order_list(JANE, limit=20, offset=0), *key_auto_order_list(JANE)]
    for key in keys:
        assert "jane" not in key.lower() and token not in key and token.split(":")[1][:10] not in key


def test_a_broken_cache_costs_calls_not_pages(sandbox, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "add", "incr", "get_many", "delete", "delete_many", "set_many"):
        monkeypatch.setattr(cache, name, down)
    assert order_get(order_id=ORDER).order_id == ORDER
    assert order_get(order_id=ORDER).order_id == ORDER
    assert sandbox.operations() == ["getOrder", "getOrder"]


def test_not_found_is_remembered_briefly(sandbox):
    for _ in range(2):
        with pytest.raises(NotFound):
            order_get(order_id="DEMO-0000000000")
        with pytest.raises(NotFound):
            order_get_by_token(token="DEMO:bm90LWEtcmVhbC10b2tlbg==")
    assert sandbox.operations() == ["getOrder", "getOrderByToken"]


def test_stale_token_answer_makes_no_second_call(sandbox, settings):
    settings.ULTRACART_BACKOFF_BASE = 0.01
    settings.ULTRACART_MAX_ATTEMPTS = 1
    token = sandbox.token_for(ORDER)
    order = order_get_by_token(token=token)
    order_cache_invalidate(order_id=ORDER)
    cache.delete(key_token(token))
    sandbox.fault(status=0)
    sandbox.clear_requests()
    assert order_get_by_token(token=token) == order
    # One failed token look-up, then the kept copy: never a getOrder for the same order in this request.
    assert sandbox.operations() == ["getOrderByToken"]
