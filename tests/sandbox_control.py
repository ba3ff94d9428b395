"""Drives the sandbox's control API (/_control/) over HTTP, as PRODUCT.md documents it.

Tests only: the portal never talks to the control API. UltraCart calls are counted from its request log.
"""

from dataclasses import dataclass
from typing import Any

import requests


@dataclass
class SandboxControl:
    url: str  # http://127.0.0.1:<port>, without /rest/v2

    @property
    def api_url(self) -> str:
        return f"{self.url}/rest/v2"

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        response = requests.request(method, f"{self.url}/_control/{path}", json=payload, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A raw UltraCart API call to the sandbox (for tests that need the JSON itself)."""
        headers = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}
        kwargs.setdefault("timeout", 10)
        return requests.request(method, f"{self.api_url}{path}", headers=headers, **kwargs)

    def reset(self) -> None:
        self._call("POST", "reset")

    def add_orders(self, *orders: dict[str, Any]) -> Any:
        return self._call("POST", "orders", list(orders))

    def add_auto_orders(self, *auto_orders: dict[str, Any]) -> Any:
        return self._call("POST", "auto_orders", list(auto_orders))

    def fault(self, **fault: Any) -> None:
        """latency_ms, status (0 drops the connection), rate, operations, body="malformed", count."""
        self._call("POST", "faults", fault)

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def requests(self) -> list[dict[str, Any]]:
        return self._call("GET", "requests")

    def operations(self) -> list[str]:
        return [entry["operation"] for entry in self.requests()]

    def clear_requests(self) -> None:
        self._call("DELETE", "requests")

    def tokens(self) -> list[dict[str, str]]:
        return self._call("GET", "tokens")

    def token_for(self, order_id: str) -> str:
        return next(t["order_token"] for t in self.tokens() if t["order_id"] == order_id)
