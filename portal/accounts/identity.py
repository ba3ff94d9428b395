"""Who the customer is: one verified email in the session, or nobody.

The sign-in-by-code flow calls `customer_email_set` after it has verified a code; everything else only reads.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Concatenate
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from portal.merchant.config import portal_settings_get

SESSION_KEY = "customer_email"
# The email a thank-you page offers to sign in with; kept in the session so it never appears in a URL.
HINT_SESSION_KEY = "sign_in_email_hint"


def customer_email_get(request: HttpRequest) -> str | None:
    email = request.session.get(SESSION_KEY)
    return email if isinstance(email, str) and email else None


def customer_email_set(request: HttpRequest, email: str) -> None:
    # A new identity gets a new session id, so a session id planted before sign-in is worthless after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = email.strip().lower()


def sign_in_hint_set(request: HttpRequest, email: str) -> None:
    email = email.strip().lower()
    hint = request.session.get(HINT_SESSION_KEY)
    if not (isinstance(hint, dict) and hint.get("email") == email):  # no session write on every reload
        request.session[HINT_SESSION_KEY] = {"email": email, "at": timezone.now().isoformat()}


def sign_in_hint_get(request: HttpRequest) -> str | None:
    """The email to pre-fill on the sign-in page, if an order page offered one lately (a hint, unverified).

    It lasts as long as the thank-you page shows full details: after that, whoever holds this browser
    must not see the full address either.
    """
    hint = request.session.get(HINT_SESSION_KEY)
    if not isinstance(hint, dict) or not isinstance(hint.get("email"), str):
        return None
    try:
        offered_at = datetime.fromisoformat(hint["at"])
    except (KeyError, TypeError, ValueError):
        return None
    window = timedelta(minutes=portal_settings_get().full_details_minutes)
    return hint["email"] if timezone.now() - offered_at < window else None


def customer_required[**P](
    view: Callable[Concatenate[HttpRequest, str, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Account pages: the view gets the verified email as its second argument; strangers go to sign-in.

    `next` carries only our own path, never an email or a token.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        email = customer_email_get(request)
        if email is None:
            sign_in = reverse("accounts:sign_in")
            return HttpResponseRedirect(f"{sign_in}?{urlencode({'next': request.path})}")
        return view(request, email, *args, **kwargs)

    return wrapper
