"""Which language a page speaks: the visitor's own choice first, then the order's, then the browser's.

An explicit choice is the footer switch (Django's language cookie) or, for a signed-in customer on a device
that has no cookie yet, the choice they last made while signed in (`CustomerLanguage`, set again as a
cookie by `CustomerLanguageMiddleware`). Only a visitor who has not chosen reads an order page in the order's
own language (UltraCart's receipt and invoice come in it); elsewhere they get what the browser asks for.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language

from portal.core.emails import email_key
from portal.core.identity import customer_email_get, view_as_get
from portal.core.models import CustomerLanguage


def language_supported(code: str | None) -> bool:
    return bool(code) and code in {supported for supported, _name in settings.LANGUAGES}


def language_chosen(request: HttpRequest) -> str | None:
    """The visitor's explicit choice, or None when they have made none."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code and language_supported(code) else None


def language_for_order(*, request: HttpRequest | None, order_language: str) -> str:
    """The language of a page (or invoice) about an order whose UltraCart language is `order_language`."""
    chosen = language_chosen(request) if request is not None else None
    if chosen:
        return chosen
    if language_supported(order_language):
        return order_language
    return translation.get_language() if request is not None else settings.LANGUAGE_CODE


def customer_language_get(*, email: str) -> str | None:
    saved = CustomerLanguage.objects.filter(email_key=email_key(email)).values_list("language", flat=True)
    code = saved.first()
    return code if language_supported(code) else None


def customer_language_set(*, email: str, language: str) -> None:
    if language_supported(language):
        CustomerLanguage.objects.update_or_create(email_key=email_key(email), defaults={"language": language})


def _signed_in_customer(request: HttpRequest) -> str | None:
    # Staff viewing as a customer choose for themselves: the customer's own choice is neither read nor kept.
    return None if view_as_get(request) is not None else customer_email_get(request)


def language_switch(request: HttpRequest) -> HttpResponse:
    """POST /i18n/setlang/: Django's set_language; a signed-in customer's choice is kept for all devices."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    email = _signed_in_customer(request) if request.method == "POST" else None
    if email and response.status_code == 302 and language_supported(chosen):
        customer_language_set(email=email, language=chosen)
    return response


def _cookie_set(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Keep `language` as this browser's choice (an emailed link says which language its customer reads)."""
    if language_supported(language):
        _cookie_set(response, language)


_LOOKED_UP = "language_looked_up"  # the session's customer whose saved choice was already asked for


class CustomerLanguageMiddleware:
    """A signed-in customer's last choice on a device without the cookie: used now, and set as the cookie.

    After LocaleMiddleware. Costs one indexed query, once per session: afterwards the cookie answers, or the
    session remembers there was nothing to find.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        saved = None
        session = getattr(request, "session", None)
        if language_chosen(request) is None and session is not None and session.session_key:
            email = _signed_in_customer(request)
            # Asked once per session: a customer who never chose costs no query on their next pages.
            if email and session.get(_LOOKED_UP) != email:
                saved = customer_language_get(email=email)
                session[_LOOKED_UP] = email
        if saved is None:
            return self.get_response(request)
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = saved  # language_chosen() sees it from here on
        translation.activate(saved)
        request.LANGUAGE_CODE = saved
        response = self.get_response(request)
        _cookie_set(response, saved)
        return response
