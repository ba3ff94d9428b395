"""How long parsing a fully expanded order into the typed model takes, per order.

Uses UltraCart's getOrdersByQuery sample (nearly every expansion, 2 orders with long PayPal transaction
details). Run: .venv/bin/python bench/client_parse.py
"""

import json
import sys
import time
from pathlib import Path

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


if __name__ == "__main__":
    main()
