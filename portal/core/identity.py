"""Who the customer is: one verified email in the session, or nobody; or, for staff, the customer viewed as.

The sign-in-by-code flow calls `customer_email_set` after it has verified a code; everything else only reads.
"View as customer" (merchant admin) keeps the viewed email under its own session key, honoured only for the
staff user who started it: the staff member's own sign-in and order grants stay untouched underneath and are
neither used nor changed while viewing as. `customer_may_act` is the one answer to "may this request act as
the customer"; `customer_acts` puts it in front of every action view.

An emailed manage link, once confirmed, signs the browser in to ONE subscription (`subscription_grant_set`):
`subscription_email_get` answers with the link's email for that auto order and for nothing else, so the
customer can act on it but sees no other order or subscription until they sign in fully.
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
from django.utils.translation import gettext as _

from portal.core.emails import email_key
from portal.core.errors import error_response

SESSION_KEY = "customer_email"
# The email a thank-you page offers to sign in with; kept in the session so it never appears in a URL.
HINT_SESSION_KEY = "sign_in_email_hint"


# On a shared device the sign-in also ends on the server after this long, whatever the browser restores.
SHARED_DEVICE_HOURS = 12
SHARED_UNTIL_SESSION_KEY = "signed_in_until"


VIEW_AS_SESSION_KEY = "view_as_customer"
VIEW_AS_PERMISSION = "merchant.view_as_customer"  # checked on every request: withdrawing it ends a view-as
# A view-as ends by itself after this long, should the staff member forget to stop it.
VIEW_AS_MINUTES = 60


@dataclass(frozen=True, slots=True)
class ViewAs:
    email: str  # the customer being viewed
    staff_id: int
    staff_username: str
    started_at: datetime


def _staff_user(request: HttpRequest) -> tuple[int, str] | None:
    user = getattr(request, "user", None)
    if user is None or not (user.is_authenticated and user.is_active and getattr(user, "is_staff", False)):
        return None
    if not user.has_perm(VIEW_AS_PERMISSION):
        return None
    return int(user.pk), user.get_username()


def view_as_get(request: HttpRequest) -> ViewAs | None:
    """The customer a staff member is viewing as in this request, or None (always None for non-staff).

    The session value alone is never enough: it must name the staff user signed in to the admin right now.
    """
    session = getattr(request, "session", None)
    raw = session.get(VIEW_AS_SESSION_KEY) if session is not None else None
    if not isinstance(raw, dict) or not isinstance(raw.get("email"), str) or not raw["email"]:
        return None
    staff = _staff_user(request)
    if staff is None or raw.get("staff") != staff[0]:
        return None
    try:
        started_at = datetime.fromisoformat(str(raw.get("at")))
    except ValueError:
        return None
    if timezone.now() - started_at >= timedelta(minutes=VIEW_AS_MINUTES):
        return None
    return ViewAs(email=raw["email"], staff_id=staff[0], staff_username=staff[1], started_at=started_at)


def view_as_start(request: HttpRequest, *, email: str) -> ViewAs:
    """Staff with the view-as permission only (the admin view checks; so does this). Nothing else in the
    session changes."""
    staff = _staff_user(request)
    if staff is None:
        raise PermissionError("only staff with the view-as permission may view as a customer")
    started_at = timezone.now()
    email = email_key(email)
    request.session[VIEW_AS_SESSION_KEY] = {"email": email, "staff": staff[0], "at": started_at.isoformat()}
    return ViewAs(email=email, staff_id=staff[0], staff_username=staff[1], started_at=started_at)


def view_as_stop(request: HttpRequest) -> ViewAs | None:
    """End viewing as: the session is left exactly as it was before it started."""
    current = view_as_get(request)
    if VIEW_AS_SESSION_KEY in request.session:
        del request.session[VIEW_AS_SESSION_KEY]
    return current


def staff_signed_in(request: HttpRequest) -> bool:
    """This browser is signed in to the admin (any staff user, whatever their permissions)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and getattr(user, "is_staff", False))


def customer_may_act(request: HttpRequest) -> bool:
    """False while a staff member views as a customer: everything is read-only then."""
    return view_as_get(request) is None


def view_as_refusal(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        403,
        title=_("Read-only: you are viewing as a customer"),
        message=_("Nothing can be changed while viewing as a customer. Stop viewing to return to the admin."),
    )


