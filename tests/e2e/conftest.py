"""What every browser test shares: one headless Chromium per module, and Django's ORM beside Playwright."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module", autouse=True)
def _sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
    # sync. Allowed for browser modules only, so no other test runs without Django's async-safety check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _links_to_the_live_server(request, settings):
    """Emailed links and UltraCart's return link are built from PORTAL_BASE_URL: the browser's server here."""
    if "live_server" in request.fixturenames:
        settings.PORTAL_BASE_URL = request.getfixturevalue("live_server").url
