"""/account/subscriptions/<oid>/link/?t=…: an emailed manage link's confirm page (GET) and its button (POST).

GET changes nothing (no session, no grant, no audit): mail scanners open links. A browser already signed in
as the link's customer goes straight on. The POST (CSRF) confirms and grants that one subscription.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.core.client_ip import client_ip
from portal.core.errors import error_response, limit_response
from portal.core.identity import customer_acts, subscription_email_get, subscription_grant_set
from portal.core.languages import language_chosen, language_cookie_set, language_supported
from portal.subscriptions.errors import ActionNotFound
from portal.subscriptions.link_sign_in import LIMIT_RETRY_AFTER, manage_link_confirm, manage_link_rate_limited
from portal.subscriptions.manage_links import (
    LinkProblem,
    ManageLinkInvalid,
    manage_link_read,
    manage_link_sent_to,
)
from portal.ultracart import UltraCartError, VisitorLimited


def _problem(request: HttpRequest, problem: LinkProblem, auto_order_oid: int) -> HttpResponse:
    """A link that cannot sign in: what happened, plainly, and the normal sign-in (back to this page)."""
    words = {
        LinkProblem.EXPIRED: (_("This link has expired"), _(
            "Links in our emails work for 7 days. Sign in with your email address to manage your "
            "subscription.")),
        LinkProblem.USED: (_("This link was already used"), _(
            "Each link in our emails opens your subscription once. Sign in with your email address, or use "
            "the link in a newer email.")),
        LinkProblem.EMAIL_CHANGED: (_("This link no longer works"), _(
            "The email address of this subscription changed after we sent the link. Sign in with the "
            "subscription's current email address.")),
    }  # fmt: skip
    title, message = words.get(problem, (_("That link doesn't work"), _(
        "It may have been cut off or changed on its way. Sign in with your email address to manage your "
        "subscription.")))  # fmt: skip
    next_path = reverse("subscriptions:detail", args=[auto_order_oid])
    sign_in = f"{reverse('accounts:sign_in')}?{urlencode({'next': next_path})}"
    status = 400 if problem in (LinkProblem.MANGLED, LinkProblem.OTHER_SUBSCRIPTION) else 403
    return error_response(request, status, title=title, message=message, context={"sign_in_url": sign_in})


@require_http_methods(["GET", "HEAD", "POST"])
@customer_acts
def subscription_link(request: HttpRequest, auto_order_oid: int) -> HttpResponse:
    if manage_link_rate_limited(request=request, rate=settings.PORTAL_MANAGE_LINK_RATE):
        return limit_response(request, retry_after=LIMIT_RETRY_AFTER)
    if request.method != "POST":
        return _confirm_page(request, request.GET.get("t", ""), auto_order_oid)
    try:
        confirmed = manage_link_confirm(
            token=request.POST.get("t", ""), auto_order_oid=auto_order_oid, client_address=client_ip(request)
        )
    except ManageLinkInvalid as error:
        return _problem(request, error.problem, auto_order_oid)
    except ActionNotFound:
        title, message = _("We couldn't find that subscription"), _("It may have been removed.")
        return error_response(request, 404, title=title, message=message)
    except VisitorLimited as error:  # our own limit, not UltraCart: said so, with when
        return limit_response(request, retry_after=error.retry_after)
    except UltraCartError:
        return error_response(request, 503, retry_after=30)
    subscription_grant_set(request, email=confirmed.email, auto_order_oid=auto_order_oid)
    response = HttpResponseRedirect(confirmed.landing)
    if language_chosen(request) is None:  # the pages that follow speak the email's language
        language_cookie_set(response, confirmed.language)
    return response


def _confirm_page(request: HttpRequest, token: str, auto_order_oid: int) -> HttpResponse:
    try:
        link = manage_link_read(token=token, auto_order_oid=auto_order_oid)
    except ManageLinkInvalid as error:
        return _problem(request, error.problem, auto_order_oid)
    signed_in = subscription_email_get(request, auto_order_oid=auto_order_oid)
    if signed_in and manage_link_sent_to(link, email=signed_in):
        return HttpResponseRedirect(link.landing)  # already the link's customer here: nothing to confirm
    context = {"token": token, "purpose": str(link.purpose), "auto_order_oid": auto_order_oid}
    # A browser that chose no language reads the page in the email's (nothing is kept: GET changes nothing).
    speaks = link.language if language_chosen(request) is None and language_supported(link.language) else None
    with translation.override(speaks or translation.get_language()):
        return render(request, "subscriptions/link_confirm.html", context)
