"""Who the customer is: one verified email in the session, or nobody.

The sign-in-by-code flow calls `customer_email_set` after it has verified a code; everything else only reads.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import update_wrapper
from typing import Concatenate
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

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


SHARED_DEVICE_SESSION_KEY = "shared_device"
PENDING_SESSION_KEY = "sign_in_pending"


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    email: str  # where the code went: the code page checks codes against it
    next_path: str  # our own path to return to, or ""


def customer_sign_in(request: HttpRequest, email: str, *, shared_device: bool) -> None:
    """A code or link proved the email: a brand-new session holds it, and nothing from before.

    Flushing drops order grants and anything else planted in the old session (its key too). The session
    lasts SESSION_COOKIE_AGE (30 days), or until the browser closes on a shared device.
    """
    request.session.flush()
    customer_email_set(request, email)
    request.session.set_expiry(0 if shared_device else None)
    if shared_device:
        request.session[SHARED_DEVICE_SESSION_KEY] = True


def customer_sign_out(request: HttpRequest) -> None:
    request.session.flush()


def _own_path(value: str) -> str:
    """Only a path on this site: never another host, never a scheme (an open redirect)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


def sign_in_pending_set(request: HttpRequest, *, email: str, next_path: str) -> None:
    request.session[PENDING_SESSION_KEY] = {"email": email, "next": _own_path(next_path)}


def sign_in_pending_get(request: HttpRequest) -> PendingSignIn | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("email"), str):
        return None
    return PendingSignIn(email=pending["email"], next_path=_own_path(str(pending.get("next") or "")))


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

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        email = customer_email_get(request)
        if email is None:
            sign_in = reverse("accounts:sign_in")
            return HttpResponseRedirect(f"{sign_in}?{urlencode({'next': request.path})}")
        return view(request, email, *args, **kwargs)

    update_wrapper(wrapper, view)  # name and docstring for URL reversing and debugging
    return wrapper
