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
from portal.core.errors import error_response, limit_response
from portal.core.identity import customer_acts, customer_required, subscription_customer_required
from portal.core.links import portal_url
from portal.merchant.actions import SubscriptionAction
from portal.merchant.audit import audit_record
from portal.merchant.config import portal_settings_get
from portal.subscriptions import services
from portal.subscriptions.access import auto_order_access_allowed
from portal.subscriptions.actors import actor_from_request
from portal.subscriptions.errors import (
    ActionBusy,
    ActionChanged,
    ActionError,
    ActionExpired,
    ActionFailed,
    ActionLimited,
    ActionNotFound,
    ActionRefused,
    ActionRepeated,
    ActionUnconfirmed,
)
from portal.subscriptions.offers import offer_origin, save_offers_for, save_offers_shown_record
from portal.subscriptions.presentation import billing_page_url
from portal.subscriptions.registry import PAGES, REGISTRY, Page, page_entry, page_form
from portal.subscriptions.selectors import flow_allowed, subscription_cards, subscription_detail
from portal.subscriptions.summaries import auto_order_fingerprint
from portal.subscriptions.tokens import form_token_issue
from portal.ultracart import AutoOrder, NotFound, UltraCartError, VisitorLimited


def _missing(request: HttpRequest) -> HttpResponse:
    """The one 404 for a missing subscription and for someone else's: ids cannot be probed."""
    return error_response(
        request,
        404,
        title=_("We couldn't find that subscription"),
        message=_("It may have been removed, or it belongs to another account."),
    )


def _unavailable(request: HttpRequest, error: UltraCartError) -> HttpResponse:
    if isinstance(error, VisitorLimited):  # our own limit, not UltraCart: said so, with when to come back
        return limit_response(request, retry_after=error.retry_after)
    return error_response(request, 503, retry_after=30)


def _owned(request: HttpRequest, auto_order_oid: int) -> AutoOrder | HttpResponse:
    try:
        auto_order = ultracart.auto_order_get(auto_order_oid=auto_order_oid)
    except NotFound:
        return _missing(request)
    except UltraCartError as error:
        return _unavailable(request, error)
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
    except UltraCartError as error:
        return _unavailable(request, error)
    owned = tuple(ao for ao in auto_orders if auto_order_access_allowed(request=request, auto_order=ao))
    return render(request, "subscriptions/list.html", {"cards": subscription_cards(owned)})


@require_safe
@subscription_customer_required
def subscription_page(request: HttpRequest, email: str, auto_order_oid: int) -> HttpResponse:
    auto_order = _owned(request, auto_order_oid)
    if isinstance(auto_order, HttpResponse):
        return auto_order
    return render(request, "subscriptions/detail.html", {"detail": subscription_detail(auto_order)})


@require_safe
@customer_acts
@subscription_customer_required
def subscription_card_update(request: HttpRequest, email: str, auto_order_oid: int) -> HttpResponse:
    entry = REGISTRY[SubscriptionAction.UPDATE_CARD]
    actor = actor_from_request(request)
    try:
        url = services.auto_order_billing_url_get(actor=actor, auto_order_oid=auto_order_oid, entry=entry)
    except ActionNotFound:
        return _missing(request)
    except ActionLimited as error:  # our own limit: stay, say so and when (no bounce back)
        return limit_response(request, retry_after=error.retry_after)
    except ActionError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("subscriptions:detail", args=[auto_order_oid]))
    # The card changes on UltraCart's page: forget our copy so the page shows the new card on the way back.
    ultracart.auto_order_cache_invalidate(auto_order_oid=auto_order_oid)
    back = portal_url(reverse("subscriptions:detail", args=[auto_order_oid]))
    return HttpResponseRedirect(billing_page_url(url, language=get_language(), back=back))


