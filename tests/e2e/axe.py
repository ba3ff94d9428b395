"""axe-core (bundled by axe-playwright-python, no download) on a page at phone and desktop width."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WIDTHS = (375, 1280)
_axe = Axe()


def axe_serious_violations(page: Page) -> list[str]:
    """Serious and critical findings at both widths, as "rule-id: target" strings (empty when clean)."""
    found: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = _axe.run(page)
        for violation in results.response["violations"]:
            if violation.get("impact") in ("serious", "critical"):
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                found.append(f"{width}px {violation['id']}: {targets}")
    return found
