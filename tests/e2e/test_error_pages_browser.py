"""Every error page a customer can meet, provoked the way a customer would meet it, in headless Chromium:
axe at 375 and 1280 px, the branded page, the status, and a way on.

400 a mangled thank-you link, 404 a mistyped address, 429 one thank-you look-up too many, 503 UltraCart
failing (its automatic retry: test_unavailable_retry_browser.py), 500 a bug (a test-only view that raises,
tests/e2e/urls.py: no honest request makes the portal itself fail).
"""

from urllib.parse import quote

import pytest
from django.utils import translation

from portal.core.errors import ERROR_COPY
from tests.e2e.journey import Journey
from tests.test_order_spanish import english_in, read_aloud

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ORDER = "DEMO-0009100012"


def visit(journey: Journey, url: str, *, status: int, title: str, name: str) -> None:
    response = journey.page.goto(url)
    assert response is not None and response.status == status, url
    assert journey.page.get_by_role("heading", level=1).inner_text() == title
    assert journey.page.get_by_role("link", name="Go to the start page").is_visible()
    assert "support@example.com" in journey.page.inner_text("main")
    journey.check(name, screenshot=f"error-{status}")


@pytest.mark.urls("tests.e2e.urls")
def test_every_error_page_in_the_browser(browser, live_server, sandbox, settings):
    settings.PORTAL_THANK_YOU_RATE = "2/m"  # thank-you look-ups per client address per minute
    settings.ULTRACART_MAX_ATTEMPTS = 1
    journey = Journey(browser.new_context(viewport={"width": 375, "height": 900}))
    base = live_server.url

    visit(journey, f"{base}/thank-you/?OrderToken=not%20a%20token!", status=400,
          title="That link doesn't look right", name="400 mangled token")  # fmt: skip
    visit(journey, f"{base}/ordres/{ORDER}/", status=404, title="We couldn't find that page", name="404")
    # 503: UltraCart answers 503 to the one attempt; the page says it will try again by itself.
    sandbox.fault(status=503, operations=["getOrderByToken"], count=1)
    token = quote(sandbox.token_for(ORDER), safe="")
    visit(journey, f"{base}/thank-you/?OrderToken={token}", status=503,
          title="We're still loading your order", name="503 thank-you")  # fmt: skip
    assert "try again automatically" in journey.page.locator("[data-retry]").inner_text()
    # 429: the second look-up this minute shows the order, the third is refused.
    assert journey.page.goto(f"{base}/thank-you/?OrderToken={token}").status == 200
    visit(journey, f"{base}/thank-you/?OrderToken={token}", status=429, title="Too many tries", name="429")
    visit(journey, f"{base}/_tests/broken/", status=500, title="Something went wrong on our side", name="500")
    assert "RuntimeError" not in journey.page.content()
    assert journey.visited == ["400 mangled token", "404", "503 thank-you", "429", "500"]
    journey.assert_clean()
    journey.close()


@pytest.mark.urls("tests.e2e.urls")
def test_the_error_pages_speak_spanish_to_a_spanish_browser(browser, live_server, sandbox, settings):
    settings.PORTAL_THANK_YOU_RATE = "1/m"
    journey = Journey(browser.new_context(viewport={"width": 375, "height": 900}, locale="es-ES"))
    page, base = journey.page, live_server.url
    not_ours = ["Demo Store", "support@example.com", "English"]  # the merchant's, and a language's own name
    token = quote(sandbox.token_for(ORDER), safe="")
    page.goto(f"{base}/thank-you/?OrderToken={token}")  # the one look-up this minute: the next is a 429
    english: dict[int, set[str]] = {}
    for url, status in (
        (f"/thank-you/?OrderToken={token}", 429),  # first: the limit's minute must not end in between
        ("/thank-you/?OrderToken=not%20a%20token!", 400),
        ("/ordres/", 404),
        ("/_tests/broken/", 500),
    ):
        response = page.goto(f"{base}{url}")
        assert response is not None and response.status == status
        assert page.locator("html").get_attribute("lang") == "es"
        with translation.override("es"):
            assert page.get_by_role("heading", level=1).inner_text() == str(ERROR_COPY[status].title)
        if found := english_in(read_aloud(page.content()), not_ours=not_ours):
            english[status] = found
        journey.check(f"{status} in Spanish")
    assert english == {}
    journey.assert_clean()
    journey.close()
