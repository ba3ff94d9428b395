"""Processes a benchmark starts and stops: the sandbox in a process of its own (so its work does not share
the portal's interpreter lock) and the portal under gunicorn with the repo's config."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited during start-up (status {process.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"nothing listened on port {port} within {seconds} s")


@contextmanager
def process(command: list[str], *, port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a server process, wait until it listens on `port`, yield its base URL; stop it afterwards."""
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, child)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def sandbox_process() -> Iterator[str]:
    """The UltraCart sandbox (`manage.py sandbox`) on a free port; yields its base URL (no /rest/v2)."""
    port = free_port()
    command = [sys.executable, "manage.py", "sandbox", "--port", str(port)]
    # DEBUG: the sandbox needs no production settings (secret key, hosts) to start.
    with process(command, port=port, env={"DEBUG": "true"}) as url:
        yield url


@contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    """`gunicorn -c portal/gunicorn.conf.py portal.wsgi` on a free port, with `env` on top of ours."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
    with process(command, port=port, env={**env, "HOST": "127.0.0.1", "PORT": str(port)}) as url:
        yield url


@contextmanager
def gunicorn_ready(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn as above, yielded once every worker has logged "ready" (post_worker_init) in `log`."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
    workers = int(env.get("WEB_CONCURRENCY", "2"))
    full_env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "INFO"}
    with log.open("wb") as sink:
        child = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, child)
        deadline = time.monotonic() + 60
        while len(re.findall(r"worker \d+ ready", log.read_text(errors="replace"))) < workers:
            if time.monotonic() > deadline or child.poll() is not None:
                raise SystemExit(f"gunicorn's workers did not get ready:\n{log.read_text(errors='replace')}")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=20)
