"""The merchant's https logo, allowed by the Content-Security-Policy of every page that shows it."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from portal.core.formatting import time_zone_get
from portal.merchant.config import portal_settings_get
from portal.merchant.conversion import csp_policy_copy

_UNSET = object()
_HOST = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]{1,5})?")  # nothing that could end or add a CSP directive


def logo_origin(logo_url: str) -> str:
    """https://host[:port] of an external https logo; empty for our own (uploaded or static) logos."""
    if not logo_url.lower().startswith("https://"):
        return ""
    netloc = urlsplit(logo_url).netloc
    return f"https://{netloc}" if _HOST.fullmatch(netloc) else ""


class LogoOriginCSPMiddleware:
    """Listed after Django's CSP middleware, so it sees the response first and extends the policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        origin = logo_origin(portal_settings_get().logo_url)
        if not origin:
            return response
        config = getattr(response, "_csp_config", _UNSET)
        if config is _UNSET:
            config = csp_policy_copy()
        if isinstance(config, dict) and config:
            sources = config.setdefault("img-src", ["'self'"])
            if origin not in sources:
                sources.append(origin)
            response._csp_config = config  # type: ignore[attr-defined]
        return response


class MerchantTimeZoneMiddleware:
    """Every page shows dates and times in the merchant's time zone (Portal settings, PORTAL_TIME_ZONE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with timezone.override(time_zone_get(portal_settings_get().time_zone)):
            return self.get_response(request)
