"""After a subscription write, the cached list takes UltraCart's answer instead of being read again.

The 20-view customer session (bench/session.py) read the subscription list a second time after each change;
now its reads are at most one above what its pages need the first time (README, Performance).
"""

import pytest
from django.core.cache import cache

from portal.ultracart import auto_order_get, auto_order_list_for_email, auto_order_pause, auto_order_update

pytestmark = pytest.mark.django_db
EMAIL = "jane.doe@example.com"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def active_oid() -> int:
    listed = auto_order_list_for_email(email=EMAIL)
    return next(a.auto_order_oid for a in listed if not a.paused and a.is_active)


def test_a_pause_updates_the_cached_list_and_the_auto_order_without_a_read(sandbox):
    oid = active_oid()
    before = [a.auto_order_oid for a in auto_order_list_for_email(email=EMAIL)]
    sandbox.clear_requests()
    auto_order_pause(auto_order_oid=oid)
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder"]  # the fresh read, the write
    sandbox.clear_requests()
    listed = auto_order_list_for_email(email=EMAIL)
    assert [a.auto_order_oid for a in listed] == before  # same subscriptions, same order
    assert next(a for a in listed if a.auto_order_oid == oid).paused
    assert auto_order_get(auto_order_oid=oid).paused
    assert sandbox.operations() == []


def test_the_list_then_matches_what_ultracart_answers(sandbox):
    oid = active_oid()
    auto_order_pause(auto_order_oid=oid)
    auto_order_update(auto_order_oid=oid, paused=False)
    cached = auto_order_list_for_email(email=EMAIL)
    cache.clear()
    fresh = auto_order_list_for_email(email=EMAIL)
    assert [(a.auto_order_oid, a.paused, a.status) for a in cached] == [
        (a.auto_order_oid, a.paused, a.status) for a in fresh
    ]


def test_without_a_cached_list_the_next_list_is_read_afresh(sandbox):
    oid = active_oid()
    cache.clear()  # the list is not cached any more
    auto_order_pause(auto_order_oid=oid)
    sandbox.clear_requests()
    assert next(a for a in auto_order_list_for_email(email=EMAIL) if a.auto_order_oid == oid).paused
    assert sandbox.operations() == ["getAutoOrdersByQuery"]
