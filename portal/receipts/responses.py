"""The answers every order page shares when it cannot show the order."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from portal.core.errors import error_response


def order_missing_response(request: HttpRequest) -> HttpResponse:
    """The one 404 for every miss: an unknown token or order, or an order this visitor may not see.

    Identical in every case, so order ids cannot be probed.
    """
    return error_response(
        request,
        404,
        title=_("We couldn't find that order"),
        message=_("The link may be old or mistyped. Your confirmation email has a link to your order."),
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
