"""What every page of a browser journey is checked for, in one place: axe-core at 375 and 1280 px (serious or
critical fails), no CSP violation, no script error; and, with `PORTAL_SCREENSHOTS=1`, its screenshot at both
widths in docs/screenshots/ (committed; regenerate them after a visible change).
"""

import os
from pathlib import Path

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.axe import WIDTHS, axe_findings
from tests.sessions import client_sign_in

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Collects CSP violations the page reports to itself (console errors catch them too; this names the rule).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def screenshots_wanted() -> bool:
    return os.environ.get("PORTAL_SCREENSHOTS") == "1"


class Journey:
    """One browser tab through several pages. `check(name)` after each page has rendered; `assert_clean()` at
    the end fails with every finding of every page at once (so one run names them all)."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.page.add_init_script(CSP_LISTENER)
        self.findings: dict[str, list[str]] = {}
        self.errors: list[str] = []
        self.visited: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def check(
        self,
        name: str,
        *,
        screenshot: str | None = None,
        widths: tuple[int, ...] = WIDTHS,
        no_sideways_scroll: bool = False,
    ) -> None:
        """`no_sideways_scroll`: also a finding when the page is wider than the viewport at a width."""
        page = self.page
        self.visited.append(name)
        found = [f"CSP: {v}" for v in page.evaluate("window.__cspViolations || []")]
        viewport = page.viewport_size
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            found.extend(f"{width}px {finding}" for finding in axe_findings(page))
            scroll = page.evaluate("document.documentElement.scrollWidth") if no_sideways_scroll else 0
            if scroll > width:
                found.append(f"{width}px: {scroll} px wide, it scrolls sideways")
            if screenshot and screenshots_wanted() and width in WIDTHS:
                SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOT_DIR / f"{screenshot}-{width}.png", full_page=True)
        if viewport:
            page.set_viewport_size(viewport)
        if found:
            self.findings[name] = found

    def assert_clean(self) -> None:
        assert self.findings == {}, "\n".join(f"{k}: {v}" for k, v in self.findings.items())
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


def signed_in_journey(browser: Browser, live_server, email: str, **options) -> Journey:
    """A tab whose session already holds `email` as verified (sign-in itself is tested in its own journey)."""
    client = client_sign_in(Client(), email)
    options.setdefault("viewport", {"width": 375, "height": 900})
    context = browser.new_context(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return Journey(context)
