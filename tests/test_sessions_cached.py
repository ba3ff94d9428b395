"""Sessions live in the database and are read through the cache: a warm page costs no query, and a cache
outage costs a query, never the session."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_a_warm_account_page_reads_its_session_without_a_query(jane, sandbox, django_assert_num_queries):
    assert jane.get("/account/orders/").status_code == 200
    with django_assert_num_queries(0):
        assert jane.get("/account/orders/").status_code == 200


def test_the_session_outlives_a_cache_flush_and_a_dead_cache(jane, sandbox, monkeypatch):
    jane.get("/account/")
    cache.clear()
    assert jane.get("/account/").status_code == 200  # read back from the database

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "delete", "has_key", "get_many", "set_many", "add", "incr", "delete_many"):
        monkeypatch.setattr(cache, name, down)
    assert jane.get("/account/").status_code == 200  # UltraCart answers are not cached either: still a page
    assert jane.post("/account/sign-out/").status_code == 302
    assert jane.get("/account/").status_code == 302  # signed out for real: the database row is gone
