"""Real servers, real output: no order token, order id or email in anything runserver or gunicorn prints.

Each server runs as its own process (DEBUG on and off for runserver, the repo's gunicorn config), talks to
the test session's sandbox, and gets the requests that used to leak: tokens in the query (200, 404, 503,
405), order ids in the path (receipt and invoice 404s), an email in the query, and malformed request lines
sent over a raw socket. Then everything it printed is read back.
"""

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ORDER = "DEMO-0009100010"
UNKNOWN_TOKEN = "DEMO:Zm9yZ2VkLXRva2VuLWd1ZXNz+/ab=="
EMAIL = "jane.doe@example.com"
DROPPED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "CACHE_URL"}


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    output: Path

    def printed(self) -> str:
        time.sleep(0.2)  # servers log a request after answering it
        self.process.terminate()
        self.process.wait(timeout=15)
        return self.output.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited during start-up"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('server_logs') / 'db.sqlite3'}"
    env = {**server_environment(api_url="http://127.0.0.1:9/rest/v2", debug=False), "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return url


def server_environment(*, api_url: str, debug: bool) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in DROPPED}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true" if debug else "false",
        "SECRET_KEY": "server-log-test-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",  # no collectstatic for these short runs
        "CACHE_URL": "locmemcache://",
        "ULTRACART_BASE_URL": api_url,
        "ULTRACART_API_KEY": "sandbox-key",
        "ULTRACART_MAX_ATTEMPTS": "1",
        "PYTHONUNBUFFERED": "1",
    }


def start(command: list[str], *, port: int, env: dict[str, str], tmp_path: Path) -> Server:
    output = tmp_path / "server-output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
    except AssertionError:
        process.kill()
        raise AssertionError(output.read_text(errors="replace")) from None
    return Server(url=f"http://127.0.0.1:{port}", port=port, process=process, output=output)


# A manage link's token as emails carry it (portal/subscriptions/manage_links.py): signed zlib'd JSON.
LINK_TOKEN = ".eJwNyjkSxCAMBdG7KHYgJMB8biNAOPISTDblu5vwVfefbqqJ:PpqPGsd1jRvAOgPOrPToTwYyaXIKWgtqavoUChTVoiE"


def raw_request(port: int, request_line: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request_line.encode() + b"\r\nHost: 127.0.0.1\r\n\r\n")
        conn.shutdown(socket.SHUT_WR)
        return conn.recv(1024)


def visit_everything_that_used_to_leak(server: Server, sandbox) -> dict[str, int]:
    """Returns what each request answered, so the test can check the status codes were logged."""
    real, cold = sandbox.token_for("DEMO-0009100012"), sandbox.token_for("DEMO-0009100011")

    def get(path: str) -> requests.Response:
        return requests.get(server.url + path, timeout=15, allow_redirects=False)

    answers = {
        "thank-you": get(f"/thank-you/?OrderToken={quote(real, safe='')}").status_code,
        "no-slash": get(f"/thank-you?OrderToken={quote(real, safe='')}").status_code,
        "unknown": get(f"/thank-you/?OrderToken={quote(UNKNOWN_TOKEN, safe='')}").status_code,
        "receipt": get(f"/orders/{ORDER}/").status_code,
        "invoice": get(f"/orders/{ORDER}/invoice.pdf").status_code,
        "no-slash-receipt": get(f"/orders/{ORDER}").status_code,
        "email": get(f"/account/?email={quote(EMAIL)}").status_code,
        "405": requests.options(f"{server.url}/thank-you/?OrderToken={quote(real)}", timeout=15).status_code,
    }
    answers["link"] = get(f"/account/subscriptions/5001/link/?t={quote(LINK_TOKEN, safe='')}").status_code
    sandbox.fault(status=503, operations=["getOrderByToken"])
    answers["503"] = get(f"/thank-you/?OrderToken={quote(cold, safe='')}").status_code
    sandbox.clear_faults()
    raw_request(server.port, f"GET /thank-you/?OrderToken={real} HTTP/1.1 {EMAIL}")
    raw_request(server.port, f"GET /orders/{ORDER}/ {real}")
    raw_request(server.port, f"{ORDER} /thank-you/?OrderToken={real} HTTP/1.1")
    raw_request(server.port, f"GET /account/subscriptions/5001/link/{LINK_TOKEN} {LINK_TOKEN}")
    return answers


def assert_nothing_secret(printed: str, sandbox) -> None:
    tokens = [t["order_token"] for t in sandbox.tokens()] + [UNKNOWN_TOKEN]
    for token in tokens:
        body = token.split(":", 1)[1]
        for form in (token, quote(token, safe=""), body[:12], quote(body, safe="")[:12]):
            assert form not in printed, f"token {token} appears as {form!r}"
    for form in (LINK_TOKEN, LINK_TOKEN[1:20], quote(LINK_TOKEN, safe="")[1:20], LINK_TOKEN.split(":")[1]):
        assert form not in printed, f"the manage link token appears as {form!r}"
    assert not re.search(r"DEMO-\d", printed), "an order id appears"
    assert "0009100" not in printed
    assert "jane.doe" not in printed and "%40example" not in printed, "an email appears"


def assert_statuses_logged(printed: str, answers: dict[str, int]) -> None:
    assert answers["thank-you"] == 200 and answers["no-slash"] == 200
    assert answers["unknown"] == 404 and answers["receipt"] == 404 and answers["invoice"] == 404
    assert answers["405"] == 405 and answers["503"] == 503 and answers["link"] == 400
    for status in {200, 301, 404, 405, 503}:
        assert re.search(rf"\b{status}\b", printed), f"no log line shows status {status}"


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_runserver_prints_no_token_order_id_or_email(sandbox, migrated_database, tmp_path, debug):
    port = free_port()
    env = {**server_environment(api_url=sandbox.api_url, debug=debug), "DATABASE_URL": migrated_database}
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"]
    server = start(command, port=port, env=env, tmp_path=tmp_path)
    answers = visit_everything_that_used_to_leak(server, sandbox)
    printed = server.printed()
    assert_statuses_logged(printed, answers)
    assert "400" in printed  # the malformed request lines were logged, scrubbed
    assert_nothing_secret(printed, sandbox)


def test_gunicorn_prints_no_token_order_id_or_email(sandbox, migrated_database, tmp_path):
    port = free_port()
    env = {
        **server_environment(api_url=sandbox.api_url, debug=False),
        "DATABASE_URL": migrated_database,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
    server = start(command, port=port, env=env, tmp_path=tmp_path)
    answers = visit_everything_that_used_to_leak(server, sandbox)
    printed = server.printed()
    assert_statuses_logged(printed, answers)
    assert "gunicorn.access" in printed and "Invalid" in printed  # access log and the malformed lines
    assert_nothing_secret(printed, sandbox)
