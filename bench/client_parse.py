"""How long parsing a fully expanded order into the typed model takes, per order, against the official SDK.

Uses UltraCart's getOrdersByQuery sample (nearly every expansion, 2 orders with long PayPal transaction
details). Both sides start from the JSON text of one order: ours is json.loads + order_from_json (which
includes the sha256 fingerprint); the SDK's (ultracart-rest-sdk, a test dependency) is
ApiClient.deserialize into its Order model, type checks on, as its OrderApi does with every response.
Run: .venv/bin/python bench/client_parse.py
"""

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Pure Python: parsing needs no Django settings.
from portal.ultracart.parsing import fingerprint_of, order_from_json

# The same sample the parsing tests read: the bench needs nothing outside the repo.
SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ultracart" / "getOrdersByQuery.json"


def main() -> None:
    raw_orders = json.loads(SAMPLE.read_text())["response"]["body"]["orders"]
    size = len(json.dumps(raw_orders[0]))
    for raw in raw_orders:  # warm up
        order_from_json(raw)
    rounds = 2000
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            for raw in raw_orders:
                order_from_json(raw)
        timings.append((time.perf_counter() - started) / (rounds * len(raw_orders)))
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    started = time.perf_counter()
    for _ in range(rounds):
        for raw in raw_orders:
            fingerprint_of(raw)
    fingerprint = (time.perf_counter() - started) / (rounds * len(raw_orders))
    print(f"order_from_json, fully expanded order (~{size / 1024:.0f} KiB of JSON, incl. sha256 fingerprint)")
    print(f"  per order: best {best * 1e6:.0f} µs, median {median * 1e6:.0f} µs over 5 x {rounds * 2} parses")
    print(f"  of which the sha256 fingerprint (canonical JSON dump + hash): {fingerprint * 1e6:.0f} µs")
    ours, sdk = from_text_ours(raw_orders), from_text_sdk(raw_orders)
    print(f"from JSON text: ours {ours * 1e6:.0f} µs, official SDK {sdk * 1e6:.0f} µs per order (best of 3)")
    print(f"  ratio SDK/ours: {sdk / ours:.1f}x  (target >= 10x)")


def _best_per_order(parse: Callable[[str], object], texts: list[str], rounds: int) -> float:
    parse(texts[0])
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                parse(text)
        best = min(best, (time.perf_counter() - started) / (rounds * len(texts)))
    return best


def from_text_ours(raw_orders: list[dict[str, Any]]) -> float:
    texts = [json.dumps(raw) for raw in raw_orders]
    return _best_per_order(lambda text: order_from_json(json.loads(text)), texts, 300)


def from_text_sdk(raw_orders: list[dict[str, Any]]) -> float:
    from ultracart import ApiClient, Configuration
    from ultracart.model.order import Order as SdkOrder

    class Response:  # what ApiClient.deserialize reads from a urllib3 response
        def __init__(self, data: str) -> None:
            self.data = data

        def getheader(self, name: str, default: str | None = None) -> str | None:
            return default

    client = ApiClient(Configuration())
    texts = [json.dumps(raw) for raw in raw_orders]
    return _best_per_order(lambda text: client.deserialize(Response(text), (SdkOrder,), True), texts, 30)


if __name__ == "__main__":
    main()
