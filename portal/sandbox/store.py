"""The sandbox's state: in memory, one process, guarded by one lock. Views take copies out."""

import copy
import threading
from collections import deque
from datetime import UTC, datetime
from typing import Any

from portal.sandbox import data
from portal.sandbox.shapes import MERCHANT_ID
from portal.sandbox.tokens import token_generate

REQUEST_LOG_SIZE = 20_000


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.reset()

    def reset(self) -> None:
        """Back to the demo data, with dates relative to now. Faults and the request log are kept."""
        now = datetime.now(UTC)
        built = data.build(now)
        with self.lock:
            self.started = now
            self.orders = {o["order_id"]: o for o in built["orders"]}
            self.auto_orders = {a["auto_order_oid"]: a for a in built["auto_orders"]}
            self.customers = {c["email"].lower(): c for c in built["customers"]}
            self._listed_tokens: dict[str, str] = {}

    # Orders
    def order(self, order_id: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.orders.get(order_id)
            return copy.deepcopy(found) if found else None

    def all_orders(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self.orders.values()))

    def put_order(self, order: dict[str, Any]) -> None:
        order.setdefault("merchant_id", MERCHANT_ID)
        with self.lock:
            self.orders[order["order_id"]] = copy.deepcopy(order)
            self._listed_tokens.pop(order["order_id"], None)

    def listed_token(self, order_id: str) -> str:
        """A stable token per order for /_control/tokens (generateOrderToken mints a new one per call)."""
        with self.lock:
            if order_id not in self._listed_tokens:
                self._listed_tokens[order_id] = token_generate(merchant_id=MERCHANT_ID, order_id=order_id)
            return self._listed_tokens[order_id]

    # Auto orders
    def auto_order(self, oid: int) -> dict[str, Any] | None:
        with self.lock:
            found = self.auto_orders.get(oid)
            return copy.deepcopy(found) if found else None

    def all_auto_orders(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self.auto_orders.values()))

    def put_auto_order(self, auto_order: dict[str, Any]) -> None:
        auto_order.setdefault("merchant_id", MERCHANT_ID)
        with self.lock:
            self.auto_orders[auto_order["auto_order_oid"]] = copy.deepcopy(auto_order)

    # Customers
    def customer(self, email: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.customers.get(email.strip().lower())
            return copy.deepcopy(found) if found else None

    def customer_emails(self, *, profile_oid: int) -> set[str]:
        with self.lock:
            return {key for key, c in self.customers.items() if c["customer_profile_oid"] == profile_oid}

    # Request log
    def log_request(self, entry: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.requests.append(entry)
        return entry

    def log_status(self, entry: dict[str, Any], status: int) -> None:
        """The answer's status (0: connection dropped); None until then."""
        with self.lock:
            entry["status"] = status

    def request_log(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(entry) for entry in self.requests]

    def clear_requests(self) -> None:
        with self.lock:
            self.requests.clear()


STORE = Store()
