"""The thank-you page, the receipt page and "resend my confirmation email".

Every view asks access.py who may see what; UltraCart is reached only through portal.ultracart.
"""

import logging

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.accounts.identity import customer_acts, customer_may_act, sign_in_hint_set, staff_signed_in
from portal.core.errors import error_response
from portal.core.languages import language_for_order
from portal.merchant.conversion import conversion_csp_apply
from portal.receipts.access import Access, order_access_grant, order_access_level
from portal.receipts.conversion import conversion_view_record
from portal.receipts.guard import token_lookup_release, token_lookup_reserve, token_rate_limited
from portal.receipts.headers import head_without_side_effects, order_page_headers
from portal.receipts.lookup import order_for_visitor
from portal.receipts.pages import email_mask, order_page_build, resend_offered
from portal.receipts.resend import resend_retry_time, resend_return_path
from portal.receipts.responses import order_missing_response, order_unavailable_response
from portal.receipts.tokens import order_token_from_query
from portal.ultracart import (
    NotFound,
    Order,
    UltraCartError,
    order_get_by_token,
    order_receipt_resend,
    order_token_cached,
)

RESEND_INTERVAL_SECONDS = 10 * 60
logger = logging.getLogger(__name__)


def _order_response(request: HttpRequest, order: Order, *, template: str, first_view: bool) -> HttpResponse:
    access = order_access_level(request=request, order=order)
    if access is Access.NONE:
        return order_missing_response(request)
    if access is Access.FULL and order.email:
        sign_in_hint_set(request, order.email)
    return order_page_render(
        request, order=order, access=access, template=template, show_conversion=first_view
    )


def order_page_render(
    request: HttpRequest,
    *,
    order: Order,
    access: Access,
    template: str,
    show_conversion: bool,
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """An order page in the order's language; the merchant preview renders through here too."""
    language = language_for_order(request=request, order_language=order.language)
    with translation.override(language):
        page = order_page_build(order=order, access=access, show_conversion=show_conversion)
        response = render(request, template, {"page": page, "order": page.order, **(context or {})})
    if page.show_conversion:
        conversion_csp_apply(response)
    response["Content-Language"] = language
    return response


@order_page_headers
@require_safe
@head_without_side_effects
def thank_you(request: HttpRequest) -> HttpResponse:
    token = order_token_from_query(query=request.GET)
    if token is None:
        return error_response(request, 400)
    if token_rate_limited(request=request):
        return error_response(request, 429, retry_after=60)
    reservation = None
    if not order_token_cached(token=token):  # only a look-up that asks UltraCart can be a costly guess
        reservation = token_lookup_reserve(request=request)
        if reservation is None:
            return order_unavailable_response(request)
    try:
        order = order_get_by_token(token=token)
    except NotFound:
        return order_missing_response(request)  # the one outcome that keeps its reservation: a miss
    except UltraCartError:
        order = None
    if reservation is not None:
        token_lookup_release(reservation=reservation)
    if order is None:
        return order_unavailable_response(request)
    order_access_grant(request=request, order=order)
    # Staff are not the customer, viewing as or not: their visit is never the counted first view, and the
    # merchant's snippet (third-party scripts on our origin) never runs beside an admin session.
    customer_visit = customer_may_act(request) and not staff_signed_in(request)
    first_view = conversion_view_record(order_id=order.order_id) if customer_visit else False
    return _order_response(request, order, template="receipts/thank_you.html", first_view=first_view)


@order_page_headers
@require_safe
@head_without_side_effects
def receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    order = order_for_visitor(request=request, order_id=order_id)
    if isinstance(order, HttpResponse):
        return order
    return _order_response(request, order, template="receipts/receipt.html", first_view=False)


def _resend_slot_take(key: str) -> bool:
    try:
        # The value is when it was sent, so a second press can say when the next one is possible.
        return bool(cache.add(key, timezone.now().timestamp(), timeout=RESEND_INTERVAL_SECONDS))
    except Exception:  # a cache outage must not turn the button into an error page
        logger.warning("resend limit unavailable (cache down); allowing", exc_info=True)
        return True


def _resend_slot_release(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("resend limit could not be released (cache down)", exc_info=True)


@order_page_headers
@require_POST
@customer_acts
def resend_receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    order = order_for_visitor(request=request, order_id=order_id)
    if isinstance(order, HttpResponse):
        return order
    access = order_access_level(request=request, order=order)
    if access is Access.NONE:
        return order_missing_response(request)
    if not resend_offered(order=order):  # the page offers no button: a hand-made POST sends nothing either
        return HttpResponseRedirect(resend_return_path(request=request, order=order))
    with translation.override(language_for_order(request=request, order_language=order.language)):
        _resend_and_tell(request, order, access)
    return HttpResponseRedirect(resend_return_path(request=request, order=order))


def _resend_and_tell(request: HttpRequest, order: Order, access: Access) -> None:
    # Once per order per 10 minutes for everyone, so the button cannot be used to flood an inbox.
    key = f"receipts:resend:{order.order_id}"
    to = email_mask(order.email) if access is Access.FULL else ""  # a redacted page shows no email
    to = to or _("the email address on the order")
    if not _resend_slot_take(key):
        retry = resend_retry_time(key=key, interval_seconds=RESEND_INTERVAL_SECONDS)
        if retry:
            text = _(
                "We sent your confirmation email to %(to)s less than 10 minutes ago. "
                "Please check your spam folder, or try again at %(time)s."
            ) % {"to": to, "time": retry}
        else:
            text = _(
                "We sent your confirmation email to %(to)s less than 10 minutes ago. "
                "Please check your spam folder."
            ) % {"to": to}
        messages.info(request, text)
    else:
        try:
            order_receipt_resend(order_id=order.order_id)
        except UltraCartError:
            _resend_slot_release(key)  # nothing was sent, so the customer may try again
            messages.warning(request, _("We couldn't send the email just now. Please try again in a minute."))
        else:
            messages.success(request, _("We've sent your confirmation email again, to %(to)s.") % {"to": to})
