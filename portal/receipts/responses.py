"""The answers every order page shares when it cannot show the order."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.errors import error_response
from portal.core.identity import customer_email_get

_ORDER_PATH_PREFIX = "/orders/"


def order_missing_response(request: HttpRequest) -> HttpResponse:
    """The one 404 for every miss: an unknown token or order, or an order this visitor may not see.

    Identical in every case, so order ids cannot be probed. A visitor who is not signed in is offered sign-in
    (as the subscription pages do), back to this order page afterwards: the same page whether or not the
    order exists, and one that asked UltraCart nothing when the visitor holds no link to the order.
    """
    signed_out = customer_email_get(request) is None
    if signed_out and request.path.startswith(_ORDER_PATH_PREFIX):
        return _sign_in_offer_response(request)
    return error_response(
        request,
        404,
        title=_("We couldn't find that order"),
        message=_("The link may be old or mistyped. Your confirmation email has a link to your order."),
        context={"sign_in_offer": signed_out},  # a thank-you link that found nothing: sign-in still works
    )


def order_unavailable_response(request: HttpRequest) -> HttpResponse:
    # Never a false alarm: the payment went through at checkout, only our view of it is late.
    return error_response(
        request,
        503,
        retry_after=30,
        title=_("We're still loading your order"),
        message=_(
            "Your order was received and your confirmation email is on its way. "
            "Please reload this page in a minute to see your receipt."
        ),
        # A way in without the token: under a flood of guesses the token look-up may wait, sign-in not.
        context={"sign_in_offer": True},
    )


def _sign_in_offer_response(request: HttpRequest) -> HttpResponse:
    # Back to this page after sign-in: an order id travels in `next`, never a token or an email.
    order_page = request.path.removesuffix("invoice.pdf")  # the invoice's order page, not a download
    sign_in = f"{reverse('accounts:sign_in')}?{urlencode({'next': order_page})}"
    return error_response(
        request,
        404,
        title=_("Sign in to see this order"),
        message=_(
            "Orders are shown to the customer who placed them. Sign in with the email address you "
            "ordered with: if the order is yours, it opens right after."
        ),
        context={"sign_in_url": sign_in},
    )
