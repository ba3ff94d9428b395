"""Sign-in by emailed code, sign-out, the account home and the order history.

Sign-in never asks UltraCart anything: the answer to "send me a code" is the same, in the same time, for
every address. Whether the address has orders shows only after the code proved the customer owns it.
"""

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.codes import (
    CodeCheck,
    CodeResult,
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
from portal.accounts.limits import SendRefusal, sign_in_send_reserve, sign_in_try_allowed
from portal.accounts.notices import CODE_GONE, code_check_notice, send_refusal_notice
from portal.accounts.pages import account_home_build, order_history_build
from portal.core.client_ip import client_ip
from portal.core.emails import email_mask
from portal.core.errors import error_response
from portal.core.headers import head_without_side_effects, order_page_headers
from portal.core.identity import (
    PendingSignIn,
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


@order_page_headers
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if customer_email_get(request) and request.method != "POST":
        return redirect("accounts:home")
    form = EmailForm(request.POST or None, initial={"email": sign_in_hint_get(request) or ""})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        next_path = request.POST.get("next") or request.GET.get("next", "")
        refusal = sign_in_send_reserve(request=request, email=email)
        if refusal is None and not _code_sent(request, email):
            return render(request, "accounts/sign_in.html", {"form": form}, status=503)
        pending = sign_in_pending_set(request, email=email, next_path=next_path)
        if refusal is not None:  # nothing sent: the code page says why and when, as a 429
            return _code_page(request, CodeForm(), pending, refusal=refusal)
        return redirect("accounts:sign_in_code")
    return render(request, "accounts/sign_in.html", {"form": form}, status=400 if form.errors else 200)


def _code_sent(request: HttpRequest, email: str) -> bool:
    """Send a code (the limits allowed it); False (with a message) only when the mail server failed."""
    try:
        sign_in_email_send(request=request, email=email, issued=sign_in_code_issue(email=email))
    except Exception:
        logger.exception("sign-in email not sent")  # the address is not logged: the scrubber removes it
        sign_in_code_withdraw(email=email)
        messages.warning(request, _("We couldn't send the email just now. Please try again in a minute."))
        return False
    return True


def _code_page(
    request: HttpRequest,
    form: CodeForm,
    pending: PendingSignIn,
    *,
    result: CodeResult | None = None,
    refusal: SendRefusal | None = None,
) -> HttpResponse:
    masked = email_mask(pending.email)
    context = {
        "form": form,
        "masked_email": masked,
        "email": pending.email,
        "next": pending.next_path,
        "refusal": send_refusal_notice(refusal, masked_email=masked) if refusal else "",
        "code_gone": code_check_notice(result) if result and result.check in CODE_GONE else "",
        "code_locked": result is not None and result.check is CodeCheck.LOCKED,
        "code_minutes": code_lifetime_minutes(),
    }
    status = 429 if refusal else 400 if form.errors or context["code_gone"] else 200
    response = render(request, "accounts/sign_in_code.html", context, status=status)
    if refusal:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@order_page_headers
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    if "link" in request.GET or "link" in request.POST:
        return _sign_in_by_link(request)
    pending = sign_in_pending_get(request)
    if pending is None:
        return redirect("accounts:sign_in")
    form = CodeForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        if not sign_in_try_allowed(request=request):
            return error_response(request, 429, retry_after=600)
        code, address = form.cleaned_data["code"], client_ip(request)
        result = sign_in_code_check(email=pending.email, code=code, client_address=address)
        if result.check is CodeCheck.OK:
            customer_sign_in(request, pending.email, shared_device=form.cleaned_data["shared_device"])
            return HttpResponseRedirect(pending.next_path or reverse("accounts:home"))
        if result.check is CodeCheck.WRONG:
            form.add_error("code", code_check_notice(result))
    return _code_page(request, form, pending, result=result)


def _sign_in_by_link(request: HttpRequest) -> HttpResponse:
    """The link in the email opens a page with a button: a mail scanner opening links uses nothing up."""
    form = LinkForm(request.POST or None, initial={"link": request.GET.get("link", "")})
    if request.method == "POST" and form.is_valid():
        if not sign_in_try_allowed(request=request):
            return error_response(request, 429, retry_after=600)
        email = sign_in_link_use(link_key=form.cleaned_data["link"], client_address=client_ip(request))
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
