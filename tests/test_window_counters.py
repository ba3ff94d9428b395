"""The rolling-window counters (portal/core/windows.py): totals across buckets, undo, and their cost.

On Redis an update is one round trip (a pipeline) and an undo one script; in local memory they use Django's
cache calls. Both must count the same.
"""

import pytest
from django.core.cache import cache

from portal.core.windows import BUCKET_SECONDS, window_add, window_counts, window_undo
from tests.request_costs import cache_is_redis, request_costs


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_totals_count_the_earlier_buckets_and_forget_past_the_window(window_clock):
    assert window_add(["a", "b"])[0] == [1, 1]
    window_clock.advance(BUCKET_SECONDS)
    assert window_add(["a"])[0] == [2]
    assert window_add(["a", "b"])[0] == [3, 2]
    assert window_counts(["a", "b", "c"]) == [3, 2, 0]
    window_clock.advance(7 * BUCKET_SECONDS)  # past the seven buckets of the window
    assert window_add(["a"])[0] == [1]


def test_undo_takes_back_in_the_buckets_counted_even_after_the_clock_moved(window_clock):
    window_add(["a"])
    _, counted = window_add(["a", "b"])
    window_clock.advance(BUCKET_SECONDS)
    window_undo(counted)
    assert window_counts(["a", "b"]) == [1, 0]


def test_undo_of_an_expired_bucket_leaves_nothing_behind():
    _, counted = window_add(["a"])
    cache.delete(counted[0])  # expired meanwhile
    window_undo(counted)
    assert cache.get(counted[0]) is None  # not brought back as -1 (with no expiry)
    assert window_add(["a"])[0] == [1]


@pytest.mark.django_db  # request_costs also watches the queries
def test_an_update_is_one_round_trip_on_redis():
    if not cache_is_redis():
        pytest.skip("round trips are counted on Redis")
    with request_costs() as add:
        _, counted = window_add(["a", "b", "c", "d"])
    with request_costs() as undo:
        window_undo(counted)
    assert (add.round_trips, undo.round_trips) == (1, 1)
    assert window_counts(["a", "b", "c", "d"]) == [0, 0, 0, 0]
