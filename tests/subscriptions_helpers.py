"""Helpers for the subscription tests: the raw auto order JSON, and driving an action through its pages."""

import re
from typing import Any

from django.test import Client

from tests.sandbox_control import SandboxControl

JANE = "jane.doe@example.com"
ACTIVE, PAUSED, CANCELED, FAILED = 5001, 5002, 5003, 5004


def raw_auto_order(sandbox: SandboxControl, oid: int) -> dict[str, Any]:
    """The whole auto order as UltraCart stores it (items expanded, derived schedules left out)."""
    body = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": "items"}).json()
    raw = body["auto_order"]
    for item in raw.get("items", []):
        item.pop("future_schedules", None)
    return raw


def changed_fields(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> set[str]:
    """Dotted paths of every field that differs (items by position)."""
    changed: set[str] = set()
    for key in set(before) | set(after):
        a, b = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if isinstance(a, dict) and isinstance(b, dict):
            changed |= changed_fields(a, b, f"{path}.")
        elif (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(isinstance(x, dict) for x in a + b)
        ):
            for x, y in zip(a, b, strict=True):
                changed |= changed_fields(x, y, f"{path}[].")
        elif a != b:
            changed.add(path)
    return changed


def review_token(client: Client, url: str, data: dict[str, Any] | None = None) -> str:
    """Open the action page (and the review step when there is a form); return the one-time token."""
    response = client.get(url) if data is None else client.post(url, {"step": "review", **data})
    assert response.status_code == 200, response.content.decode()[:2000]
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form on the page"
    return match.group(1)


def confirm(client: Client, url: str, data: dict[str, Any] | None = None, token: str | None = None):
    token = token or review_token(client, url, data)
    return client.post(url, {"step": "confirm", "token": token, **(data or {})})
