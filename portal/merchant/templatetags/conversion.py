from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.merchant.conversion import conversion_snippet_render

register = template.Library()


@register.simple_tag(takes_context=True)
def conversion_snippet(context: template.Context, order: Any) -> SafeString:
    """The merchant's snippet (trusted staff HTML) with the request's CSP nonce on its scripts."""
    lazy = context.get("csp_nonce")  # a LazyNonce: str() generates it, and the CSP header then names it
    nonce = "" if lazy is None else str(lazy)
    return mark_safe(conversion_snippet_render(order=order, nonce=nonce))  # noqa: S308  (staff-trusted)
