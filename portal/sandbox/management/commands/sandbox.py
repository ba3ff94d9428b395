"""`python manage.py sandbox [--port 8765]`: the UltraCart stand-in alone."""

import sys

from django.core.management.base import BaseCommand, CommandParser

from portal.sandbox.server import make_server


class Command(BaseCommand):
    help = "Run the UltraCart sandbox at http://127.0.0.1:<port>/rest/v2 (control API under /_control/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: object, port: int, host: str, **options: object) -> None:
        server = make_server(host, port, log_to=sys.stdout)
        self.stdout.write(
            f"UltraCart sandbox on http://{host}:{server.server_port}/rest/v2 "
            f"(control API: http://{host}:{server.server_port}/_control/). Ctrl-C stops it."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
