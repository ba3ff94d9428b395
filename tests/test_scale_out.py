"""Two portal processes (gunicorn, the repo's config) on different ports, each with its own task worker,
sharing the database and the cache: what one learns or counts, the other knows.

Run on both backends. With local memory (the SQLite run) each process has a cache of its own, so the tests of
shared cache state (limits, budget, breaker, cached answers) skip there; sessions and the scheduled resume
live in the database and run on both. UltraCart calls are counted in the sandbox's request log.
"""

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.portals import Portals, portals_start
from tests.subscriptions_helpers import ACTIVE, JANE, PAUSED

# The mark makes pytest-django create the test database, which the portals' database is copied from.
pytestmark = pytest.mark.django_db

ENV = {
    "PORTAL_THANK_YOU_RATE": "10/m",
    "ULTRACART_CALLS_PER_VISITOR_MINUTE": "8",
    "ULTRACART_BREAKER_FAILURES": "2",
    "ULTRACART_BREAKER_COOLDOWN": "1",
}
SHARED_CACHE_ONLY = "local-memory caches are per process: two processes cannot share one (the Redis run does)"


@pytest.fixture(scope="module")
def portals(sandbox_url, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Portals]:
    with django_db_blocker.unblock():
        yield from portals_start(
            sandbox_api_url=f"{sandbox_url}/rest/v2", tmp=tmp_path_factory.mktemp("portals"), extra_env=ENV
        )


@pytest.fixture(autouse=True)
def fresh_cache(portals) -> None:
    portals.cache_clear()  # each test starts with no limit counted, no breaker open, nothing cached


@pytest.fixture
def shared(portals) -> Portals:
    if not portals.shared_cache:
        pytest.skip(SHARED_CACHE_ONLY)
    return portals


def visitor(number: int) -> requests.Session:
    """A browser from its own network (the portals trust one proxy hop: X-Forwarded-For names the client)."""
    browser = requests.Session()
    browser.headers["X-Forwarded-For"] = f"198.51.{number}.7"
    return browser


def thank_you(browser: requests.Session, portal: str, token: str) -> requests.Response:
    return browser.get(f"{portal}/thank-you/?OrderToken={quote(token, safe='')}", timeout=30)


def form_token(page: requests.Response, name: str = "csrfmiddlewaretoken") -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', page.text)
    assert match, f"no {name} on {page.url}"
    return match.group(1)


