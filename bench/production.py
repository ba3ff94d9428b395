"""The pages as production serves them: `gunicorn -c portal/gunicorn.conf.py portal.wsgi` on PostgreSQL +
Redis, the sandbox (a process of its own) as UltraCart. Every figure is a ratio measured in this one run.

- Cold thank-you, sandbox 100 ms per call: a new shopper, nothing of the order cached, against the floor:
  the same two UltraCart calls (getOrderByToken, format) made directly, in this run, over one kept-alive
  connection as the portal's are.
- Warm order page: the server's own time per request (our request log's duration, sequential requests).
- Invoice, 25 lines, first download in a warm worker (order cached, PDF not): against a bare WeasyPrint
  25-row table rendered in this process, both measured in this run.

Own database and Redis db (BENCH_DATABASE_URL, BENCH_CACHE_URL, as bench/load.py); wrk figures are there.

    .venv/bin/python bench/production.py [--repeat 7]
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import redis
import requests
from _servers import gunicorn_ready, sandbox_process
from load import CACHE_URL, DATABASE_URL, database_ensure, portal_environment

os.environ.update(DATABASE_URL=DATABASE_URL, CACHE_URL=CACHE_URL)
os.environ["SECRET_KEY"] = portal_environment("")["SECRET_KEY"]  # sessions made here must verify there
import _setup  # noqa: F401 - Django on the benchmark's database, to make a signed-in session
from django.conf import settings
from django.core.management import call_command
from invoice import bare_table_ms

from portal.ultracart.client import API_VERSION
from portal.ultracart.orders import ORDER_EXPANSION, RECEIPT_FORMAT, _order_path

ORDER_ID, INVOICE_ORDER, EMAIL = "DEMO-0009100012", "DEMO-0009100008", "jane.doe@example.com"
LATENCY_MS = 100


def signed_in_cookie() -> str:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["customer_email"] = EMAIL
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def forget_ultracart_answers(cache: redis.Redis, *patterns: str) -> None:
    """Drop cached UltraCart answers (fresh and stale) and PDFs; sessions, settings and limits stay."""
    for pattern in patterns:
        for key in cache.scan_iter(pattern):
            cache.delete(key)


def direct_calls_ms(api: str, token: str) -> float:
    """The thank-you page's two UltraCart calls, made directly with requests."""
    headers = {"X-UltraCart-Api-Version": API_VERSION, "x-ultracart-simple-key": "sandbox-key"}
    with requests.Session() as upstream:
        upstream.get(f"{api}/order/orders/{ORDER_ID}", headers=headers, timeout=10)  # connect first
        started = time.perf_counter()
        query = {"_expand": ORDER_EXPANSION}
        by_token = upstream.post(
            f"{api}/order/orders/token",
            params=query,
            json={"order_token": token},
            headers=headers,
            timeout=10,
        )
        by_token.raise_for_status()
        path = _order_path(ORDER_ID, "/format", operation="format")
        upstream.post(f"{api}{path}", json=RECEIPT_FORMAT, headers=headers, timeout=10).raise_for_status()
        return (time.perf_counter() - started) * 1000


def server_ms(log: Path, route: str) -> list[float]:
    durations = []
    for line in log.read_text(errors="replace").splitlines():
        if '"route": "' + route + '"' in line:
            durations.append(float(json.loads(line[line.index("{") :])["duration_ms"]))
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    database_ensure(DATABASE_URL)
    cache = redis.Redis.from_url(CACHE_URL)
    cache.flushdb()  # this benchmark's own db only
    call_command("migrate", verbosity=0)
    cookie = signed_in_cookie()
    with sandbox_process() as sandbox, tempfile.TemporaryDirectory() as tmp:
        # One address plays every shopper here: the per-visitor and per-minute limits would refuse it.
        unlimited = {"PORTAL_THANK_YOU_RATE": "100000/m", "ULTRACART_CALLS_PER_VISITOR_MINUTE": "100000",
                     "ULTRACART_CALLS_PER_HOUR": "100000"}  # fmt: skip
        env = {**portal_environment(f"{sandbox}/rest/v2"), **unlimited}
        log = Path(tmp) / "log"
        with gunicorn_ready({**env, "LOG_LEVEL": "INFO"}, log) as portal:
            measure(portal, sandbox, log, cookie, cache, repeat=args.repeat)


