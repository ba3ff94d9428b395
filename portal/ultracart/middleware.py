"""The UltraCart scope of each request (a middleware): one deadline, and the visitor's calls counted."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal.core.client_ip import client_network
from portal.ultracart.client import ultracart_request_scope


class UltraCartScopeMiddleware:
    """Every request's UltraCart calls share one deadline and count against the visitor's per-minute calls."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with ultracart_request_scope(visitor=client_network(request)):
            return self.get_response(request)
