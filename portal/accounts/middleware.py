"""Every request's UltraCart calls share one deadline and count against one visitor.

A signed-in customer is counted per customer wherever they connect from (a phone changing networks, a
household sharing one), with room for a dozen subscription changes in a few minutes; anyone else per client
network (the IPv4 address, or the IPv6 /56 a household is given). Worked out at the request's first
UltraCart call, so a page that makes none reads no session for it. Here rather than in core: who the
customer is belongs to accounts, and core sits below every app.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal.core.client_ip import client_network
from portal.core.identity import customer_email_get
from portal.core.request_memo import request_memo_scope
from portal.ultracart import Visitor, budget_visitor_customer, budget_visitor_network, ultracart_request_scope


def request_visitor(request: HttpRequest) -> Visitor:
    email = customer_email_get(request) if hasattr(request, "session") else None
    if email:
        return budget_visitor_customer(email=email)
    return budget_visitor_network(network=client_network(request))


class UltraCartScopeMiddleware:
    """Every request's UltraCart calls share one deadline and count against one visitor; values read once per
    request (portal settings) are remembered until it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_memo_scope(), ultracart_request_scope(visitor=lambda: request_visitor(request)):
            return self.get_response(request)
