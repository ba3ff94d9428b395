"""Sign-in by emailed code, sign-out, the account home and the order history.

Sign-in never asks UltraCart anything: the answer to "send me a code" is the same, in the same time, for
every address. Whether the address has orders shows only after the code proved the customer owns it.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.codes import (
    CodeCheck,
    code_lifetime_minutes,
    sign_in_code_check,
    sign_in_code_issue,
    sign_in_code_withdraw,
    sign_in_link_email,
    sign_in_link_use,
)
from portal.accounts.emails import sign_in_email_send
from portal.accounts.forms import CodeForm, EmailForm, LinkForm
from portal.accounts.hints import sign_in_hint_get
from portal.accounts.limits import sign_in_send_allowed, sign_in_try_allowed
from portal.accounts.pages import account_home_build, order_history_build
from portal.core.emails import email_mask
from portal.core.errors import error_response
from portal.core.headers import head_without_side_effects, order_page_headers
from portal.core.identity import (
    customer_email_get,
    customer_required,
    customer_sign_in,
    customer_sign_out,
    sign_in_pending_get,
    sign_in_pending_set,
    view_as_get,
)
from portal.merchant.view_as import view_as_end

logger = logging.getLogger(__name__)
_CODE_ERRORS = {  # lazy: translated when shown, in the customer's language
    CodeCheck.WRONG: gettext_lazy("That code isn't right. Check the latest email from us and try again."),
    CodeCheck.EXPIRED: gettext_lazy(
        "This code has expired or was replaced by a newer one. Ask for a new code below."
    ),
}


def _code_error(result: CodeCheck) -> str:
    if result is not CodeCheck.LOCKED:
        return str(_CODE_ERRORS[result])
    minutes = int(settings.PORTAL_SIGN_IN_LOCK_MINUTES)  # how long codes.py locks the address
    return ngettext(
        "Too many wrong codes for this address. For your safety, please wait %(minutes)d minute.",
        "Too many wrong codes for this address. For your safety, please wait %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@order_page_headers
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if customer_email_get(request) and request.method != "POST":
        return redirect("accounts:home")
    form = EmailForm(request.POST or None, initial={"email": sign_in_hint_get(request) or ""})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        next_path = request.POST.get("next") or request.GET.get("next", "")
        if not _code_sent(request, email):
            return render(request, "accounts/sign_in.html", {"form": form}, status=503)
        sign_in_pending_set(request, email=email, next_path=next_path)
        return redirect("accounts:sign_in_code")
    return render(request, "accounts/sign_in.html", {"form": form}, status=400 if form.errors else 200)


def _code_sent(request: HttpRequest, email: str) -> bool:
    """Send a code unless the limits say wait; False (with a message) only when the mail server failed."""
    if not sign_in_send_allowed(request=request, email=email):
        wait = _("We can't send another code just yet. Please use the latest one, or try again later.")
        messages.info(request, wait)
        return True
    try:
        sign_in_email_send(request=request, email=email, issued=sign_in_code_issue(email=email))
    except Exception:
        logger.exception("sign-in email not sent")  # the address is not logged: the scrubber removes it
        sign_in_code_withdraw(email=email)
        messages.warning(request, _("We couldn't send the email just now. Please try again in a minute."))
        return False
    return True


@order_page_headers
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    if "link" in request.GET or "link" in request.POST:
        return _sign_in_by_link(request)
    pending = sign_in_pending_get(request)
    if pending is None:
        return redirect("accounts:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not sign_in_try_allowed(request=request):
            return error_response(request, 429, retry_after=600)
        result = sign_in_code_check(email=pending.email, code=form.cleaned_data["code"])
        if result is CodeCheck.OK:
            customer_sign_in(request, pending.email, shared_device=form.cleaned_data["shared_device"])
            return HttpResponseRedirect(pending.next_path or reverse("accounts:home"))
        form.add_error("code", _code_error(result))
    context = {
        "form": form,
        "masked_email": email_mask(pending.email),
        "email": pending.email,
        "next": pending.next_path,
        "code_minutes": code_lifetime_minutes(),
    }
    return render(request, "accounts/sign_in_code.html", context, status=400 if form.errors else 200)


def _sign_in_by_link(request: HttpRequest) -> HttpResponse:
    """The link in the email opens a page with a button: a mail scanner opening links uses nothing up."""
    form = LinkForm(request.POST or None, initial={"link": request.GET.get("link", "")})
    if request.method == "POST" and form.is_valid():
        if not sign_in_try_allowed(request=request):
            return error_response(request, 429, retry_after=600)
        email = sign_in_link_use(link_key=form.cleaned_data["link"])
        if email is not None:
            customer_sign_in(request, email, shared_device=form.cleaned_data["shared_device"])
            return redirect("accounts:home")
    link = request.POST.get("link") or request.GET.get("link", "")
    email = sign_in_link_email(link_key=link) if request.method != "POST" else None
    context = {
        "form": form,
        "masked_email": email_mask(email) if email else "",
        "code_minutes": code_lifetime_minutes(),
    }
    return render(request, "accounts/sign_in_link.html", context, status=200 if email else 400)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if view_as_get(request) is not None:
        # Staff viewing as a customer: "Sign out" ends the view-as; the admin sign-in stays.
        view_as_end(request)
        return redirect("merchant_view_as")
    customer_sign_out(request)
    return redirect("home")


@order_page_headers
@require_safe
@head_without_side_effects
@customer_required
def home(request: HttpRequest, email: str) -> HttpResponse:
    return render(request, "accounts/home.html", {"page": account_home_build(email=email)})


@order_page_headers
@require_safe
@head_without_side_effects
@customer_required
def orders(request: HttpRequest, email: str) -> HttpResponse:
    page_number = request.GET.get("page", "1")
    history = order_history_build(email=email, page=int(page_number) if page_number.isdigit() else 1)
    return render(request, "accounts/orders.html", {"history": history})
