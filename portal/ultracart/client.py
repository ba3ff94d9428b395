"""The one HTTP boundary to UltraCart: session, headers, timeouts, deadline, retries, error mapping, call log.

Operations (orders.py, auto_orders.py) call `ultracart_request` and get a JSON object back or an error from
errors.py. Settings are read at call time so tests (and a changed environment) take effect at once.
"""

import contextvars
import json
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import requests
import urllib3
from django.conf import settings
from requests.adapters import HTTPAdapter

from portal.ultracart.breaker import breaker_allows, breaker_probe_release, breaker_record
from portal.ultracart.budget import (
    Visitor,
    VisitorOnce,
    budget_call,
    budget_visitor_allows,
    budget_visitor_count,
    budget_visitor_network,
    current_visitor,
)
from portal.ultracart.errors import (
    BadCredentials,
    BadResponse,
    ErrorDetails,
    NotFound,
    RateLimited,
    UltraCartError,
    Unavailable,
)
from portal.ultracart.health import health_record

logger = logging.getLogger("portal.ultracart")

API_VERSION = "2017-03-01"
_session: requests.Session | None = None
_session_pid: int | None = None
# Absolute time.monotonic() by which the current operation must be done; shared by nested calls so that a
# read-modify-write (auto_order_update) fits in one deadline too.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("ultracart_deadline", default=None)
# X-UltraCart-Request-Id of the last call UltraCart answered in this context (the audit log quotes it).
_last_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("ultracart_request_id", default="")


def ultracart_last_request_id() -> str:
    return _last_request_id.get()


def _http() -> requests.Session:
    """One pooled session per process (re-created after a fork: sockets must not be shared)."""
    global _session, _session_pid
    if _session is None or _session_pid != os.getpid():
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)  # retries are ours
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.trust_env = False  # no proxy or .netrc surprises between us and UltraCart
        _session, _session_pid = session, os.getpid()
    return _session


@contextmanager
def call_deadline(*, seconds: float | None = None) -> Iterator[float]:
    """Run inside a deadline: ULTRACART_DEADLINE from now, or `seconds` when given, never past an outer one.

    Without `seconds` an outer deadline (a request's, a read-modify-write's) is simply kept.
    """
    outer = _deadline.get()
    if outer is not None and seconds is None:
        yield outer
        return
    deadline = time.monotonic() + float(settings.ULTRACART_DEADLINE if seconds is None else seconds)
    if outer is not None:
        deadline = min(deadline, outer)
    token = _deadline.set(deadline)
    try:
        yield deadline
    finally:
        _deadline.reset(token)


@contextmanager
def ultracart_request_scope(*, visitor: str | Callable[[], Visitor | None]) -> Iterator[None]:
    """One web request: its UltraCart calls share one deadline and count against this visitor's window.

    So a page with two calls answers within ULTRACART_DEADLINE even when each call is slow, and no visitor
    can make more answered calls than their window allows (budget.py), whatever they reload. `visitor` is a
    client network, or a function naming the visitor (called at the request's first UltraCart call only).
    """
    if isinstance(visitor, str):
        network = visitor
        token = current_visitor.set(VisitorOnce(lambda: budget_visitor_network(network=network)))
    else:
        token = current_visitor.set(VisitorOnce(visitor))
    try:
        with call_deadline():
            yield
    finally:
        current_visitor.reset(token)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly did not reach UltraCart (so a write may be retried)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError)


def _error_text(response: requests.Response, body: Any) -> str:
    header = response.headers.get("UC-REST-ERROR", "")
    if header:
        return header
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("developer_message") or error.get("user_message") or "")
    return ""


