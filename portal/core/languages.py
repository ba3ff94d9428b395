"""Which language a page about an order speaks: the order's own, when the portal speaks it.

UltraCart's receipt on that page and the invoice come in the order's language, so the page around them does
too, whatever the browser asks for. Other pages follow the browser (LocaleMiddleware).
"""

from django.conf import settings


def language_for_order(*, order_language: str) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    return order_language if order_language in supported else settings.LANGUAGE_CODE
