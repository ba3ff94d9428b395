"""Branded error pages. Django's handlers and our own views both render through `error_response`."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # stub-only name (django-stubs): str or a lazy translation


@dataclass(frozen=True, slots=True)
class ErrorCopy:
    title: "StrOrPromise"
    message: "StrOrPromise"


ERROR_COPY: dict[int, ErrorCopy] = {
    400: ErrorCopy(
        _("That link doesn't look right"),
        _(
            "Part of the address seems to be missing or mistyped. "
            "Please use the link from your email, or contact us and we'll help."
        ),
    ),
    403: ErrorCopy(
        _("That page isn't available to you"),
        _("You may need to sign in, or your session has expired. Please go back and try again."),
    ),
    404: ErrorCopy(
        _("We couldn't find that page"),
        _("The link may be old or mistyped. Your confirmation email has a link to your order."),
    ),
    405: ErrorCopy(
        _("That action isn't available here"),
        _("Please go back and use the buttons on the page."),
    ),
    429: ErrorCopy(_("Too many tries"), _("Please wait a minute and try again.")),
    500: ErrorCopy(
        _("Something went wrong on our side"), _("We've been notified. Please try again in a few minutes.")
    ),
    503: ErrorCopy(
        _("Our store systems are busy"), _("Please try again in a minute. Nothing you've done is lost.")
    ),
}


def error_response(
    request: HttpRequest,
    status: int,
    *,
    title: str | None = None,
    message: str | None = None,
    retry_after: int | None = None,
    template: str = "errors/error.html",
    context: dict[str, object] | None = None,
) -> HttpResponse:
    copy = ERROR_COPY[status]
    page = {"status": status, "title": title or copy.title, "message": message or copy.message}
    response = render(request, template, {**page, **(context or {})}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    # Error pages are never cached or indexed: the next try may well succeed.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def limit_message(*, retry_after: int) -> str:
    """What one of our own per-visitor limits says: never that UltraCart failed, and when to try again."""
    return ngettext(
        "You've made several requests in a short time. Please try again in %(seconds)d second.",
        "You've made several requests in a short time. Please try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}


def limit_response(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """Our own limit refused (UltraCart was not asked): a 429 that says so, with Retry-After, and tries
    again by itself when the wait is over."""
    return error_response(
        request,
        429,
        title=str(_("One moment, please")),
        message=limit_message(retry_after=retry_after),
        retry_after=retry_after,
        context={"refresh_after": retry_after},
    )
