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
