"""The merchant's conversion tracking snippet: rendered on the first thank-you view only, under the CSP.

The snippet is staff input, trusted, and printed unescaped; it is a Django template with a small context
(order_id, order_total, currency, csp_nonce). Every <script> tag in it gets the request's CSP nonce, and the
response of that one view allows the merchant's listed hosts for scripts, images, connections and frames.
"""

import logging
import re
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.utils.csp import CSP

from portal.merchant.config import portal_settings_get

logger = logging.getLogger(__name__)
_SCRIPT_WITHOUT_NONCE = re.compile(r"<script\b(?![^>]*\snonce\s*=)", re.IGNORECASE)
_HOST_DIRECTIVES = ("script-src", "img-src", "connect-src", "frame-src")


def snippet_with_nonce(*, html: str, nonce: str) -> str:
    """Every <script ...> tag of `html` carrying nonce="<nonce>" (tags that have one are left alone)."""
    return _SCRIPT_WITHOUT_NONCE.sub(f'<script nonce="{nonce}"', html)


def conversion_snippet_render(*, order: Any, nonce: str) -> str:
    snippet = portal_settings_get().conversion_snippet
    if not snippet.strip():
        return ""
    summary = getattr(order, "summary", None)
    total = getattr(getattr(summary, "total", None), "value", "")
    context = {
        "order_id": getattr(order, "order_id", ""),
        "order_total": "" if total is None else str(total),
        "currency": getattr(order, "currency_code", ""),
        "csp_nonce": nonce,
    }
    try:
        html = Template(snippet).render(Context(context))
    except Exception:  # a broken snippet costs the merchant a conversion, never the customer the page
        logger.warning("conversion snippet failed to render", exc_info=True)
        return ""
    return snippet_with_nonce(html=html, nonce=nonce)


def csp_policy_copy() -> dict[str, list[str]]:
    """A copy of SECURE_CSP that one response may extend."""
    policy: dict[str, Any] = settings.SECURE_CSP
    return {key: list(value) for key, value in policy.items()}


def conversion_csp_apply(response: HttpResponse) -> None:
    """Allow the merchant's listed snippet hosts on this one response (the first thank-you view)."""
    brand = portal_settings_get()
    if not brand.conversion_hosts or not brand.conversion_snippet.strip():
        return
    config = getattr(response, "_csp_config", None) or csp_policy_copy()
    for directive in _HOST_DIRECTIVES:
        sources = config.setdefault(directive, [CSP.SELF])
        sources.extend(host for host in brand.conversion_hosts if host not in sources)
    response._csp_config = config  # type: ignore[attr-defined]  # read by Django's CSP middleware
