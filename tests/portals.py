"""N real portal processes (gunicorn with the repo's config), each with its own task worker (`db_worker`),
sharing one database and, when the run has one, one Redis: the production layout, on one machine.

Use the `portals` fixture (module scope: the servers start once per module):

    from tests.portals import portals  # noqa: F401 - the fixture

    pytestmark = pytest.mark.django_db  # so that pytest-django creates the test database to copy

    def test_x(portals, sandbox):
        a, b = portals.urls

The database is a copy of the test database made for the module (PostgreSQL: CREATE DATABASE ... TEMPLATE;
SQLite: VACUUM INTO a file), so what the servers write never meets the other tests; it is dropped after.
The cache is the run's CACHE_URL with a key prefix of the module's own; with local memory each process has
its own cache (`portals.shared_cache` is False) and tests of shared cache state skip.
`portals.sql(...)` reads the shared database; `portals.manage(...)` runs a management command against it.
Sign-in emails land in `portals.mail_dir` (file backend); `portals.sign_in_code()` reads the newest code.
"""

import email
import email.policy
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
COUNT = 2


@dataclass
class Portals:
    urls: list[str]
    database_url: str
    cache_url: str
    shared_cache: bool
    mail_dir: Path
    env: dict[str, str]
    prefix: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read query on the shared database (%s placeholders on both backends)."""
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(urlsplit(self.database_url).path.removeprefix("/")) as db:
                return db.execute(query.replace("%s", "?"), params).fetchall()
        with psycopg.connect(self.database_url) as db:
            return db.execute(query, params).fetchall()

    def cache_clear(self) -> None:
        """Empty the portals' shared cache (their key prefix only): limits, breaker, cached answers."""
        if self.shared_cache:
            _prefix_delete(self.cache_url, self.prefix)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def sign_in_code(self, *, after: float) -> str:
        """The code in the newest sign-in email written after `after` (time.time())."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            fresh = sorted(
                (p for p in self.mail_dir.iterdir() if p.stat().st_mtime >= after), key=os.path.getmtime
            )
            for path in reversed(fresh):
                codes = [
                    code for text in _texts(path) for code in re.findall(r"^(\d{6})\s*$", text, re.MULTILINE)
                ]
                if codes:
                    return codes[-1]
            time.sleep(0.05)
        raise AssertionError("no sign-in email arrived")


def _prefix_delete(cache_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(cache_url.split("?", 1)[0])
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


def _texts(path: Path) -> list[str]:
    """The text/plain bodies of the messages Django's file backend wrote to `path` (79 dashes apart)."""
    texts = []
    for chunk in path.read_text(errors="replace").split("-" * 79):
        if not chunk.strip():
            continue
        message = email.message_from_string(chunk.strip(), policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        if part is not None:
            texts.append(part.get_content())
    return texts


def _wait_for(url: str, process: subprocess.Popen[bytes], output: Path, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(output.read_text(errors="replace"))
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code in (200, 503):
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _database_copy(name: str, tmp: Path) -> tuple[str, Any]:
    """A copy of the (migrated) test database for the servers; returns its URL and how to drop it."""
    settings = connection.settings_dict
    test_name = settings["NAME"]  # pytest-django has switched it to the migrated test database
    if connection.vendor == "sqlite":
        path = tmp / "portals.sqlite3"
        with sqlite3.connect(test_name) as source, sqlite3.connect(path) as target:
            source.backup(target)
        tables = sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
        assert tables and tables[0] > 0, f"the test database {test_name} is empty"
        return f"sqlite:///{path}", lambda: None
    assert connection.vendor == "postgresql", connection.vendor
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    server = f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    template = test_name
    connection.close()  # CREATE DATABASE ... TEMPLATE needs the template to have no other session
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop() -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{server}/{name}", drop


def portals_start(
    *, sandbox_api_url: str, tmp: Path, count: int = COUNT, extra_env: dict[str, str] | None = None
) -> Iterator[Portals]:
    """Start `count` portals and workers; yields them; stops them and drops their database afterwards."""
    name = f"portals_{secrets.token_hex(4)}"
    database_url, drop = _database_copy(name, tmp)
    run_cache = os.environ.get("CACHE_URL", "")
    shared = run_cache.startswith("redis")
    cache_url = (
        f"{run_cache}{'&' if '?' in run_cache else '?'}key_prefix={name}" if shared else "locmemcache://"
    )
    mail_dir = tmp / "mail"
    mail_dir.mkdir()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes: an absolute path
        "DEBUG": "false",
        "SECRET_KEY": "portals-test-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "ULTRACART_BASE_URL": sandbox_api_url,
        "ULTRACART_API_KEY": "sandbox-key",
        "ULTRACART_MAX_ATTEMPTS": "1",
        "PORTAL_TRUSTED_PROXIES": "1",  # tests name their visitor in X-Forwarded-For
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    portals = Portals(
        urls=[],
        database_url=database_url,
        cache_url=cache_url,
        shared_cache=shared,
        mail_dir=mail_dir,
        env=env,
        prefix=name,
    )
    try:
        for index in range(count):
            port = _free_port()
            output = tmp / f"portal-{index}.log"
            with output.open("wb") as sink:
                gunicorn = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
                web = subprocess.Popen(
                    gunicorn,
                    cwd=ROOT,
                    env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
                worker_command = [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--interval",
                    "0.2",
                ]
                worker = subprocess.Popen(
                    worker_command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
                )
            portals.processes += [web, worker]
            portals.urls.append(f"http://127.0.0.1:{port}")
            _wait_for(portals.urls[-1], web, output)
        yield portals
    finally:
        for process in portals.processes:
            process.terminate()
        for process in portals.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        portals.cache_clear()
        drop()


@pytest.fixture(scope="module")
def portals(
    sandbox_url: str, django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Portals]:
    """Two portals + two task workers on the shared database and cache; see the module docstring."""
    with django_db_blocker.unblock():
        yield from portals_start(
            sandbox_api_url=f"{sandbox_url}/rest/v2", tmp=tmp_path_factory.mktemp("portals")
        )
