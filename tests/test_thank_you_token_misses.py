"""Guessing tokens cannot drain the UltraCart call budget, and cannot lock out a shopper whose order we know.

Look-ups that must ask UltraCart are capped per client network and for everyone together; past a cap the
visitor gets the reassuring 503 without any call. Calls are counted in the sandbox's request log.
"""

import pytest

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
REASSURING = "Your order was received"


def _guess(client, n: int, ip: str = "203.0.113.7"):
    return client.get("/thank-you/", {"OrderToken": f"DEMO:GuessGuessGuess{n:08d}=="}, REMOTE_ADDR=ip)


def _view(client, sandbox, order_id: str = ORDER, ip: str = "203.0.113.7"):
    return client.get("/thank-you/", {"OrderToken": sandbox.token_for(order_id)}, REMOTE_ADDR=ip)


def test_past_the_cap_a_network_gets_the_reassuring_503_without_a_call(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 3
    for n in range(3):
        assert _guess(client, n).status_code == 404
    assert sandbox.operations() == ["getOrderByToken"] * 3
    sandbox.clear_requests()
    refused = _guess(client, 99)
    assert refused.status_code == 503
    assert REASSURING in refused.content.decode()
    assert sandbox.operations() == []


def test_a_token_we_already_know_is_never_refused(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 2
    assert _view(client, sandbox).status_code == 200  # the shopper's order is now in our cache
    for n in range(5):
        _guess(client, n)
    sandbox.clear_requests()
    assert _view(client, sandbox).status_code == 200
    assert sandbox.operations() == []


def test_lookups_that_find_their_order_do_not_count(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 1
    for order_id in ("DEMO-0009100012", "DEMO-0009100011", "DEMO-0009100010"):
        assert _view(client, sandbox, order_id).status_code == 200
    assert _guess(client, 1).status_code == 404
    assert _guess(client, 2).status_code == 503


def test_ultracart_errors_never_count_as_misses(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 1
    settings.ULTRACART_MAX_ATTEMPTS = 1
    settings.ULTRACART_BREAKER_FAILURES = 100  # this test is about the miss count, not the breaker
    for status in (500, 429, 0):
        sandbox.fault(status=status, operations=["getOrderByToken"], count=2)
        for n in range(2):
            assert _guess(client, n).status_code == 503
    sandbox.fault(body="malformed", operations=["getOrderByToken"], count=1)
    assert _guess(client, 7).status_code == 503
    sandbox.clear_requests()
    assert _guess(client, 8).status_code == 404  # still a clean address: asked
    assert sandbox.operations() == ["getOrderByToken"]


def test_other_networks_are_not_affected(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 2
    for n in range(3):
        _guess(client, n)
    assert _view(client, sandbox, ip="198.51.100.9").status_code == 200


def test_an_ipv6_56_is_one_network(client, sandbox, settings):
    # Issue 20, item 4: an ISP gives a household a /56, so its 256 /64s are one visitor.
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 2
    for n in range(2):
        _guess(client, n, ip=f"2001:db8:0:{n + 1:x}::1")  # two /64s of one /56
    sandbox.clear_requests()
    assert _guess(client, 9, ip="2001:db8:0:ff::1").status_code == 503  # a third /64 of the same /56
    assert sandbox.operations() == []
    assert _view(client, sandbox, ip="2001:db8:0:100::1").status_code == 200  # the next /56


def test_past_everyones_share_only_addresses_that_never_missed_are_asked(client, sandbox, settings):
    settings.ULTRACART_CALLS_PER_HOUR = 20
    settings.PORTAL_TOKEN_MISS_BUDGET_SHARE = 0.1  # two misses an hour for everyone together
    assert _guess(client, 1, ip="203.0.113.1").status_code == 404
    assert _guess(client, 2, ip="198.51.100.2").status_code == 404
    sandbox.clear_requests()
    assert _guess(client, 3, ip="203.0.113.1").status_code == 503  # missed before: refused, no call
    assert sandbox.operations() == []
    assert _guess(client, 4, ip="192.0.2.3").status_code == 404  # never missed: asked
    assert _view(client, sandbox, ip="192.0.2.77").status_code == 200


def test_an_ipv6_block_that_missed_too_often_is_refused_even_for_fresh_networks(client, sandbox, settings):
    # Issue 20, item 6: IPv6 blocks (/48) keep their caps; IPv4 blocks no longer refuse clean addresses.
    settings.PORTAL_TOKEN_MISSES_PER_BLOCK = 3
    for n in range(3):
        assert _guess(client, n, ip=f"2001:db8:7:{n + 1:x}00::1").status_code == 404  # 3 /56s of one /48
    sandbox.clear_requests()
    assert _guess(client, 9, ip="2001:db8:7:f00::1").status_code == 503
    assert sandbox.operations() == []
    assert _view(client, sandbox, ip="2001:db8:8::1").status_code == 200  # the next /48 is another block


def test_an_ipv4_block_that_missed_too_often_still_serves_fresh_addresses(client, sandbox, settings):
    settings.PORTAL_TOKEN_MISSES_PER_BLOCK = 3
    for n in range(3):
        assert _guess(client, n, ip=f"203.0.113.{n + 1}").status_code == 404
    assert _guess(client, 4, ip="203.0.113.1").status_code == 503  # a guesser asking again: refused
    sandbox.clear_requests()
    assert _guess(client, 9, ip="203.0.113.200").status_code == 404  # never missed: asked
    assert _view(client, sandbox, ip="203.0.113.201").status_code == 200


def test_misses_fade_out_after_the_rolling_hour(client, sandbox, settings, window_clock):
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 2
    for n in range(2):
        _guess(client, n)
    assert _guess(client, 3).status_code == 503
    window_clock.advance(30 * 60)
    assert _guess(client, 4).status_code == 503  # no cliff at the top of an hour: still remembered
    window_clock.advance(41 * 60)
    assert _guess(client, 5).status_code == 404


def test_behind_trusted_proxies_the_forwarded_client_address_counts(client, sandbox, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 1
    # The client wrote the first entry; our proxy appended the second. Only the second counts.
    client.get(
        "/thank-you/",
        {"OrderToken": "DEMO:GuessGuessGuess0001=="},
        HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.50",
    )
    sandbox.clear_requests()
    again = client.get(
        "/thank-you/",
        {"OrderToken": "DEMO:GuessGuessGuess0002=="},
        HTTP_X_FORWARDED_FOR="10.0.0.2, 203.0.113.50",
    )
    assert again.status_code == 503
    assert sandbox.operations() == []
    other = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 203.0.113.51"}
    assert client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}, **other).status_code == 200


def test_a_forwarded_value_that_is_not_an_address_falls_back_to_the_peer(rf, settings):
    from portal.core.client_ip import client_ip, client_network

    settings.PORTAL_TRUSTED_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="x, not-an-ip:443", REMOTE_ADDR="192.0.2.10")
    assert client_ip(request) == "192.0.2.10"
    assert client_network(rf.get("/", REMOTE_ADDR="2001:db8::7")) == "2001:db8::/56"  # a household's