@require_http_methods(["GET", "HEAD", "POST"])
@customer_acts
@subscription_customer_required
def subscription_action(
    request: HttpRequest, email: str, auto_order_oid: int, action: SubscriptionAction
) -> HttpResponse:
    page = PAGES[action]
    confirming = request.method == "POST" and request.POST.get("step") == "confirm"
    # The pages use the cached copy (our own writes refresh it); the action itself reads fresh before writing.
    auto_order = _owned(request, auto_order_oid)
    if isinstance(auto_order, HttpResponse):
        if request.method == "POST":  # every attempt is recorded, a stranger's too
            audit_record(action=page.action, result="not_found", email=email, auto_order_oid=auto_order_oid,
                         client_address=actor_from_request(request).client_address)  # fmt: skip
        return auto_order
    allowed = flow_allowed(auto_order, page.action)
    try:  # the swap and add-on forms read their items from UltraCart's catalogue (cached)
        posted = request.POST or None
        form = page_form(page, posted, allowed=allowed, auto_order=auto_order, query=request.GET)
    except UltraCartError as error:
        return _unavailable(request, error)
    # A save offer's page carries the cancel reason it answers; the action's audit records it.
    offer = offer_origin(action=page.action, offer=request.POST.get("offer") or request.GET.get("offer", ""))
    context: dict[str, Any] = {"flow": page, "form": form, "status": 200, "email": email, "offer": offer}
    if not allowed and not confirming:
        context.update(error=_("That change isn't available for this subscription right now."), status=409)
    elif request.method == "POST" and (form is None or form.is_valid()):
        data = {**(form.cleaned_data if form else {}), "offer": offer}
        if confirming:
            return _confirm(request, page, auto_order, data, context)
        _review(context, page, auto_order, data, request)
    elif form is None:
        _review(context, page, auto_order, {"offer": offer}, request)
    elif confirming:  # a hostile or stale post: refused, audited by field name, never by value
        services.action_refusal_record(
            actor=actor_from_request(request), auto_order_oid=auto_order_oid, action=page.action,
            reason=f"invalid form: {', '.join(sorted(form.errors))}",
        )  # fmt: skip
    return _render(request, context, auto_order, allowed=bool(allowed))


def _review(
    context: dict[str, Any],
    page: Page,
    auto_order: AutoOrder,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> None:
    entry = page_entry(page.action, data)
    config = portal_settings_get()
    try:
        plan = entry.plan(auto_order=auto_order, data=data, config=config)
    except ActionRefused as error:
        context.update(error=error.message, status=409)
        return
    assert entry.review is not None, entry.action
    try:
        context["changes"] = entry.review(auto_order=auto_order, plan=plan, config=config)
    except UltraCartError:  # an item's name and price could not be read: no review, nothing to confirm
        context.update(error=_("We couldn't reach our store systems. Please try again soon."), status=503)
        return
    if page.action == SubscriptionAction.CANCEL:  # the offers page is the cancel's review
        context["save_offers"] = offers = save_offers_for(auto_order, reason=plan.reason)
        if offers and request is not None:
            save_offers_shown_record(
                actor=actor_from_request(request), auto_order=auto_order, reason=plan.reason, offers=offers
            )
    context["can_reactivate"] = SubscriptionAction.REACTIVATE in config.subscription_actions


def _render(
    request: HttpRequest, context: dict[str, Any], auto_order: AutoOrder, *, allowed: bool
) -> HttpResponse:
    """The action page, with a new one-time token bound to the state this page shows."""
    context.update(auto_order=auto_order, allowed=allowed)
    context["token"] = form_token_issue(
        email=context["email"], auto_order_oid=auto_order.auto_order_oid, action=context["flow"].action,
        seen=auto_order_fingerprint(auto_order),
    )  # fmt: skip
    response = render(request, "subscriptions/action.html", context, status=context["status"])
    if context.get("retry_after"):
        response["Retry-After"] = str(context["retry_after"])
    return response


def _confirm(
    request: HttpRequest, page: Page, auto_order: AutoOrder, data: dict[str, Any], context: dict[str, Any]
) -> HttpResponse:
    """The confirm click: act once, then back to the subscription; a refusal or failure stays on the page."""
    oid, entry = auto_order.auto_order_oid, page_entry(page.action, data)
    try:
        done = services.action_perform(
            actor=actor_from_request(request), auto_order_oid=oid, entry=entry, data=data,
            reviewed=auto_order, form_token=request.POST.get("token", ""),
        )  # fmt: skip
    except ActionNotFound:
        return _missing(request)
    except (ActionChanged, ActionExpired) as error:  # shown again as it is now, to review and confirm again
        current = error.fresh if isinstance(error, ActionChanged) else auto_order
        context.update(status=409)
        current_allowed = flow_allowed(current, page.action)
        if current_allowed:
            _review(context, page, current, data, request)
        context["error"] = error.message
        return _render(request, context, current, allowed=bool(current_allowed))
    except ActionRepeated as error:
        messages.info(request, error.message)
    except ActionUnconfirmed as error:
        messages.warning(request, error.message)
    except ActionLimited as error:  # our own limit refused: a 429 that says so and when, never an outage
        context.update(error=error.message, status=429, retry_after=error.retry_after)
        return _render(request, context, auto_order, allowed=True)
    except ActionError as error:
        failed = isinstance(error, ActionFailed | ActionBusy)
        context.update(error=error.message, status=503 if isinstance(error, ActionFailed) else 409)
        if isinstance(error, ActionBusy):
            context["retry_after"] = error.retry_after
        return _render(request, context, auto_order, allowed=failed)
    else:
        assert entry.done is not None, entry.action
        messages.success(request, entry.done(done=done))
    return HttpResponseRedirect(reverse("subscriptions:detail", args=[oid]))
