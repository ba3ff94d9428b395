"""Cold and warm download times of the 25-line demo invoice (DEMO-0009100008), through the whole portal.

Cold: empty cache, so the request pays one UltraCart call (the order) and one WeasyPrint render.
Warm: the same download again, served from the cache (no UltraCart call, no render).

    .venv/bin/python bench/invoice.py [--repeat 20]
"""

import argparse
import statistics
import time

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings

from portal.accounts.identity import SESSION_KEY as IDENTITY_KEY
from portal.sandbox.server import start_in_thread

ORDER_ID = "DEMO-0009100008"
CUSTOMER = "jane.doe@example.com"
URL = f"/orders/{ORDER_ID}/invoice.pdf"


def sandbox_requests(base: str) -> int:
    import requests

    return len(requests.get(f"{base}/_control/requests", timeout=5).json())


def timed_get(client: Client) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(URL)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
        raise SystemExit(f"unexpected answer: {response.status_code}")
    return elapsed, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm downloads to time (median reported)")
    args = parser.parse_args()

    server = start_in_thread(port=0)
    base = f"http://127.0.0.1:{server.server_port}"
    # Sessions in the cache: the benchmark needs no database.
    with override_settings(
        ULTRACART_BASE_URL=f"{base}/rest/v2",
        ULTRACART_API_KEY="sandbox-key",
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        PORTAL_INVOICE_SOURCE="portal",
    ):
        cache.clear()
        client = Client()
        session = client.session
        session[IDENTITY_KEY] = CUSTOMER  # signed in as the order's owner
        session.save()
        assert session.session_key is not None  # save() gave the new session its key
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

        calls_before = sandbox_requests(base)
        cold_ms, size = timed_get(client)
        cold_calls = sandbox_requests(base) - calls_before
        warm = [timed_get(client)[0] for _ in range(args.repeat)]
        warm_calls = sandbox_requests(base) - calls_before - cold_calls
    server.shutdown()

    warm_ms = statistics.median(warm)
    print(f"invoice {ORDER_ID} (25 lines), {size / 1024:.0f} KiB PDF")
    print(f"cold: {cold_ms:8.1f} ms  ({cold_calls} UltraCart call(s), 1 render)")
    print(f"warm: {warm_ms:8.1f} ms  (median of {args.repeat}, {warm_calls} UltraCart calls, no render)")
    print(f"cold/warm: {cold_ms / warm_ms:.0f}x")


if __name__ == "__main__":
    main()
