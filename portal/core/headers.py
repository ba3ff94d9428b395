"""Headers for every response that carries order data (pages, redirects, PDFs)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse


def order_page_headers[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """No referrer (the thank-you URL holds a token), never stored by a browser or proxy, never indexed."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        # same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with the page's own
        # form POSTs (resend receipt), and Django's CSRF origin check rightly refuses that.
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def head_without_side_effects[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """HEAD gets an empty 200 without running the view: no UltraCart call, no grant, no first-view record.

    Link prefetchers and mail scanners send HEAD; they must neither spend calls nor use up the merchant's
    conversion. What a GET would answer is only known after asking UltraCart, so HEAD promises nothing.
    """

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        if getattr(request, "method", "") == "HEAD":
            response = HttpResponse()
            response["Cache-Control"] = "no-store, private"
            response["X-Robots-Tag"] = "noindex"
            return response
        return view(*args, **kwargs)

    return wrapper
