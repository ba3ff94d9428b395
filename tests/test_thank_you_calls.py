"""UltraCart calls, read from the sandbox's request log: cold at most 2, warm none."""

import pytest

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"


def test_cold_view_makes_at_most_two_calls_token_and_format(client, sandbox):
    assert client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}).status_code == 200
    operations = sandbox.operations()
    assert len(operations) <= 2
    assert sorted(operations) == ["format", "getOrderByToken"]


def test_reload_within_the_cache_lifetime_makes_none(client, sandbox):
    token = sandbox.token_for(ORDER)
    client.get("/thank-you/", {"OrderToken": token})
    sandbox.clear_requests()
    assert client.get("/thank-you/", {"OrderToken": token}).status_code == 200
    assert sandbox.operations() == []


def test_receipt_page_after_the_thank_you_page_makes_none(client, sandbox):
    client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    sandbox.clear_requests()
    assert client.get(f"/orders/{ORDER}/").status_code == 200
    assert sandbox.operations() == []
