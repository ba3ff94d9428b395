"""`make run`: the sandbox (when no real UltraCart key is set), the task worker and the portal, one command,
one Ctrl-C."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _wait_for_port(port: int, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


class Command(BaseCommand):
    help = "Start the sandbox and the portal together and print demo links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args: object, port: int, **options: object) -> None:
        # `kill <pid>` (SIGTERM) stops the sandbox too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        sandbox = None
        uses_sandbox = settings.ULTRACART_BASE_URL.startswith(f"http://127.0.0.1:{settings.SANDBOX_PORT}/")
        if uses_sandbox:
            sandbox = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
                [sys.executable, str(MANAGE), "sandbox", "--port", str(settings.SANDBOX_PORT)]
            )
            if not _wait_for_port(settings.SANDBOX_PORT, seconds=30):
                sandbox.terminate()
                raise SystemExit(f"The sandbox did not start on port {settings.SANDBOX_PORT}.")
        # The task worker (scheduled resumes of timed pauses), as production runs it beside the web.
        worker = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, str(MANAGE), "db_worker", "--no-reload", "--interval", "5"]
        )
        try:
            self._print_links(port=port, uses_sandbox=uses_sandbox)
            # The demo answers as production does: the branded 404 and 500 pages, never Django's DEBUG pages
            # (they list every route, the admin's too, and do not fit a phone). What DEBUG set up at start-up
            # stays: static files from the finders, cookies without the Secure flag over plain http.
            settings.DEBUG = False
            settings.WHITENOISE_AUTOREFRESH = True  # as under DEBUG: an edited style sheet is served at once
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            for child in (worker, sandbox):
                if child is not None:
                    child.terminate()
                    child.wait(timeout=10)

    def _print_links(self, *, port: int, uses_sandbox: bool) -> None:
        base = f"http://127.0.0.1:{port}"
        lines = ["", f"Portal:        {base}/", f"Health check:  {base}/healthz"]
        if uses_sandbox:
            control = f"http://127.0.0.1:{settings.SANDBOX_PORT}/_control/tokens"
            with urllib.request.urlopen(control, timeout=5) as answer:
                tokens = json.load(answer)
            newest = tokens[0]
            emails = sorted({entry["email"] for entry in tokens})
            lines += [
                f"Sandbox:       http://127.0.0.1:{settings.SANDBOX_PORT}/rest/v2 (control API: {control})",
                "",
                f"Demo thank-you page (order {newest['order_id']}, placed moments ago):",
                f"  {base}/thank-you/?OrderToken={quote(newest['order_token'], safe='')}",
                "Older orders show what a late visitor sees (redacted), e.g.:",
                *(
                    f"  {base}/thank-you/?OrderToken={quote(entry['order_token'], safe='')}"
                    for entry in tokens[1:3]
                ),
                "A link for any order: .venv/bin/python manage.py generate_order_token <order_id>",
                "",
                f"Demo customers (sign in at {base}/account/sign-in/):",
                *(f"  {email}" for email in emails),
                "Sign-in codes and other emails are printed in this terminal (console email backend).",
                "A task worker runs beside the portal: timed pauses resume on their date.",
                "A declined card: maria.garcia@example.es sees the failed-payment banner (5007).",
                *self._webhook_lines(base),
            ]
        self.stdout.write("\n".join([*lines, ""]))

    def _webhook_lines(self, base: str) -> list[str]:
        """How to make the webhook emails (a failed payment, a shipment reminder) appear in this terminal."""
        user, password = settings.ULTRACART_WEBHOOK_USERNAME, settings.ULTRACART_WEBHOOK_PASSWORD
        if not (user and password):
            return ["Webhook emails: start with ULTRACART_WEBHOOK_USERNAME and _PASSWORD set, then post to "
                    f"{base}/webhooks/ultracart/ (README, manage links)."]  # fmt: skip
        post = f"curl -u '{user}:***' {base}/webhooks/ultracart/ -d"
        return [
            "Webhook emails, printed here (your webhook password in place of ***):",
            f"""  {post} '[{{"auto_order_decline": {{"auto_order_oid": 5007}}}}]'""",
            f"""  {post} '[{{"auto_order_preshipment": {{"auto_order_oid": 5001}}}}]'""",
        ]
