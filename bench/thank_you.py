"""The thank-you page through the whole portal: time and UltraCart calls, cold and warm.

Cold: empty cache; the view pays getOrderByToken and format. Warm: the shopper reloads (cache hit, no call).
Calls are counted in the sandbox's request log, the way UltraCart would count them.

    .venv/bin/python bench/thank_you.py [--repeat 50]
"""

import argparse
import statistics
import time
from typing import Any
from urllib.parse import quote

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from portal.sandbox.server import start_in_thread

ORDER_ID = "DEMO-0009100012"


def control(base: str, path: str) -> list[dict[str, Any]]:
    """GET from the sandbox's control API (the request log, the demo tokens)."""
    entries: list[dict[str, Any]] = requests.get(f"{base}/_control/{path}", timeout=5).json()
    return entries


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
    server = start_in_thread(port=0)
    base = f"http://127.0.0.1:{server.server_port}"
    settings.ULTRACART_BASE_URL = f"{base}/rest/v2"
    settings.PORTAL_THANK_YOU_RATE = "100000/m"
    token = next(t["order_token"] for t in control(base, "tokens") if t["order_id"] == ORDER_ID)
    url = f"/thank-you/?OrderToken={quote(token, safe='')}"

    # First request of the process (imports, template compilation) is not what a shopper pays each time.
    first_ms = timed(Client(), url)
    cache.clear()
    requests.delete(f"{base}/_control/requests", timeout=5)
    client = Client()
    cold_ms = timed(client, url)
    cold_calls = [entry["operation"] for entry in control(base, "requests")]
    warm = [timed(client, url) for _ in range(args.repeat)]
    warm_calls = len(control(base, "requests")) - len(cold_calls)
    receipt_ms = timed(client, f"/orders/{ORDER_ID}/")
    receipt_calls = len(control(base, "requests")) - len(cold_calls) - warm_calls
    server.shutdown()

    warm_ms = statistics.median(warm)
    print(f"thank-you page for {ORDER_ID}")
    print(f"first:   {first_ms:7.1f} ms  (first request of a fresh process: imports, templates)")
    print(f"cold:    {cold_ms:7.1f} ms  ({len(cold_calls)} UltraCart calls: {', '.join(cold_calls)})")
    print(f"warm:    {warm_ms:7.1f} ms  (median of {args.repeat} reloads, {warm_calls} UltraCart calls)")
    print(f"receipt: {receipt_ms:7.1f} ms  (/orders/<id>/ afterwards, {receipt_calls} UltraCart calls)")


if __name__ == "__main__":
    main()