def _decode(response: requests.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError:
        return None


def _mapped(response: requests.Response, *, operation: str, write: bool) -> tuple[Any, UltraCartError | None]:
    """(decoded body, None) for a usable answer; otherwise (body, the error it means)."""
    status, body = response.status_code, _decode(response)
    context: ErrorDetails = {
        "operation": operation,
        "status": status,
        "uc_error": _error_text(response, body),
        "request_id": response.headers.get("X-UltraCart-Request-Id", ""),
    }
    if 200 <= status < 300:
        if not isinstance(body, dict):
            return body, BadResponse("UltraCart sent a body that is not a JSON object", **context)
        if body.get("success") is False:
            return body, BadResponse("UltraCart answered success: false", **context)
        return body, None
    if status in (401, 410):
        return body, BadCredentials(
            "UltraCart refused our credentials or disabled the application", **context
        )
    if status == 404:
        return body, NotFound("UltraCart has no such object", **context)
    if status == 429:
        return body, RateLimited("UltraCart rate limit", **context)
    if status >= 500:
        return body, Unavailable("UltraCart server error", outcome_unknown=write, **context)
    return body, BadResponse("UltraCart rejected the request", **context)


def _breaker_failure(status: int, mapped: UltraCartError | None) -> bool:
    """A failure of UltraCart as seen from here: 5xx, 429, a malformed 2xx, or our key refused (401/410).

    A revoked key fails every call alike, so the breaker opens and warm pages serve their stale copies at
    once instead of each asking again. A 404, or a 400 for one bad request, says nothing about the rest.
    """
    if isinstance(mapped, BadCredentials):
        return True
    return status == 429 or status >= 500 or (mapped is not None and 200 <= status < 300)


def _log(
    *, operation: str, outcome: str, status: int | None, started: float, attempts: int, **extra: Any
) -> None:
    line = {
        "operation": operation,
        "outcome": outcome,
        "status": status,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
        "attempts": attempts,
        **extra,
    }
    level = logging.ERROR if outcome == "BadCredentials" else logging.INFO
    logger.log(level, json.dumps(line))


_SECRETS = re.compile(r"[^\s@]+@[^\s@]+|[A-Za-z0-9]+:[A-Za-z0-9+/=_-]{8,}")


def _scrub(text: str) -> str:
    """UC-REST-ERROR text for the log, without anything shaped like an email or an order token."""
    return _SECRETS.sub("[redacted]", text)[:300]


def _backoff(attempt: int) -> float:
    # Exponential with jitter, so workers that failed together do not retry together.
    base = float(settings.ULTRACART_BACKOFF_BASE)
    return base * (2.0 ** (attempt - 1)) * random.uniform(0.5, 1.0)


def ultracart_request(
    *,
    operation: str,
    method: str,
    path: str,
    params: dict[str, Any] | None = None,
    body: Any = None,
    write: bool = False,
    cache_state: str = "miss",
) -> dict[str, Any]:
    """Make one UltraCart API call (with retries inside the deadline) and return its JSON object.

    `write=True` retries only what certainly did not happen (429, connection never made); anything else
    raises, with `Unavailable.outcome_unknown` telling the caller to re-read before trying again.
    """
    url = f"{settings.ULTRACART_BASE_URL.rstrip('/')}/{path.lstrip('/')}"
    headers = {
        "Accept": "application/json",
        "X-UltraCart-Api-Version": API_VERSION,
        "x-ultracart-simple-key": settings.ULTRACART_API_KEY,
    }
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json; charset=UTF-8" if method == "PUT" else "application/json"
    max_attempts = int(settings.ULTRACART_MAX_ATTEMPTS)
    started, attempts, status = time.monotonic(), 0, None
    error: UltraCartError = Unavailable("UltraCart call deadline passed", operation=operation)
    with call_deadline() as deadline:
        while (remaining := deadline - time.monotonic()) > 0.01:
            attempts, status = attempts + 1, None
            timeout = (
                min(float(settings.ULTRACART_CONNECT_TIMEOUT), remaining),
                min(float(settings.ULTRACART_READ_TIMEOUT), remaining),
            )
            passage = breaker_allows(operation=operation, hold_seconds=remaining)
            if not passage:
                error = Unavailable("UltraCart circuit open: not calling", operation=operation)
                break
            try:
                budget_visitor_allows(operation=operation)
                with budget_call(operation=operation, hold_seconds=remaining):
                    response = _http().request(
                        method, url, params=params, data=data, headers=headers, timeout=timeout,
                        allow_redirects=False,
                    )  # fmt: skip
            except RateLimited as exc:  # our own budget: fail fast, never queue
                error, retryable = exc, False
                if passage == "probe":  # nothing reached UltraCart: the probe is still to be made
                    breaker_probe_release(operation=operation)
            except requests.RequestException as exc:
                breaker_record(operation=operation, failed=True)
                never_sent = _never_sent(exc)
                kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                error = Unavailable(
                    f"UltraCart {kind}", operation=operation, outcome_unknown=write and not never_sent
                )
                retryable = never_sent or not write
            else:
                status = response.status_code
                decoded, mapped = _mapped(response, operation=operation, write=write)
                failed = _breaker_failure(status, mapped)
                breaker_record(operation=operation, failed=failed)
                if not failed:  # UltraCart answered: that counts against the visitor, its failures do not
                    budget_visitor_count()
                if mapped is None:
                    request_id = response.headers.get("X-UltraCart-Request-Id", "")
                    _last_request_id.set(request_id)
                    _log(operation=operation, outcome="ok", status=status, started=started,
                         attempts=attempts, request_id=request_id, cache=cache_state)  # fmt: skip
                    health_record(operation=operation, outcome="ok", status=status, request_id=request_id)
                    return cast(dict[str, Any], decoded)  # no error from _mapped: a JSON object
                error = mapped
                retryable = status == 429 or (status >= 500 and not write)
            pause = _backoff(attempts)
            if not retryable or attempts >= max_attempts or time.monotonic() + pause >= deadline:
                break
            time.sleep(pause)
    _log(operation=operation, outcome=type(error).__name__, status=status, started=started, attempts=attempts,
         request_id=error.request_id, uc_error=_scrub(error.uc_error), cache=cache_state)  # fmt: skip
    health_record(
        operation=operation, outcome=type(error).__name__, status=status, request_id=error.request_id
    )
    raise error
