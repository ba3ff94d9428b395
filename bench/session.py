"""UltraCart calls for one scripted customer session of 20 page views, against a naive baseline.

The session: a shopper lands on the thank-you page (and reloads it), opens the receipt and the invoice, signs
in by emailed code, looks at the account home, the order list, an older order, the subscriptions list and
one subscription, pauses it, resumes it, and goes home again. Calls are counted in the sandbox's request log.

Naive baseline: the very same session and code with the portal's UltraCart cache bypassed (every read of an
order, token, receipt, order list or auto order misses: `cache_get` answers None), i.e. fetching per need
without caching. Sessions, sign-in codes and limits still use the cache, so the session behaves the same.
The per-visitor and hourly call limits are raised for both runs so the baseline is not cut short.

    .venv/bin/python bench/session.py
"""

import re
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock
from urllib.parse import quote

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
import requests
from _servers import sandbox_process
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

ORDER_ID, OLDER_ORDER, AUTO_ORDER = "DEMO-0009100012", "DEMO-0009100010", 5001
EMAIL = "jane.doe@example.com"
CACHE_READERS = ("portal.ultracart.cache", "portal.ultracart.orders", "portal.ultracart.auto_orders")


def _ok(response: Any, *statuses: int) -> Any:
    if response.status_code not in (statuses or (200,)):
        raise SystemExit(f"unexpected answer {response.status_code} for {response.request['PATH_INFO']}")
    return response


def _confirm_token(page: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    if not match:
        raise SystemExit("no confirmation form on the page")
    return match.group(1)


def session_views(client: Client, token: str) -> list[Callable[[], Any]]:
    """The 20 page views, in order; each returns the response."""
    subscription = f"/account/subscriptions/{AUTO_ORDER}/"
    state: dict[str, str] = {}

    def sign_in_code() -> Any:
        code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
        assert code is not None
        return _ok(client.post("/account/sign-in/code/", {"code": code.group(1)}), 302)

    def action_page(action: str, data: dict[str, str]) -> Callable[[], Any]:
        def view() -> Any:
            url = f"{subscription}{action}/"
            page = _ok(client.post(url, {"step": "review", **data}) if data else client.get(url))
            state[action] = _confirm_token(page)
            return page

        return view

    def action_confirm(action: str, data: dict[str, str]) -> Callable[[], Any]:
        def view() -> Any:
            url = f"{subscription}{action}/"
            return _ok(client.post(url, {"step": "confirm", "token": state[action], **data}), 302)

        return view

    pause = {"mode": "indefinite"}
    return [
        lambda: _ok(client.get(f"/thank-you/?OrderToken={quote(token, safe='')}")),
        lambda: _ok(client.get(f"/thank-you/?OrderToken={quote(token, safe='')}")),
        lambda: _ok(client.get(f"/orders/{ORDER_ID}/")),
        lambda: _ok(client.get(f"/orders/{ORDER_ID}/invoice.pdf")),
        lambda: _ok(client.get("/account/sign-in/")),
        lambda: _ok(client.post("/account/sign-in/", {"email": EMAIL}), 302),
        lambda: _ok(client.get("/account/sign-in/code/")),
        sign_in_code,
        lambda: _ok(client.get("/account/")),
        lambda: _ok(client.get("/account/orders/")),
        lambda: _ok(client.get(f"/orders/{OLDER_ORDER}/")),
        lambda: _ok(client.get("/account/subscriptions/")),
        lambda: _ok(client.get(subscription)),
        action_page("pause", pause),
        action_confirm("pause", pause),
        lambda: _ok(client.get(subscription)),
        action_page("resume", {}),
        action_confirm("resume", {}),
        lambda: _ok(client.get(subscription)),
        lambda: _ok(client.get("/account/")),
    ]


def run_session(base: str, *, naive: bool) -> Counter[str]:
    """Play the session once from an empty cache and a fresh sandbox; the calls it cost, by operation."""
    requests.post(f"{base}/_control/reset", timeout=10).raise_for_status()
    cache.clear()
    mail.outbox = []
    token = next(t["order_token"] for t in requests.get(f"{base}/_control/tokens", timeout=10).json()
                 if t["order_id"] == ORDER_ID)  # fmt: skip
    requests.delete(f"{base}/_control/requests", timeout=10).raise_for_status()
    with ExitStack() as patches:
        if naive:
            for module in CACHE_READERS:
                patches.enter_context(mock.patch(f"{module}.cache_get", return_value=None))
        views = session_views(Client(), token)
        assert len(views) == 20
        for view in views:
            view()
    log = requests.get(f"{base}/_control/requests", timeout=10).json()
    return Counter(entry["operation"] for entry in log)


def _by_operation(calls: Counter[str]) -> str:
    return ", ".join(f"{operation} {count}" for operation, count in sorted(calls.items()))


def main() -> None:
    setup_test_environment()  # emails to mail.outbox (the sign-in code), as in the tests
    call_command("migrate", verbosity=0)
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 10_000
    settings.ULTRACART_CALLS_PER_HOUR = 100_000
    with sandbox_process() as base:
        settings.ULTRACART_BASE_URL = f"{base}/rest/v2"
        cached = run_session(base, naive=False)
        naive = run_session(base, naive=True)
    total, baseline = sum(cached.values()), sum(naive.values())
    print("a customer session of 20 page views: thank-you x2, receipt, invoice, sign-in (4 views), account")
    print("home, orders, an older order, subscriptions, a subscription, pause (2), it, resume (2), it, home")
    print(
        f"portal:  {total:3d} UltraCart calls  ({', '.join(f'{op} {n}' for op, n in sorted(cached.items()))})"
    )
    print(f"naive:   {baseline:3d} UltraCart calls  (same session, the portal's UltraCart cache bypassed: "
          "cache_get always misses)")  # fmt: skip
    print(f"         ({', '.join(f'{op} {n}' for op, n in sorted(naive.items()))})")
    print(
        f"ratio naive/portal: {baseline / max(total, 1):.1f}x  (targets: <= 4 calls, >= 10x fewer than naive)"
    )


if __name__ == "__main__":
    main()
