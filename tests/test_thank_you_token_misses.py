"""Guessing tokens cannot drain the UltraCart call budget: misses are capped per IP and overall."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_hour():
    # Misses are counted per clock hour: keep the whole test inside one, whenever it runs.
    with mock.patch("portal.receipts.guard._hour", return_value=493_000):
        yield


ORDER = "DEMO-0009100012"


def _guess(client, n: int, ip: str = "203.0.113.7"):
    return client.get("/thank-you/", {"OrderToken": f"DEMO:GuessGuessGuess{n:08d}=="}, REMOTE_ADDR=ip)


def test_after_the_allowed_misses_an_ip_gets_the_same_404_without_a_call(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 3
    for n in range(3):
        assert _guess(client, n).status_code == 404
    assert sandbox.operations() == ["getOrderByToken"] * 3
    sandbox.clear_requests()
    refused = _guess(client, 99)
    assert refused.status_code == 404
    assert "We couldn" in refused.content.decode()
    assert sandbox.operations() == []


def test_other_ips_are_not_affected(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 2
    for n in range(2):
        _guess(client, n)
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200


def test_when_misses_overall_pass_their_budget_share_ips_that_missed_stop_costing_calls(
    client, sandbox, settings
):
    settings.ULTRACART_CALLS_PER_HOUR = 20
    settings.PORTAL_TOKEN_MISS_BUDGET_SHARE = 0.1  # two misses an hour for everyone together
    assert _guess(client, 1, ip="203.0.113.1").status_code == 404
    assert _guess(client, 2, ip="203.0.113.2").status_code == 404
    sandbox.clear_requests()
    assert _guess(client, 3, ip="203.0.113.1").status_code == 404
    assert sandbox.operations() == []
    # A shopper who never missed still reaches UltraCart.
    fresh = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}, REMOTE_ADDR="198.51.100.3")
    assert fresh.status_code == 200


def test_behind_trusted_proxies_the_forwarded_client_address_counts(client, sandbox, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 1
    spoofed = "10.0.0.1, 203.0.113.50"  # the client wrote the first entry; our proxy appended the second
    client.get("/thank-you/", {"OrderToken": "DEMO:GuessGuessGuess0001=="}, HTTP_X_FORWARDED_FOR=spoofed)
    sandbox.clear_requests()
    again = "10.0.0.2, 203.0.113.50"
    client.get("/thank-you/", {"OrderToken": "DEMO:GuessGuessGuess0002=="}, HTTP_X_FORWARDED_FOR=again)
    assert sandbox.operations() == []
    other = "10.0.0.1, 203.0.113.51"
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}, HTTP_X_FORWARDED_FOR=other)
    assert response.status_code == 200
