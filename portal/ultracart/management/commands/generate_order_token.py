"""`python manage.py generate_order_token <order_id>`: a thank-you link for an order, for testing the page."""

import os
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.ultracart import NotFound, UltraCartError, order_token_generate


class Command(BaseCommand):
    help = "Ask UltraCart (or the sandbox) for an order token and print the thank-you URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("order_id", help="e.g. DEMO-0009100012")
        # The port `make run` serves on: PORT, as there, so the link opens the portal that is running.
        port = os.environ.get("PORT", "8000")
        parser.add_argument(
            "--base-url",
            default=f"http://127.0.0.1:{port}",
            help="the portal's address (default: %(default)s, from PORT)",
        )

    def handle(self, *args: object, order_id: str, base_url: str, **options: object) -> None:
        try:
            token = order_token_generate(order_id=order_id)
        except NotFound as exc:
            raise CommandError(f"UltraCart has no order {order_id}.") from exc
        except UltraCartError as exc:
            raise CommandError(f"UltraCart did not answer: {exc}") from exc
        self.stdout.write(f"{base_url.rstrip('/')}/thank-you/?OrderToken={quote(token, safe='')}")
