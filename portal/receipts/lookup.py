"""The order behind /orders/<order_id>/..., for the visitor asking: the receipt, resend and invoice share it.

A browser with the order's grant, or a signed-in customer, may look an order id up. A signed-in customer
asking about an id we do not hold is counted like a thank-you token guess (guard.py), since any mailbox can
sign in: it keeps its reservation when the order turns out to be missing or someone else's, and gives it back
when it is their own or UltraCart could not answer. A visitor with neither costs no call at all.
"""

from django.http import HttpRequest, HttpResponse

from portal.receipts.access import Access, order_access_granted, order_access_level, order_access_may_look_up
from portal.receipts.guard import LookupReservation, token_lookup_release, token_lookup_reserve
from portal.receipts.responses import order_missing_response, order_unavailable_response
from portal.ultracart import NotFound, Order, UltraCartError, order_cached, order_get


def _reserve(request: HttpRequest, order_id: str) -> LookupReservation | HttpResponse | None:
    if order_access_granted(request=request, order_id=order_id) or order_cached(order_id=order_id):
        return None  # no guess: the browser holds the link, or asking costs no call
    reservation = token_lookup_reserve(request=request)
    return reservation if reservation is not None else order_unavailable_response(request)


def order_for_visitor(*, request: HttpRequest, order_id: str) -> Order | HttpResponse:
    """The order this visitor may see (some of), or the page to answer with: the one 404, or the 503."""
    if not order_access_may_look_up(request=request, order_id=order_id):
        return order_missing_response(request)
    reservation = _reserve(request, order_id)
    if isinstance(reservation, HttpResponse):
        return reservation
    try:
        order = order_get(order_id=order_id)
    except NotFound:
        return order_missing_response(request)  # a miss: the reservation stays counted
    except UltraCartError:
        if reservation is not None:
            token_lookup_release(reservation=reservation)
        return order_unavailable_response(request)
    if order_access_level(request=request, order=order) is Access.NONE:
        return order_missing_response(request)  # someone else's order: as much a miss as a missing one
    if reservation is not None:
        token_lookup_release(reservation=reservation)
    return order
