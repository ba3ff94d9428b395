"""The merchant's branding on every page: the template context (settings names it) and /brand.css."""

import re

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from portal.core.identity import subscription_link_scoped, view_as_get
from portal.merchant.config import portal_settings_get

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def branding(request: HttpRequest) -> dict[str, object]:
    brand = portal_settings_get()
    # The accent colour lands in a style sheet: only a plain hex value may pass.
    accent = brand.accent_color if _HEX_COLOR.match(brand.accent_color) else "#2f5d50"
    # Only sessions that exist are read: a first visit costs no session query for the header.
    signed_in = bool(getattr(request, "session", None) and request.session.get("customer_email"))
    # Staff viewing as a customer (honoured for that staff user only): the banner, and read-only pages.
    viewing_as = view_as_get(request)
    return {
        "brand": brand,
        "brand_accent": accent,
        "customer_signed_in": signed_in or viewing_as is not None,
        "viewing_as": viewing_as,
        # A confirmed manage link: one subscription, no full sign-in (the pages say so and offer sign-in).
        "customer_link_scoped": not signed_in and viewing_as is None and _link_scoped(request),
    }


def _link_scoped(request: HttpRequest) -> bool:
    return bool(getattr(request, "session", None)) and subscription_link_scoped(request)


@require_safe
def brand_css(request: HttpRequest) -> HttpResponse:
    """The merchant's accent colour as a style sheet, so the CSP can forbid inline styles."""
    accent = branding(request)["brand_accent"]
    response = HttpResponse(f":root {{ --accent: {accent}; }}\n", content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response
