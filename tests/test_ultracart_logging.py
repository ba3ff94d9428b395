"""One log line per UltraCart call on "portal.ultracart", and never a token, key, email or card number."""

import json
import logging

import pytest

from portal.ultracart import (
    BadCredentials,
    order_get,
    order_get_by_token,
    order_list_for_email,
)

JANE = "jane.doe@example.com"


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="portal.ultracart")
    return lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.ultracart"]


def test_one_line_per_call_with_the_essentials(sandbox, lines):
    order_get(order_id="DEMO-0009100012")
    (line,) = lines()
    assert line["operation"] == "getOrder" and line["outcome"] == "ok" and line["status"] == 200
    assert line["cache"] == "miss" and line["attempts"] == 1
    assert isinstance(line["duration_ms"], float) and len(line["request_id"]) == 31
    order_get(order_id="DEMO-0009100012")
    assert len(lines()) == 1  # a cache hit is not an INFO line: the hot path stays quiet


def test_cache_hits_are_logged_at_debug(sandbox, caplog):
    caplog.set_level(logging.DEBUG, logger="portal.ultracart")
    order_get(order_id="DEMO-0009100012")
    order_get(order_id="DEMO-0009100012")
    hit = caplog.records[-1]
    assert hit.levelno == logging.DEBUG
    assert json.loads(hit.getMessage()) == {
        "operation": "getOrder",
        "outcome": "ok",
        "status": None,
        "cache": "hit",
    }


def test_failures_name_the_outcome_and_uc_error(sandbox, settings, lines):
    settings.ULTRACART_BACKOFF_BASE = 0.01
    sandbox.fault(status=500, operations=["getOrder"])
    with pytest.raises(Exception, match="server error"):
        order_get(order_id="DEMO-0009100012")
    (line,) = lines()
    assert line["outcome"] == "Unavailable" and line["attempts"] == 3 and "Injected fault" in line["uc_error"]


def test_no_secrets_in_logs(sandbox, settings, caplog, lines):
    token = sandbox.token_for("DEMO-0009100012")
    order_get_by_token(token=token)
    order_list_for_email(email=JANE)
    settings.ULTRACART_API_KEY = "secret-key-123"
    with pytest.raises(BadCredentials):
        order_list_for_email(email="obrien@example.com")
    assert len(lines()) == 3
    text = caplog.text
    for secret in (token, token.split(":")[1], JANE, "obrien", "secret-key-123", "sandbox-key"):
        assert secret not in text
