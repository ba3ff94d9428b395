"""Injected faults: latency, error statuses, dropped connections and malformed bodies, per operation.

Every posted fault stays until DELETE /_control/faults, or, with `"count": N`, until it has applied to N
requests. All matching faults apply to a request: their latencies add up, and the first one (in the
order they were posted) that carries a `status` or `body` decides the answer.
"""

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from portal.sandbox.wire import ApiError


class DropConnection(Exception):
    """Raised to make the server close the socket without answering (fault status 0)."""


@dataclass
class Fault:
    latency_ms: int = 0
    status: int | None = None
    rate: float = 1.0
    operations: frozenset[str] = frozenset()
    body: str = ""
    count: int | None = None
    rng: random.Random = field(default_factory=lambda: random.Random(4))  # deterministic per fault

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"latency_ms": self.latency_ms, "rate": self.rate}
        shown["operations"] = sorted(self.operations)
        if self.status is not None:
            shown["status"] = self.status
        if self.body:
            shown["body"] = self.body
        if self.count is not None:
            shown["count"] = self.count
        return shown


@dataclass
class Decision:
    latency_ms: int = 0
    status: int | None = None
    body: str = ""


_KNOWN = {"latency_ms", "status", "rate", "operations", "body", "count"}
_lock = threading.Lock()
_faults: list[Fault] = []


def fault_from_json(raw: Any) -> Fault:
    if not isinstance(raw, dict):
        raise ApiError(400, "A fault is a JSON object.")
    unknown = set(raw) - _KNOWN
    if unknown:
        raise ApiError(400, f"Unknown fault fields: {', '.join(sorted(unknown))}.")
    try:
        fault = Fault(
            latency_ms=int(raw.get("latency_ms", 0)),
            status=None if raw.get("status") is None else int(raw["status"]),
            rate=float(raw.get("rate", 1.0)),
            operations=frozenset(raw.get("operations") or ()),
            body=str(raw.get("body", "")),
            count=None if raw.get("count") is None else int(raw["count"]),
        )
    except (TypeError, ValueError) as exc:
        raise ApiError(400, f"Invalid fault: {exc}") from exc
    if fault.body not in ("", "malformed"):
        raise ApiError(400, 'The only fault body is "malformed".')
    if fault.status is not None and fault.status != 0 and not 100 <= fault.status <= 599:
        raise ApiError(400, "A fault status is 0 (drop the connection) or an HTTP status.")
    if not 0.0 <= fault.rate <= 1.0 or fault.latency_ms < 0 or (fault.count is not None and fault.count < 1):
        raise ApiError(400, "rate is within 0..1, latency_ms and count are positive.")
    return fault


def fault_add(fault: Fault) -> None:
    with _lock:
        _faults.append(fault)


def faults_clear() -> None:
    with _lock:
        _faults.clear()


def faults_list() -> list[dict[str, Any]]:
    with _lock:
        return [fault.as_json() for fault in _faults]


def fault_decide(operation: str) -> Decision:
    """What the faults do to one request for `operation`; consumes counted faults."""
    decision = Decision()
    decided = False
    with _lock:
        for fault in list(_faults):
            if fault.operations and operation not in fault.operations:
                continue
            if fault.rate < 1.0 and fault.rng.random() >= fault.rate:
                continue
            decision.latency_ms += fault.latency_ms
            if not decided and (fault.status is not None or fault.body):
                decision.status, decision.body, decided = fault.status, fault.body, True
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    _faults.remove(fault)
    return decision
