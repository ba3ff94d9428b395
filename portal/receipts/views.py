"""The thank-you page, the receipt page and "resend my confirmation email".

Every view asks access.py who may see what; UltraCart is reached only through portal.ultracart.
"""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from portal.core.cache_safe import cache_fail_open
from portal.core.emails import email_mask
from portal.core.errors import error_response, limit_message, limit_response
from portal.core.headers import head_without_side_effects, order_page_headers
from portal.core.identity import customer_acts, customer_may_act, sign_in_hint_set, staff_signed_in
from portal.core.languages import language_for_order
from portal.merchant.conversion import conversion_csp_apply
from portal.receipts.access import Access, order_access_grant, order_access_level
from portal.receipts.conversion import conversion_view_record
from portal.receipts.guard import LookupRefused, guessing_limits, token_rate_limited
from portal.receipts.lookup import order_for_visitor
from portal.receipts.pages import order_page_build, resend_offered
from portal.receipts.resend import resend_audit, resend_retry_time, resend_return_path
from portal.receipts.responses import order_missing_response, order_unavailable_response
from portal.receipts.tokens import order_token_from_query
from portal.ultracart import (
    NotFound,
    Order,
    UltraCartError,
    VisitorLimited,
    order_get_by_token,
    order_receipt_resend,
    order_token_cached,
    ultracart_last_request_id,
)

RESEND_INTERVAL_SECONDS = 10 * 60


def _order_response(
    request: HttpRequest, order: Order, access: Access, *, template: str, first_view: bool
) -> HttpResponse:
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
    try:
        # Only a look-up that asks UltraCart can be a costly guess; a miss keeps its reservation.
        with guessing_limits(request=request, costly=not order_token_cached(token=token)):
            order = order_get_by_token(token=token)
    except LookupRefused:
        return order_unavailable_response(request)
    except NotFound:
        return order_missing_response(request)
    except VisitorLimited as refusal:
        return limit_response(request, retry_after=refusal.retry_after)
    except UltraCartError:
        return order_unavailable_response(request)
    order_access_grant(request=request, order=order)
    # Staff are not the customer, viewing as or not: their visit is never the counted first view, and the
    # merchant's snippet (third-party scripts on our origin) never runs beside an admin session.
    customer_visit = customer_may_act(request) and not staff_signed_in(request)
    first_view = conversion_view_record(order_id=order.order_id) if customer_visit else False
    access = order_access_level(request=request, order=order)
    return _order_response(request, order, access, template="receipts/thank_you.html", first_view=first_view)


@order_page_headers
@require_safe
@head_without_side_effects
def receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    visible = order_for_visitor(request=request, order_id=order_id)
    if isinstance(visible, HttpResponse):
        return visible
    return _order_response(
        request, visible.order, visible.access, template="receipts/receipt.html", first_view=False
    )


def _resend_slot_take(key: str) -> bool:
    with cache_fail_open("resend limit: allowing"):  # an outage must not turn the button into an error
        # The value is when it was sent, so a second press can say when the next one is possible.
        return bool(cache.add(key, timezone.now().timestamp(), timeout=RESEND_INTERVAL_SECONDS))
    return True


def _resend_slot_release(key: str) -> None:
    with cache_fail_open("resend limit: not released"):
        cache.delete(key)


@order_page_headers
@require_POST
@customer_acts
def resend_receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    visible = order_for_visitor(request=request, order_id=order_id)
    if isinstance(visible, HttpResponse):
        return visible
    if not resend_offered(order=visible.order):  # no button offered: a hand-made POST sends nothing either
        return HttpResponseRedirect(resend_return_path(request=request, order=visible.order))
    with translation.override(language_for_order(request=request, order_language=visible.order.language)):
        _resend_and_tell(request, visible.order, visible.access)
    return HttpResponseRedirect(resend_return_path(request=request, order=visible.order))


def _resend_wait_text(*, to: str, retry: str) -> str:
    """Said when the last email went out less than RESEND_INTERVAL_SECONDS ago."""
    minutes = RESEND_INTERVAL_SECONDS // 60
    if retry:
        return ngettext(
            "We sent your confirmation email to %(to)s less than %(minutes)d minute ago. "
            "Please check your spam folder, or try again at %(time)s.",
            "We sent your confirmation email to %(to)s less than %(minutes)d minutes ago. "
            "Please check your spam folder, or try again at %(time)s.",
            minutes,
        ) % {"to": to, "time": retry, "minutes": minutes}
    return ngettext(
        "We sent your confirmation email to %(to)s less than %(minutes)d minute ago. "
        "Please check your spam folder.",
        "We sent your confirmation email to %(to)s less than %(minutes)d minutes ago. "
        "Please check your spam folder.",
        minutes,
    ) % {"to": to, "minutes": minutes}


def _resend_and_tell(request: HttpRequest, order: Order, access: Access) -> None:
    # Once per order per RESEND_INTERVAL_SECONDS for everyone, so the button cannot flood an inbox.
    key = f"receipts:resend:{order.order_id}"
    to = email_mask(order.email) if access is Access.FULL else ""  # a redacted page shows no email
    to = to or _("the email address on the order")
    if not _resend_slot_take(key):
        retry = resend_retry_time(key=key, interval_seconds=RESEND_INTERVAL_SECONDS)
        messages.info(request, _resend_wait_text(to=to, retry=retry))
        resend_audit(request=request, order=order, result="refused", detail="sent less than 10 minutes ago")
    else:
        try:
            order_receipt_resend(order_id=order.order_id)
        except VisitorLimited as refusal:  # our own limit, before UltraCart was asked: say so, not a failure
            _resend_slot_release(key)
            messages.warning(request, limit_message(retry_after=refusal.retry_after))
            resend_audit(request=request, order=order, result="limited", detail="visitor limit")
        except UltraCartError as error:
            _resend_slot_release(key)  # nothing was sent, so the customer may try again
            messages.warning(request, _("We couldn't send the email just now. Please try again in a minute."))
            resend_audit(request=request, order=order, result="failed", detail=type(error).__name__,
                         ultracart_request_id=error.request_id)  # fmt: skip
        else:
            messages.success(request, _("We've sent your confirmation email again, to %(to)s.") % {"to": to})
            resend_audit(
                request=request, order=order, result="ok", ultracart_request_id=ultracart_last_request_id()
            )
