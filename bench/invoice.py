"""Cold and warm invoice downloads through the whole portal, next to a bare WeasyPrint table of 25 rows.

The process is warmed up first as a gunicorn worker is (portal_warm_up: views imported, templates compiled).
Cold: empty cache, so the request pays one UltraCart call (the order) and one WeasyPrint render. The first
render of a process also registers the invoice fonts with its font configuration (gunicorn workers do that
in post_worker_init, before serving); later renders reuse it.
Warm: the same download again, served from the cache (no UltraCart call, no render).
Bare: WeasyPrint alone rendering a plain 25-row table (system font, no style sheet), median of 5.

    .venv/bin/python bench/invoice.py [--repeat 20]
"""

import argparse
import statistics
import time

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
from _servers import sandbox_process
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from portal.core.identity import SESSION_KEY as IDENTITY_KEY
from portal.core.warmup import portal_warm_up

ORDER_ID, ONE_LINE = "DEMO-0009100008", "DEMO-0009100012"
CUSTOMER = "jane.doe@example.com"
BARE_ROWS = "".join(
    f"<tr><td>Item {n}</td><td>Description {n}</td><td>{n}</td><td>$1{n}.00</td></tr>" for n in range(25)
)
BARE_HTML = f"<html><body><h1>Invoice</h1><table>{BARE_ROWS}</table></body></html>"


def sandbox_requests(base: str) -> int:
    import requests

    return len(requests.get(f"{base}/_control/requests", timeout=5).json())


def bare_table_ms() -> float:
    from weasyprint import HTML

    HTML(string=BARE_HTML).write_pdf()
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        HTML(string=BARE_HTML).write_pdf()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def timed_get(client: Client, order_id: str = ORDER_ID) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(f"/orders/{order_id}/invoice.pdf")
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
        raise SystemExit(f"unexpected answer: {response.status_code}")
    return elapsed, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm downloads to time (median reported)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    with sandbox_process() as base:
        measure(base, repeat=args.repeat)


def measure(base: str, *, repeat: int) -> None:
    with override_settings(
        ULTRACART_BASE_URL=f"{base}/rest/v2",
        ULTRACART_API_KEY="sandbox-key",
        PORTAL_INVOICE_SOURCE="portal",
    ):
        cache.clear()
        client = Client()
        session = client.session
        session[IDENTITY_KEY] = CUSTOMER  # signed in as the order's owner
        session.save()
        assert session.session_key is not None  # save() gave the new session its key
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

        portal_warm_up()
        client.get("/account/")  # a page first, as a worker that has served others
        calls_before = sandbox_requests(base)
        first_ms, size = timed_get(client)
        cold_calls = sandbox_requests(base) - calls_before
        one_line = []
        cold = []
        for _ in range(3):
            cache.clear()
            one_line.append(timed_get(client, ONE_LINE)[0])
            cold.append(timed_get(client)[0])
        calls_before = sandbox_requests(base)
        warm = [timed_get(client)[0] for _ in range(repeat)]
        warm_calls = sandbox_requests(base) - calls_before
    bare_ms = bare_table_ms()

    warm_ms, cold_ms, one_ms = statistics.median(warm), statistics.median(cold), statistics.median(one_line)
    print(f"invoice {ORDER_ID} (25 lines), {size / 1024:.0f} KiB PDF; {ONE_LINE} has 1 line")
    print(f"bare WeasyPrint 25-row table: {bare_ms:8.1f} ms  (median of 5)")
    print(
        f"cold, first invoice of the process: {first_ms:8.1f} ms  = {first_ms / bare_ms:.1f}x bare  "
        f"({cold_calls} UltraCart call; it registers the fonts: gunicorn workers do so before serving)"
    )
    print(f"cold, 25 lines: {cold_ms:8.1f} ms  = {cold_ms / bare_ms:.1f}x bare  (median of 3; target <= 3x)")
    print(f"cold, 1 line:   {one_ms:8.1f} ms  (median of 3; target < 400 ms)")
    print(f"warm: {warm_ms:8.1f} ms  (median of {repeat}, {warm_calls} UltraCart calls, no render)")


if __name__ == "__main__":
    main()
