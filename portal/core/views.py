from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django_ratelimit.exceptions import Ratelimited

from portal.core.errors import error_response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, Ratelimited):
        return error_response(request, 429, retry_after=60)
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(
        request,
        403,
        message=_("This form expired or came from somewhere else. Please go back, reload and try again."),
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to.

    The hashed URL is looked up per request: at import time it would need the manifest, so `migrate` and
    `check --deploy` could not run before `collectstatic`. A day's cache rather than a permanent 301,
    because the hashed name changes with every new favicon.
    """
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def admin_locked_out(request: HttpRequest, original_response: object, credentials: object) -> HttpResponse:
    """django-axes: too many failed admin logins for this account or address (locked AXES_COOLOFF_TIME)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, -(-seconds // 60))  # rounded up: never promise a shorter wait than the lock
    message = ngettext(
        "Too many failed sign-in attempts. Please wait %(minutes)d minute and try again.",
        "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    return error_response(request, 429, retry_after=seconds, message=message)