def measure(portal: str, sandbox: str, log: Path, cookie: str, cache: redis.Redis, *, repeat: int) -> None:
    token = next(t["order_token"] for t in requests.get(f"{sandbox}/_control/tokens", timeout=10).json()
                 if t["order_id"] == ORDER_ID)  # fmt: skip
    thank_you = f"{portal}/thank-you/?OrderToken={quote(token, safe='')}"
    requests.get(thank_you, timeout=30).raise_for_status()  # the first view of the order (its record)
    requests.post(f"{sandbox}/_control/faults", json={"latency_ms": LATENCY_MS}, timeout=5).raise_for_status()
    cold, floor = [], []
    for _ in range(repeat):
        forget_ultracart_answers(cache, "*uc:v2:*")
        started = time.perf_counter()
        requests.get(thank_you, timeout=30).raise_for_status()  # a new shopper: no cookie
        cold.append((time.perf_counter() - started) * 1000)
        floor.append(direct_calls_ms(f"{sandbox}/rest/v2", token))
    requests.delete(f"{sandbox}/_control/faults", timeout=5)

    shopper = requests.Session()
    shopper.get(thank_you, timeout=30).raise_for_status()
    order_page = f"{portal}/orders/{ORDER_ID}/"
    shopper.get(order_page, timeout=30).raise_for_status()
    before = len(server_ms(log, "/orders/<str:order_id>/"))
    requests.delete(f"{sandbox}/_control/requests", timeout=5)
    for _ in range(200):
        shopper.get(order_page, timeout=30).raise_for_status()
    time.sleep(0.3)  # the log lines of the last requests
    warm = server_ms(log, "/orders/<str:order_id>/")[before:]
    warm_calls = len(requests.get(f"{sandbox}/_control/requests", timeout=5).json())

    invoice_url = f"{portal}/orders/{INVOICE_ORDER}/invoice.pdf"
    signed_in = requests.Session()
    signed_in.headers["Cookie"] = cookie
    signed_in.get(invoice_url, timeout=30).raise_for_status()  # the order is cached, the worker warm
    invoice = []
    for _ in range(3):
        forget_ultracart_answers(cache, "*invoice:pdf:*")
        started = time.perf_counter()
        answer = signed_in.get(invoice_url, timeout=30)
        invoice.append((time.perf_counter() - started) * 1000)
        if not answer.content.startswith(b"%PDF-"):
            raise SystemExit(f"no invoice: {answer.status_code}")
    bare = bare_table_ms()

    report(cold=cold, floor=floor, warm=warm, warm_calls=warm_calls, invoice=invoice, bare=bare)


def report(
    *,
    cold: list[float],
    floor: list[float],
    warm: list[float],
    warm_calls: int,
    invoice: list[float],
    bare: float,
) -> None:
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    print(f"gunicorn -c portal/gunicorn.conf.py ({workers} workers), PostgreSQL + Redis; sandbox apart")
    cold_ms, floor_ms = statistics.median(cold), statistics.median(floor)
    print(f"cold thank-you, sandbox {LATENCY_MS} ms per call: {cold_ms:6.1f} ms (median of {len(cold)}) "
          f"/ the same 2 calls made directly {floor_ms:6.1f} ms = {cold_ms / floor_ms:.2f}  "
          "(target <= 1.10)")  # fmt: skip
    print(f"warm order page, server time: p50 {statistics.median(warm):.1f} ms, "
          f"p99 {statistics.quantiles(warm, n=100)[98]:.1f} ms ({len(warm)} requests, {warm_calls} UltraCart "
          "calls; target p50 <= 5 ms)")  # fmt: skip
    invoice_ms = statistics.median(invoice)
    print(f"invoice, 25 lines, first download in a warm worker: {invoice_ms:6.1f} ms (median of 3) / bare "
          f"WeasyPrint 25-row table {bare:6.1f} ms = {invoice_ms / bare:.2f}  (target <= 2)")  # fmt: skip


if __name__ == "__main__":
    main()
