"""The thank-you page through the whole portal: time and UltraCart calls, cold and warm.

Cold: empty cache; the view pays getOrderByToken and format. Warm: the shopper reloads (cache hit, no call).
Calls are counted in the sandbox's request log, the way UltraCart would count them. For the cold ratio the
sandbox answers every call 100 ms late (a fault), so the floor is 2 x 100 ms: what UltraCart's round trips
alone cost; the ratio says how much the portal adds on top. Django's test client, in-process.

    .venv/bin/python bench/thank_you.py [--repeat 50]
"""

import argparse
import statistics
import time
from typing import Any
from urllib.parse import quote

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
import requests
from _servers import sandbox_process
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

ORDER_ID = "DEMO-0009100012"
LATENCY_MS = 100
COLD_RUNS = 7


def control(base: str, path: str) -> list[dict[str, Any]]:
    """GET from the sandbox's control API (the request log, the demo tokens)."""
    entries: list[dict[str, Any]] = requests.get(f"{base}/_control/{path}", timeout=5).json()
    return entries


def new_visitor(server: Client) -> Client:
    """A shopper who has never been here (no cookies), served by the same warm server (Django's handler
    with its middleware built once, as in a gunicorn worker): a new Client() would build the middleware
    again, and WhiteNoise's scan of the static files alone would be counted as the page's time."""
    server.cookies.clear()
    return server


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"unexpected answer: {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="warm views to time (median reported)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with sandbox_process() as base:
        measure(base, repeat=args.repeat)


def measure(base: str, *, repeat: int) -> None:
    settings.ULTRACART_BASE_URL = f"{base}/rest/v2"
    settings.PORTAL_THANK_YOU_RATE = "100000/m"
    token = next(t["order_token"] for t in control(base, "tokens") if t["order_id"] == ORDER_ID)
    url = f"/thank-you/?OrderToken={quote(token, safe='')}"

    # First request of the process (imports, template compilation) is not what a shopper pays each time.
    server = Client()
    first_ms = timed(server, url)
    cold_fast = []
    for _ in range(COLD_RUNS):
        cache.clear()
        cold_fast.append(timed(new_visitor(server), url))
    requests.post(f"{base}/_control/faults", json={"latency_ms": LATENCY_MS}, timeout=5).raise_for_status()
    cold_slow = []
    for _ in range(COLD_RUNS):
        cache.clear()
        requests.delete(f"{base}/_control/requests", timeout=5)
        cold_slow.append(timed(new_visitor(server), url))
    cold_calls = [entry["operation"] for entry in control(base, "requests")]
    floor_ms = LATENCY_MS * len(cold_calls)
    client = Client()
    timed(client, url)  # this client's first view (a cache hit now): its session gets the order's grant
    requests.delete(f"{base}/_control/faults", timeout=5)
    requests.delete(f"{base}/_control/requests", timeout=5)
    warm = [timed(client, url) for _ in range(repeat)]
    warm_calls = len(control(base, "requests"))
    timed(client, f"/orders/{ORDER_ID}/")
    receipt = [timed(client, f"/orders/{ORDER_ID}/") for _ in range(repeat)]
    receipt_calls = len(control(base, "requests")) - warm_calls

    warm_ms, slow_ms = statistics.median(warm), statistics.median(cold_slow)
    print(f"thank-you page for {ORDER_ID} (Django test client, in-process)")
    print(f"first:   {first_ms:7.1f} ms  (first request of a fresh process without the start-up warm-up)")
    print(
        f"cold:    {statistics.median(cold_fast):7.1f} ms  (median of {COLD_RUNS}, sandbox without latency)"
    )
    print(
        f"cold:    {slow_ms:7.1f} ms  (median of {COLD_RUNS}, sandbox {LATENCY_MS} ms per call; "
        f"{len(cold_calls)} calls: {', '.join(cold_calls)})"
    )
    print(f"  floor: {floor_ms:7.1f} ms  ({len(cold_calls)} x {LATENCY_MS} ms)   ratio cold/floor "
          f"{slow_ms / floor_ms:.2f}  (target <= 1.10)")  # fmt: skip
    print(f"warm:    {warm_ms:7.2f} ms  (median of {repeat} reloads, {warm_calls} UltraCart calls)")
    print(
        f"receipt: {statistics.median(receipt):7.2f} ms  (/orders/<id>/ warm, median of {repeat}, "
        f"{receipt_calls} UltraCart calls; target <= 3 ms)"
    )


if __name__ == "__main__":
    main()
