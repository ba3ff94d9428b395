"""In headless Chromium the busy page (503) reloads by itself, with backoff, and pauses in a hidden tab.

UltraCart (the sandbox) fails twice, then answers: the shopper sees the order without touching anything.
Playwright's clock runs the page's timers, so the 10 s and 20 s waits take milliseconds.
"""

from urllib.parse import quote

import pytest

from tests.e2e.journey import CSP_LISTENER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORDER = "DEMO-0009100012"
SET_HIDDEN = "hidden => Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden})"


def test_the_busy_page_tries_again_by_itself_until_the_order_shows(browser, live_server, sandbox, settings):
    settings.ULTRACART_MAX_ATTEMPTS = 1  # one UltraCart attempt per view, so "fails twice" is two views
    sandbox.fault(status=503, operations=["getOrderByToken"], count=2)
    token = sandbox.token_for(ORDER)
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    page.clock.install()
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "/thank-you/" in r.url else None)

    page.goto(f"{live_server.url}/thank-you/?OrderToken={quote(token, safe='')}")
    notice = page.locator("[data-retry]")
    assert notice.inner_text() == "We’ll try again automatically in 10 seconds."
    page.clock.run_for(3_000)
    assert notice.inner_text() == "We’ll try again automatically in 7 seconds."
    assert page.evaluate("window.__cspViolations") == []

    with page.expect_navigation():
        page.clock.run_for(8_000)
    # Still failing: the second wait is twice as long.
    assert statuses == [503, 503]
    assert notice.inner_text() == "We’ll try again automatically in 20 seconds."

    # A background tab does not count down (nor reload) until it is shown again.
    page.evaluate(SET_HIDDEN, True)
    page.clock.run_for(60_000)
    assert statuses == [503, 503]
    assert notice.inner_text() == "We’ll try again automatically in 20 seconds."
    page.evaluate(SET_HIDDEN, False)
    with page.expect_navigation():
        page.clock.run_for(21_000)

    assert statuses == [503, 503, 200]
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Jane"
    # The attempt count is kept per path: the token never goes into storage.
    stored = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    assert "portal:retry:/thank-you/" in stored and token.split(":")[1][:10] not in stored
    context.close()


def test_try_again_reloads_at_once(browser, live_server, sandbox, settings):
    settings.ULTRACART_MAX_ATTEMPTS = 1
    sandbox.fault(status=503, operations=["getOrderByToken"], count=1)
    token = sandbox.token_for(ORDER)
    context = browser.new_context()
    page = context.new_page()
    assert page.goto(f"{live_server.url}/thank-you/?OrderToken={quote(token, safe='')}").status == 503
    with page.expect_navigation():
        page.get_by_role("link", name="Try again").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Jane"
    context.close()
