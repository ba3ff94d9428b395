"""Load through the production server: wrk, 50 connections, against `gunicorn -c portal/gunicorn.conf.py
portal.wsgi` on PostgreSQL + Redis, for the warm order page and for /healthz; then the first request of a
freshly started server (its workers forked from a warmed-up master, the shared cache already warm).

The benchmark uses its own database and Redis db, never the tests' ones:
  BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench, created when missing)
  BENCH_CACHE_URL    (default redis://127.0.0.1:6379/9; flushed at the start: that db only)

    .venv/bin/python bench/load.py [--seconds 10] [--connections 50]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
import redis
import requests
from _servers import ROOT, gunicorn, gunicorn_ready, sandbox_process

ORDER_ID = "DEMO-0009100012"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def database_ensure(url: str) -> None:
    """CREATE DATABASE when it is missing (connecting to the server's `postgres` database to do it)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def portal_environment(api_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "ULTRACART_BASE_URL": api_url,
        "ULTRACART_API_KEY": "sandbox-key",
        "LOG_LEVEL": "WARNING",
    }


def _percentile_ms(out: str, percent: int) -> float:
    """The latency wrk gives for `percent`% in its "Latency Distribution" block, in milliseconds."""
    match = re.search(
        rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out.split("Latency Distribution", 1)[-1], re.M
    )
    if match is None:
        raise SystemExit(f"could not read the {percent}% latency from wrk:\n{out}")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[match.group(2)]


def wrk(url: str, *, seconds: int, connections: int, cookie: str) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    if os.environ.get("BENCH_VERBOSE"):
        print(out)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = _percentile_ms(out, 50), _percentile_ms(out, 99)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0), total)


def order_page_cookie(portal: str, sandbox: str) -> str:
    """Open the thank-you link once (UltraCart is asked, the order is cached, the session holds the grant)."""
    tokens = requests.get(f"{sandbox}/_control/tokens", timeout=10).json()
    token = next(entry["order_token"] for entry in tokens if entry["order_id"] == ORDER_ID)
    browser = requests.Session()
    browser.get(f"{portal}/thank-you/?OrderToken={quote(token, safe='')}", timeout=30).raise_for_status()
    browser.get(f"{portal}/orders/{ORDER_ID}/", timeout=30).raise_for_status()
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def first_request_ms(env: dict[str, str], cookie: str) -> tuple[float, float]:
    """A server started afresh with one worker; once it is ready (forked, fonts registered), the first
    request and, for comparison, the median of the next five, each on a new connection as the first was."""
    timings = []
    one_worker = {**env, "WEB_CONCURRENCY": "1"}
    with tempfile.TemporaryDirectory() as tmp, gunicorn_ready(one_worker, Path(tmp) / "log") as portal:
        for _ in range(6):
            started = time.perf_counter()
            answer = requests.get(f"{portal}/orders/{ORDER_ID}/", headers={"Cookie": cookie}, timeout=30)
            timings.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
    return timings[0], statistics.median(timings[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    database_ensure(DATABASE_URL)
    redis.Redis.from_url(CACHE_URL).flushdb()  # this benchmark's own db only
    with sandbox_process() as sandbox:
        env = portal_environment(f"{sandbox}/rest/v2")
        manage = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(manage, cwd=ROOT, env={**os.environ, **env}, check=True, timeout=300)
        with gunicorn(env) as portal:
            cookie = order_page_cookie(portal, sandbox)
            requests.delete(f"{sandbox}/_control/requests", timeout=10)
            wrk(f"{portal}/healthz", seconds=2, connections=args.connections, cookie=cookie)  # warm-up
            order = wrk(f"{portal}/orders/{ORDER_ID}/", seconds=args.seconds, connections=args.connections,
                        cookie=cookie)  # fmt: skip
            calls = len(requests.get(f"{sandbox}/_control/requests", timeout=10).json())
            health = wrk(
                f"{portal}/healthz", seconds=args.seconds, connections=args.connections, cookie=cookie
            )
        firsts = [first_request_ms(env, cookie) for _ in range(3)]
    workers, threads = os.environ.get("WEB_CONCURRENCY", "2"), os.environ.get("GUNICORN_THREADS", "8")
    print(f"wrk, {args.connections} connections, {args.seconds} s each; gunicorn -c portal/gunicorn.conf.py "
          f"({workers} workers x {threads} threads); PostgreSQL + Redis")  # fmt: skip
    for name, load in (("warm order page", order), ("/healthz", health)):
        print(f"{name:16s} {load.requests_per_second:8.1f} req/s  p50 {load.p50_ms:7.1f} ms  "
              f"p99 {load.p99_ms:7.1f} ms  errors {load.errors}  ({load.requests} requests)")  # fmt: skip
    ratio = order.requests_per_second / health.requests_per_second
    print(f"order page / healthz: {ratio:.2f}  (targets: >= 0.7, p99 <= 250 ms, 0 errors, 0 calls); "
          f"UltraCart calls during the order page run: {calls}")  # fmt: skip
    first, later = statistics.median(f for f, _ in firsts), statistics.median(n for _, n in firsts)
    print(f"first request of a fresh worker (warm shared cache): median {first:.1f} ms of 3 restarts "
          f"({', '.join(f'{f:.0f}' for f, _ in firsts)} ms); the requests after it: {later:.1f} ms; "
          "target <= 100 ms")  # fmt: skip


if __name__ == "__main__":
    main()