def customer_acts[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Views that act as the customer (or start acting: the action pages): refused while viewing as."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        if isinstance(request, HttpRequest) and not customer_may_act(request):
            return view_as_refusal(request)
        return view(*args, **kwargs)

    update_wrapper(wrapper, view)
    return wrapper


def customer_email_get(request: HttpRequest) -> str | None:
    viewing = view_as_get(request)
    if viewing is not None:
        return viewing.email  # never the staff member's own sign-in, which stays as it was underneath
    email = request.session.get(SESSION_KEY)
    if not (isinstance(email, str) and email):
        return None
    until = request.session.get(SHARED_UNTIL_SESSION_KEY)
    if isinstance(until, str):
        try:
            if datetime.fromisoformat(until) <= timezone.now():
                return None
        except ValueError:
            return None
    return email


def customer_email_set(request: HttpRequest, email: str) -> None:
    # A new identity gets a new session id, so a session id planted before sign-in is worthless after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = email_key(email)


# A confirmed manage link: one auto order, for this browser session and at most this long on the server.
LINK_GRANT_SESSION_KEY = "subscription_link_grant"
LINK_GRANT_HOURS = 12


def subscription_grant_set(request: HttpRequest, *, email: str, auto_order_oid: int) -> None:
    """A confirmed manage link: a brand-new session that may see and change this one auto order.

    Like a sign-in, nothing from before survives (a planted session id, another customer's sign-in); the
    session ends with the browser, and on the server after LINK_GRANT_HOURS whatever the browser restores.
    """
    request.session.flush()
    until = timezone.now() + timedelta(hours=LINK_GRANT_HOURS)
    request.session[LINK_GRANT_SESSION_KEY] = {
        "email": email_key(email),
        "auto_order_oid": int(auto_order_oid),
        "until": until.isoformat(),
    }
    request.session.set_expiry(0)


def _link_grant(request: HttpRequest) -> tuple[str, int] | None:
    session = getattr(request, "session", None)
    grant = session.get(LINK_GRANT_SESSION_KEY) if session is not None else None
    if not isinstance(grant, dict) or not isinstance(grant.get("email"), str) or not grant["email"]:
        return None
    oid = grant.get("auto_order_oid")
    try:
        if not isinstance(oid, int) or datetime.fromisoformat(str(grant.get("until"))) <= timezone.now():
            return None
    except ValueError:
        return None
    return grant["email"], oid


def subscription_email_get(request: HttpRequest, *, auto_order_oid: int | None) -> str | None:
    """Who may see and change `auto_order_oid`: the signed-in customer (or the customer viewed as), else the
    email of a confirmed manage link for exactly this auto order. Ownership is still checked by the caller."""
    email = customer_email_get(request)
    if email is not None or auto_order_oid is None:
        return email
    grant = _link_grant(request)
    return grant[0] if grant is not None and grant[1] == auto_order_oid else None


def subscription_link_scoped(request: HttpRequest) -> bool:
    """This browser holds a manage link's one subscription, and no full sign-in."""
    return customer_email_get(request) is None and _link_grant(request) is not None


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
        until = timezone.now() + timedelta(hours=SHARED_DEVICE_HOURS)
        request.session[SHARED_UNTIL_SESSION_KEY] = until.isoformat()


def customer_sign_out(request: HttpRequest) -> None:
    request.session.flush()


def _own_path(value: str) -> str:
    """Only a path on this site: never another host, never a scheme (an open redirect)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


def sign_in_pending_set(request: HttpRequest, *, email: str, next_path: str) -> PendingSignIn:
    pending = PendingSignIn(email=email, next_path=_own_path(next_path))
    request.session[PENDING_SESSION_KEY] = {"email": pending.email, "next": pending.next_path}
    return pending


def sign_in_pending_get(request: HttpRequest) -> PendingSignIn | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("email"), str):
        return None
    return PendingSignIn(email=pending["email"], next_path=_own_path(str(pending.get("next") or "")))


def sign_in_hint_set(request: HttpRequest, email: str) -> None:
    if not customer_may_act(request):
        return  # a viewed customer's email must not stay behind in the staff member's session
    email = email_key(email)
    hint = request.session.get(HINT_SESSION_KEY)
    if not (isinstance(hint, dict) and hint.get("email") == email):  # no session write on every reload
        request.session[HINT_SESSION_KEY] = {"email": email, "at": timezone.now().isoformat()}


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


def subscription_customer_required[**P](
    view: Callable[Concatenate[HttpRequest, str, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """One subscription's pages: like `customer_required`, and a confirmed manage link for this very auto
    order (the URL's `auto_order_oid`) is enough too."""

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        oid = kwargs.get("auto_order_oid")
        email = subscription_email_get(request, auto_order_oid=oid if isinstance(oid, int) else None)
        if email is None:
            sign_in = reverse("accounts:sign_in")
            return HttpResponseRedirect(f"{sign_in}?{urlencode({'next': request.path})}")
        return view(request, email, *args, **kwargs)

    update_wrapper(wrapper, view)
    return wrapper
