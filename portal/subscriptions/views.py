"""Subscription pages: the list, one subscription, and one page per action (choose -> review -> confirm)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import ultracart
from portal.accounts.identity import customer_acts, customer_required
from portal.core.client_ip import client_ip
from portal.core.errors import error_response
from portal.merchant.audit import audit_record
from portal.merchant.config import portal_settings_get
from portal.receipts.access import auto_order_access_allowed
from portal.subscriptions import services
from portal.subscriptions.flows import FLOWS, Flow
from portal.subscriptions.presentation import billing_page_url
from portal.subscriptions.selectors import flow_allowed, save_offers, subscription_cards, subscription_detail
from portal.subscriptions.tokens import form_token_issue
from portal.ultracart import AutoOrder, NotFound, UltraCartError


def _missing(request: HttpRequest) -> HttpResponse:
    """The one 404 for a missing subscription and for someone else's: ids cannot be probed."""
    return error_response(
        request,
        404,
        title=_("We couldn't find that subscription"),
        message=_("It may have been removed, or it belongs to another account."),
    )


def _unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(request, 503, retry_after=30)


def _owned(request: HttpRequest, auto_order_oid: int) -> AutoOrder | HttpResponse:
    try:
        auto_order = ultracart.auto_order_get(auto_order_oid=auto_order_oid)
    except NotFound:
        return _missing(request)
    except UltraCartError:
        return _unavailable(request)
    return (
        auto_order if auto_order_access_allowed(request=request, auto_order=auto_order) else _missing(request)
    )


@require_safe
@customer_required
def subscription_list(request: HttpRequest, email: str) -> HttpResponse:
    try:
        auto_orders = ultracart.auto_order_list_for_email(email=email)
    except NotFound:
        auto_orders = ()
    except UltraCartError:
        return _unavailable(request)
    owned = tuple(ao for ao in auto_orders if auto_order_access_allowed(request=request, auto_order=ao))
    return render(request, "subscriptions/list.html", {"cards": subscription_cards(owned)})


@require_safe
@customer_required
def subscription_page(request: HttpRequest, email: str, auto_order_oid: int) -> HttpResponse:
    auto_order = _owned(request, auto_order_oid)
    if isinstance(auto_order, HttpResponse):
        return auto_order
    return render(request, "subscriptions/detail.html", {"detail": subscription_detail(auto_order)})


@require_safe
@customer_acts
@customer_required
def subscription_card_update(request: HttpRequest, email: str, auto_order_oid: int) -> HttpResponse:
    try:
        url = services.auto_order_billing_url_get(request=request, auto_order_oid=auto_order_oid)
    except services.ActionNotFound:
        return _missing(request)
    except services.ActionError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("subscriptions:detail", args=[auto_order_oid]))
    # The card changes on UltraCart's page: forget our copy so the page shows the new card on the way back.
    ultracart.auto_order_cache_invalidate(auto_order_oid=auto_order_oid)
    back = request.build_absolute_uri(reverse("subscriptions:detail", args=[auto_order_oid]))
    return HttpResponseRedirect(billing_page_url(url, language=get_language(), back=back))


@require_http_methods(["GET", "HEAD", "POST"])
@customer_acts
@customer_required
def subscription_action(request: HttpRequest, email: str, auto_order_oid: int, action: str) -> HttpResponse:
    flow = FLOWS[action]
    confirming = request.method == "POST" and request.POST.get("step") == "confirm"
    # The pages use the cached copy (our own writes refresh it); the action itself reads fresh before writing.
    auto_order = _owned(request, auto_order_oid)
    if isinstance(auto_order, HttpResponse):
        if request.method == "POST":  # every attempt is recorded, a stranger's too
            audit_record(action=action, result="not_found", email=email, auto_order_oid=auto_order_oid,
                         client_address=client_ip(request))  # fmt: skip
        return auto_order
    allowed = flow_allowed(auto_order, action)
    form = flow.form(request.POST or None, allowed) if flow.form else None
    context: dict[str, Any] = {
        "flow": flow,
        "auto_order": auto_order,
        "form": form,
        "allowed": bool(allowed),
        "status": 200,
        "email": email,
    }
    if not allowed and not confirming:
        context.update(error=_("That change isn't available for this subscription right now."), status=409)
    elif request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        if confirming:
            return _confirm(request, flow, auto_order, data, context)
        context["changes"] = flow.review(auto_order, data, portal_settings_get())
        context["save_offers"] = save_offers(auto_order) if action == "cancel" else ()
    elif form is None:
        context["changes"] = flow.review(auto_order, {}, portal_settings_get())
    context["token"] = form_token_issue(email=email, auto_order_oid=auto_order_oid, action=action)
    return render(request, "subscriptions/action.html", context, status=context["status"])


def _confirm(
    request: HttpRequest, flow: Flow, auto_order: AutoOrder, data: dict[str, Any], context: dict[str, Any]
) -> HttpResponse:
    """The confirm click: act once, then back to the subscription; a refusal or failure stays on the page."""
    oid = auto_order.auto_order_oid
    try:
        done = flow.perform(request, oid, request.POST.get("token", ""), data, auto_order)
    except services.ActionNotFound:
        return _missing(request)
    except services.ActionRepeated as error:
        messages.info(request, error.message)
    except (services.ActionRefused, services.ActionFailed) as error:
        status = 409 if isinstance(error, services.ActionRefused) else 503
        context.update(
            error=error.message,
            status=status,
            allowed=status == 503,
            token=form_token_issue(email=context["email"], auto_order_oid=oid, action=flow.action),
        )
        return render(request, "subscriptions/action.html", context, status=status)
    else:
        messages.success(request, flow.done_message(done))
    return HttpResponseRedirect(reverse("subscriptions:detail", args=[oid]))
