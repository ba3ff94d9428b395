"""One structured log line per request.

We log the matched route pattern, not the path: paths hold order ids and auto order oids, query strings
hold order tokens and emails, and none of that belongs in logs.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse

from portal.core.client_ip import client_network
from portal.core.errors import error_response
from portal.core.request_memo import request_memo_scope
from portal.ultracart import ultracart_request_scope

logger = logging.getLogger("portal.request")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestWithId(HttpRequest):
    """A request after RequestLogMiddleware: annotate with it to read `request.request_id`."""

    request_id: str


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        tagged = cast(RequestWithId, request)  # the same object, from here on carrying its id
        tagged.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        match = request.resolver_match
        route = "/" + match.route if match and match.route else "(unmatched)"
        response["X-Request-ID"] = tagged.request_id
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "request_id": tagged.request_id,
                }
            )
        )
        return response


class BrandedMethodNotAllowedMiddleware:
    """Django's require_POST/require_safe answer 405 with an empty page; ours is branded.

    Placed last in MIDDLEWARE, so the new page still passes through the CSP, frame and locale middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            allow = response.get("Allow", "")
            response = error_response(request, 405)
            response["Allow"] = allow
        return response


class UltraCartScopeMiddleware:
    """Every request's UltraCart calls share one deadline and count against the visitor's per-minute calls;
    values read once per request (portal settings) are remembered until it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_memo_scope(), ultracart_request_scope(visitor=client_network(request)):
            return self.get_response(request)


class NoStoreRedirectMiddleware:
    """Redirects carry the request's query (an order token) or path (an order id) in Location.

    A shared cache or the browser's back/forward cache must not keep them, so every redirect without a
    Cache-Control of its own gets no-store. Placed first in MIDDLEWARE, so it also sees SecurityMiddleware's
    http->https and CommonMiddleware's missing-slash redirects.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Only responses that point somewhere: a 304 Not Modified must keep the cached copy's freshness.
        redirect = 300 <= response.status_code < 400 and response.has_header("Location")
        if redirect and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
