"""The one fail-open cache helper (portal/core/cache_safe.py): an outage skips the block with one warning line
naming what was skipped and the error's type, never its message or traceback; other errors still stop."""

import logging

import pytest
from django.test import override_settings

from portal.core.cache_safe import cache_fail_open
from portal.ultracart.cache import cache_get, cache_store

SECRET = "redis://:hunter2@cache.internal:6379/0"


def _down() -> None:
    raise ConnectionError(f"Error 111 connecting to {SECRET}")


def test_an_outage_skips_the_block_with_one_line_and_no_secret(caplog):
    reached = []
    with caplog.at_level(logging.WARNING), cache_fail_open("widget cache: not cached"):
        _down()
        reached.append("after")  # never runs: the block stops at the failure
    assert reached == []
    assert [r.getMessage() for r in caplog.records] == [
        "widget cache: not cached (cache unavailable: ConnectionError)"
    ]
    assert caplog.records[0].exc_info is None
    assert "hunter2" not in caplog.text and "cache.internal" not in caplog.text


def test_a_working_cache_says_nothing(caplog):
    with caplog.at_level(logging.WARNING), cache_fail_open("widget cache: not cached"):
        value = 1
    assert value == 1 and caplog.records == []


def test_a_stop_is_not_an_outage():
    with pytest.raises(KeyboardInterrupt), cache_fail_open("widget cache: not cached"):
        raise KeyboardInterrupt


def test_the_ultracart_cache_reads_a_miss_and_skips_the_write_when_redis_is_down(caplog):
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6390/1",
        }
    }
    with override_settings(CACHES=dead), caplog.at_level(logging.WARNING):
        cache_store("uc:test", "value", ttl=60)
        assert cache_get("uc:test") is None
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.cache"]
    assert lines[0].startswith("ultracart cache: write failed (cache unavailable: ")
    assert lines[1].startswith("ultracart cache: read failed (cache unavailable: ")
    assert all(r.exc_info is None for r in caplog.records if r.name == "portal.cache")
