"""The order behind /orders/<order_id>/..., for the visitor asking, with their access decided once: the
receipt, resend and invoice all use this answer and never decide again.

A browser with the order's grant, or a signed-in customer, may look an order id up. A signed-in customer
asking about an id we do not hold is counted like a thank-you token guess (guard.guessing_limits), since any
mailbox can sign in: an order that turns out missing or someone else's is a miss; their own, or UltraCart
failing to answer, is not. A visitor with neither costs no call at all.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from portal.core.errors import limit_response
from portal.receipts.access import Access, order_access_granted, order_access_level, order_access_may_look_up
from portal.receipts.guard import LookupRefused, guessing_limits
from portal.receipts.responses import order_missing_response, order_unavailable_response
from portal.ultracart import NotFound, Order, UltraCartError, VisitorLimited, order_cached, order_get


@dataclass(frozen=True, slots=True)
class VisibleOrder:
    order: Order
    access: Access  # FULL or REDACTED: never NONE (that is the 404)


def order_for_visitor(*, request: HttpRequest, order_id: str) -> VisibleOrder | HttpResponse:
    """The order this visitor may see (some of), or the page to answer with: the one 404, or the 503."""
    if not order_access_may_look_up(request=request, order_id=order_id):
        return order_missing_response(request)
    # No guess when the browser holds the link, or asking costs no call.
    costly = not (order_access_granted(request=request, order_id=order_id) or order_cached(order_id=order_id))
    try:
        with guessing_limits(request=request, costly=costly) as outcome:
            order = order_get(order_id=order_id)
            access = order_access_level(request=request, order=order)
            if access is Access.NONE:
                outcome.miss()  # someone else's order: as much a miss as a missing one
    except LookupRefused:
        return order_unavailable_response(request)
    except NotFound:
        return order_missing_response(request)  # a miss: the reservation stays counted
    except VisitorLimited as refusal:
        return limit_response(request, retry_after=refusal.retry_after)
    except UltraCartError:
        return order_unavailable_response(request)
    if access is Access.NONE:
        return order_missing_response(request)
    return VisibleOrder(order=order, access=access)