def post_form(browser: requests.Session, url: str, data: dict[str, Any]) -> requests.Response:
    """Open the page for its CSRF token, then post the form (redirects not followed)."""
    page = browser.get(url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    return browser.post(
        url, {"csrfmiddlewaretoken": form_token(page), **data}, allow_redirects=False, timeout=30
    )


def sign_in(browser: requests.Session, portal: str, portals: Portals) -> None:
    asked_at = time.time() - 1
    asked = post_form(browser, f"{portal}/account/sign-in/", {"email": JANE})
    assert asked.status_code == 302, asked.text[:500]
    code = portals.sign_in_code(after=asked_at)
    entered = post_form(browser, f"{portal}/account/sign-in/code/", {"code": code})
    assert entered.status_code == 302 and "sign-in" not in entered.headers["Location"], entered.text[:500]


def test_a_customer_signs_in_on_one_and_pauses_on_the_other(portals, sandbox):
    a, b = portals.urls
    browser = visitor(1)
    sign_in(browser, a, portals)
    browser.headers["X-Forwarded-For"] = "198.51.11.7"  # another network: its own UltraCart call allowance
    home = browser.get(f"{b}/account/", timeout=30)
    assert home.status_code == 200 and "/account/sign-in/" not in home.url
    assert f"/account/subscriptions/{ACTIVE}/" in home.text  # B knows who this is: the session is shared
    action = f"{b}/account/subscriptions/{ACTIVE}/pause/"
    review_page = browser.get(action, timeout=30)
    review = browser.post(
        action,
        {"csrfmiddlewaretoken": form_token(review_page), "step": "review", "mode": "indefinite"},
        timeout=30,
    )
    assert review.status_code == 200, review.text[:500]
    confirmed = browser.post(
        action,
        {
            "csrfmiddlewaretoken": form_token(review),
            "step": "confirm",
            "token": form_token(review, "token"),
            "mode": "indefinite",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert confirmed.status_code == 302, confirmed.text[:500]
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": "items"}).json()
    assert all(item["paused"] for item in raw["auto_order"]["items"])
    # And back on A, the page shows the pause B made.
    assert 'data-status="paused"' in browser.get(f"{a}/account/subscriptions/{ACTIVE}/", timeout=30).text


def test_a_scheduled_resume_runs_exactly_once_with_two_workers(portals, sandbox):
    script = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from portal.subscriptions import resume_records, resumes\n"
        f"row = resumes.resume_schedule(auto_order_oid={PAUSED}, email='{JANE}', language='en',\n"
        "    resume_at=timezone.now() + timedelta(seconds=1))\n"
        "resume_records.resume_enqueue(row.id, row.resume_at)  # a second copy: both workers get one\n"
        "print(row.id)\n"
    )
    resume_id = int(portals.manage("shell", "-c", script).strip().splitlines()[-1])
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        tasks = portals.sql(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE args_kwargs::text LIKE %s"
            if not portals.database_url.startswith("sqlite")
            else "SELECT status FROM django_tasks_database_dbtaskresult WHERE args_kwargs LIKE %s",
            (f'%"resume_id": {resume_id}}}%',),
        )
        if sum(status == "SUCCESSFUL" for (status,) in tasks) >= 2:  # (a watchdog copy waits, READY)
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the two task copies did not both finish: {tasks}")
    (status,) = portals.sql("SELECT status FROM subscriptions_scheduledresume WHERE id = %s", (resume_id,))[0]
    assert status == "done"
    updates = [entry for entry in sandbox.requests() if entry["operation"] == "updateAutoOrder"]
    assert len(updates) == 1, updates  # two workers, two copies of the task, one UltraCart write
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{PAUSED}", params={"_expand": "items"}).json()
    assert not any(item["paused"] for item in raw["auto_order"]["items"])


def test_the_cache_is_shared(shared, sandbox):
    a, b = shared.urls
    token = sandbox.token_for("DEMO-0009100012")
    assert thank_you(visitor(2), a, token).status_code == 200
    asked = sandbox.operations()
    assert "getOrderByToken" in asked
    assert thank_you(visitor(3), b, token).status_code == 200
    assert sandbox.operations() == asked  # B answered from what A cached: no call


def test_the_thank_you_rate_limit_is_shared(shared, sandbox):
    a, b = shared.urls
    token, browser = sandbox.token_for("DEMO-0009100012"), visitor(4)
    answers = [thank_you(browser, portal, token).status_code for portal in (a, b) * 5]
    assert answers == [200] * 10
    assert thank_you(browser, a, token).status_code == 429  # the 11th of 10 a minute, counted across both
    assert thank_you(browser, b, token).status_code == 429


def test_the_visitor_call_budget_is_shared(shared, sandbox):
    a, b = shared.urls
    browser = visitor(5)
    tokens = [entry["order_token"] for entry in sandbox.tokens()]
    spent_on = {a: 0, b: 0}
    while sum(spent_on.values()) < int(ENV["ULTRACART_CALLS_PER_VISITOR_MINUTE"]):
        portal = (a, b)[len(tokens) % 2]
        before = len(sandbox.requests())
        assert thank_you(browser, portal, tokens.pop()).status_code == 200
        spent_on[portal] += len(sandbox.requests()) - before
    assert spent_on[a] and spent_on[b]  # both processes spent part of the allowance
    spent = len(sandbox.requests())
    assert spent == int(ENV["ULTRACART_CALLS_PER_VISITOR_MINUTE"])
    for portal in (a, b):
        refused = thank_you(browser, portal, tokens.pop())
        assert refused.status_code != 200  # the allowance is spent, whichever process counted it
    assert len(sandbox.requests()) == spent  # and UltraCart was not asked


def test_the_circuit_breaker_is_shared(shared, sandbox):
    a, b = shared.urls
    sandbox.fault(status=503, operations=["getOrderByToken"])
    first, second, third = (
        sandbox.token_for(order_id) for order_id in ("DEMO-0009100007", "DEMO-0009100011", "DEMO-0009100006")
    )
    assert thank_you(visitor(6), a, first).status_code == 503
    assert thank_you(visitor(7), a, second).status_code == 503  # 2 failures: A opens the breaker
    asked = sandbox.operations().count("getOrderByToken")
    assert asked == 2
    assert thank_you(visitor(8), b, third).status_code == 503
    assert sandbox.operations().count("getOrderByToken") == asked  # B did not ask: the breaker is open for it
    sandbox.clear_faults()
    time.sleep(1.2)  # the cool-down: one probe is let through, and it succeeds
    assert thank_you(visitor(9), b, third).status_code == 200


def test_a_merchant_settings_change_is_seen_by_both_at_once(shared, sandbox):
    a, b = shared.urls
    for portal in (a, b):  # each has read (and cached) the settings before the change
        assert "Demo Store" in requests.get(f"{portal}/", timeout=30).text
    update = (
        "from portal.merchant.settings_records import portal_settings_update\n"
        "portal_settings_update(changes={{'store_name': {name!r}}}, actor='scale-out test')\n"
    )
    shared.manage("shell", "-c", update.format(name="Harbor Coffee"))
    try:
        for portal in (a, b):
            page = requests.get(f"{portal}/", timeout=30).text
            assert "Harbor Coffee" in page and "Demo Store" not in page
    finally:
        shared.manage("shell", "-c", update.format(name="Demo Store"))
