"""axe-core in a Playwright page (axe-playwright-python bundles axe; no download): serious or critical fails.

Any browser journey can call `axe_check(page)` after it has rendered a page.
"""

import json

from axe_playwright_python.sync_playwright import Axe

FAILING_IMPACTS = frozenset({"serious", "critical"})
_AXE_SCRIPT = Axe().axe_script


def axe_findings(
    page, *, impacts: frozenset[str] = FAILING_IMPACTS, skip_rules: tuple[str, ...] = ()
) -> list[str]:
    """One line per failing rule: "rule-id (impact): help; first targets"."""
    # Playwright evaluates through the DevTools protocol, so the page's strict CSP does not block axe.
    # Injected once per document: a second check after a viewport resize reuses it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE_SCRIPT)
    rules = {rule: {"enabled": False} for rule in skip_rules}
    # preload off: axe's own style sheet fetch resolves @import against the page and asks for missing files.
    options = json.dumps({"resultTypes": ["violations"], "rules": rules, "preload": False})
    response = page.evaluate(f"axe.run(document, {options})")
    findings = []
    for violation in response.get("violations", []):
        if violation.get("impact") in impacts:
            targets = [" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])[:3]]
            findings.append(f"{violation['id']} ({violation['impact']}): {violation['help']}; {targets}")
    return findings


def axe_check(page, *, skip_rules: tuple[str, ...] = ()) -> None:
    """Fails on serious or critical findings. `skip_rules` only for a rule this page already passed under
    the same conditions (e.g. colour contrast after a viewport resize that changes no colour or font)."""
    findings = axe_findings(page, skip_rules=skip_rules)
    assert not findings, f"axe on {page.url}:\n" + "\n".join(findings)


WIDTHS = (375, 1280)


def axe_findings_at_widths(page, *, widths: tuple[int, ...] = WIDTHS) -> list[str]:
    """axe_findings at each width (phone and desktop), each line prefixed with the width."""
    found: list[str] = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        found.extend(f"{width}px {finding}" for finding in axe_findings(page))
    return found
