"""Every per-visitor limit, tried three ways (issue 22, item 10; issue 20, item 4): as an attacker with many
addresses, as a shopper reloading during an outage, and as a customer making a dozen changes in minutes.

A signed-in customer's calls count per customer (wherever they connect from), anyone else's per network
(IPv4 address, IPv6 /56). When our own limit refuses, the page says so, with Retry-After: never that
UltraCart failed. Calls are counted in the sandbox's request log.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, confirm, raw_auto_order

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"
OUTAGE_TEXT = "couldn't reach our store systems"
LIMIT_TEXT = "several requests in a short time"


def _jane(ip: str = "203.0.113.80") -> Client:
    return client_sign_in(Client(REMOTE_ADDR=ip), "jane.doe@example.com")


def _assert_truthful_429(response) -> None:
    body = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 5 * 60
    assert "several" in body and "in a short time" in body and OUTAGE_TEXT not in body
    assert "store systems are busy" not in body


def _act(client: Client, action: str, data: dict[str, str] | None = None):
    url = f"/account/subscriptions/{ACTIVE}/{action}/"
    response = confirm(client, url, data)
    page = client.get(f"/account/subscriptions/{ACTIVE}/")  # back on the subscription, as after each action
    return response, page


# A customer making a dozen changes in a few minutes


def test_a_customer_makes_every_change_within_a_minute_from_one_address(sandbox):
    # The finding: skip, reschedule, pause, resume, update card, then cancel within a minute from one
    # address: the cancel answered 503 "We couldn't reach our store systems"; the per-network limit of 10
    # answered calls a minute had refused it.
    jane = _jane()
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    steps = [
        ("skip", None),
        ("reschedule", {"day": day}),
        ("pause", {"mode": "indefinite"}),
        ("resume", None),
    ]
    for action, data in steps:
        response, page = _act(jane, action, data)
        assert response.status_code == 302, (action, response.content.decode()[:500])
        assert page.status_code == 200
    card = jane.get(f"/account/subscriptions/{ACTIVE}/card/")
    assert card.status_code == 302 and "/update-billing/" in card["Location"]
    response, page = _act(jane, "cancel", {"reason": "Too expensive"})
    assert response.status_code == 302 and page.status_code == 200
    assert 'data-status="canceled"' in page.content.decode()
    calls = len(sandbox.requests())
    assert calls > 10  # more than the per-network minute allows: counted per customer instead
    print(f"six subscription changes, each followed by the subscription page: {calls} UltraCart calls")


def test_a_dozen_changes_in_a_few_minutes_stay_within_the_customers_room(sandbox, window_clock):
    jane = _jane()
    for n in range(12):
        action, data = ("pause", {"mode": "indefinite"}) if n % 2 == 0 else ("resume", None)
        response, page = _act(jane, action, data)
        assert response.status_code == 302 and page.status_code == 200, (n, response.content.decode()[:300])
        window_clock.advance(15)  # twelve changes in three minutes


def test_past_the_customers_room_the_action_page_says_so_with_retry_after(sandbox, settings):
    settings.ULTRACART_CALLS_PER_CUSTOMER = 4
    jane = _jane()
    response, _page = _act(jane, "pause", {"mode": "indefinite"})
    assert response.status_code == 302
    refused = confirm(jane, f"/account/subscriptions/{ACTIVE}/resume/")
    body = refused.content.decode()
    assert refused.status_code == 429, body[:500]
    assert "You've made several changes in a short time" in body.replace("&#x27;", "'")
    assert OUTAGE_TEXT not in body and int(refused["Retry-After"]) > 0
    assert f'href="/account/subscriptions/{ACTIVE}/"' in body  # still on the page, a way back
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is True  # nothing was changed
    _assert_truthful_429(jane.get(f"/account/subscriptions/{ACTIVE}/card/"))  # not bounced back
    _assert_truthful_429(jane.get("/account/subscriptions/"))


def test_the_customers_room_comes_back_as_the_window_moves(sandbox, settings, window_clock):
    settings.ULTRACART_CALLS_PER_CUSTOMER = 2
    jane = _jane()
    assert jane.get("/account/subscriptions/").status_code == 200
    assert jane.get(f"/account/subscriptions/{ACTIVE}/").status_code == 200
    assert jane.get(f"/orders/{ORDER}/").status_code == 429
    window_clock.advance(5 * 60)
    assert jane.get(f"/orders/{ORDER}/").status_code == 200


# An attacker with many addresses


def test_one_customer_from_many_addresses_is_one_visitor(sandbox, settings):
    settings.ULTRACART_CALLS_PER_CUSTOMER = 3
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 100
    pages = ["/account/subscriptions/", f"/account/subscriptions/{ACTIVE}/", f"/orders/{ORDER}/"]
    for n, path in enumerate(pages):
        assert _jane(f"2001:db8:{n:x}::1").get(path).status_code == 200
    sandbox.clear_requests()
    refused = _jane("198.51.100.99").get("/account/orders/?page=1")
    assert refused.status_code == 200 and LIMIT_TEXT in refused.content.decode().replace("&#x27;", "'")
    assert sandbox.operations() == []


def test_the_64s_of_one_ipv6_household_are_one_visitor(sandbox, settings):
    # Issue 20, item 4: one household's /56 used to count as 256 visitors of 10 calls a minute each.
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 3
    tokens = [t["order_token"] for t in sandbox.tokens()[:4]]
    for n, token in enumerate(tokens[:3]):
        ip = f"2001:db8:0:{n:x}::1"
        assert Client().get(f"/orders/{ORDER}/", REMOTE_ADDR=ip).status_code == 404  # no grant: no call
        Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR=ip, HTTP_ACCEPT="text/html")
    sandbox.clear_requests()
    refused = Client().get("/thank-you/", {"OrderToken": tokens[3]}, REMOTE_ADDR="2001:db8:0:ff::1")
    _assert_truthful_429(refused)
    assert sandbox.operations() == []
    other = Client().get("/thank-you/", {"OrderToken": tokens[3]}, REMOTE_ADDR="2001:db8:0:100::1")
    assert other.status_code == 200  # the next /56 is another household


def test_order_history_refuses_pages_past_the_last_without_a_call(sandbox):
    jane = _jane()
    first = jane.get("/account/orders/")
    assert first.status_code == 200
    sandbox.clear_requests()
    for page in (50, 9999, 123456789):
        response = jane.get(f"/account/orders/?page={page}")
        assert response.status_code == 200 and "Your orders" in response.content.decode()
    assert sandbox.operations() == []  # the last page, from the cache: no call for any of them


def test_a_cold_deep_page_costs_the_first_page_only(sandbox):
    jane = _jane()
    response = jane.get("/account/orders/?page=9999")
    assert response.status_code == 200
    assert sandbox.operations() == ["getOrdersByQuery"]  # page 1 said how many there are


# A shopper reloading during an outage


def test_a_shopper_reloading_during_an_outage_is_never_refused_by_our_limit(sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 2
    settings.ULTRACART_BREAKER_FAILURES = 100
    settings.ULTRACART_MAX_ATTEMPTS = 1
    token = sandbox.token_for(ORDER)
    sandbox.fault(status=500, operations=["getOrderByToken"])
    for _reload in range(8):
        response = Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR="203.0.113.81")
        assert response.status_code == 503  # UltraCart's outage, said as such: never our 429
    sandbox.clear_faults()
    assert Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR="203.0.113.81").status_code == 200


def test_a_customer_reloading_during_an_outage_is_served_once_it_ends(sandbox, settings):
    settings.ULTRACART_CALLS_PER_CUSTOMER = 2
    settings.ULTRACART_BREAKER_FAILURES = 100
    settings.ULTRACART_MAX_ATTEMPTS = 1
    jane = _jane()
    sandbox.fault(status=503, operations=["getAutoOrder", "getAutoOrdersByQuery"])
    for _reload in range(6):
        assert jane.get(f"/account/subscriptions/{ACTIVE}/").status_code == 503
    sandbox.clear_faults()
    assert jane.get(f"/account/subscriptions/{ACTIVE}/").status_code == 200


def test_the_refusal_speaks_spanish(sandbox, settings):
    settings.ULTRACART_CALLS_PER_CUSTOMER = 1
    jane = _jane()
    assert jane.get("/account/subscriptions/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    refused = jane.get(f"/account/subscriptions/{ACTIVE}/", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 429
    assert "Has hecho varias solicitudes en poco tiempo" in refused.content.decode()
