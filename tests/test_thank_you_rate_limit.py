"""Token look-ups are rate limited per client IP, with the branded 429 page."""

import pytest

pytestmark = pytest.mark.django_db


def test_over_the_limit_gets_the_branded_429_without_a_call(client, sandbox, settings):
    settings.PORTAL_THANK_YOU_RATE = "3/d"  # a day-long window: no window boundary falls inside the test
    token = sandbox.token_for("DEMO-0009100012")
    for _ in range(3):
        assert client.get("/thank-you/", {"OrderToken": token}).status_code == 200
    sandbox.clear_requests()
    response = client.get("/thank-you/", {"OrderToken": token})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()
    assert response["Retry-After"]
    assert sandbox.operations() == []


def test_guesses_count_too(client, sandbox, settings):
    settings.PORTAL_THANK_YOU_RATE = "2/d"  # a day-long window: no window boundary falls inside the test
    for _ in range(2):
        client.get("/thank-you/", {"OrderToken": "DEMO:AAAAAAAAAAAAAAAAAAAAAAAA"})
    assert client.get("/thank-you/", {"OrderToken": "DEMO:BBBBBBBBBBBBBBBBBBBBBBBB"}).status_code == 429


def test_the_limit_is_per_client_ip(client, sandbox, settings):
    settings.PORTAL_THANK_YOU_RATE = "1/d"  # a day-long window: no window boundary falls inside the test
    token = sandbox.token_for("DEMO-0009100012")
    assert client.get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR="198.51.100.2").status_code == 200
