"""Invoice PDFs, cached: a repeat download costs no UltraCart call and no rendering.

The key holds everything the bytes depend on: the order id, the fingerprint of the order data (a webhook or
refund that changes the order changes it, so the old PDF is simply never asked for again), the source, the
language and the template version.
"""

import hashlib

from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open
from portal.invoices.render import INVOICE_TEMPLATE_VERSION, invoice_render
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.ultracart import Order, order_invoice_pdf

INVOICE_SOURCES = ("portal", "ultracart")
# Old keys are unreachable once the order changes, so they only need to outlive repeat downloads.
INVOICE_CACHE_SECONDS = 60 * 60 * 24 * 7


def invoice_cache_key(*, order: Order, source: str, language: str, branding: PortalSettings) -> str:
    # The branding is printed on our own invoices too: a new logo or address means new PDFs.
    brand = repr(branding) if source == "portal" else ""
    parts = "\x1f".join(
        (order.order_id, order.fingerprint, source, language, INVOICE_TEMPLATE_VERSION, brand)
    )
    # Hashed so that whatever characters an id holds, the key stays short and valid for every backend.
    return "invoice:pdf:" + hashlib.sha256(parts.encode()).hexdigest()


def invoice_source_get() -> str:
    source = portal_settings_get().invoice_source
    return source if source in INVOICE_SOURCES else "portal"


def _cached(key: str) -> bytes | None:
    pdf = None
    with cache_fail_open("invoice cache: read failed"):
        pdf = cache.get(key)
    return pdf if isinstance(pdf, bytes) else None


def invoice_pdf_get(*, order: Order, language: str) -> bytes:
    """The invoice PDF in `language` (core.languages decides it), from the merchant's chosen source."""
    branding = portal_settings_get()
    source = invoice_source_get()
    key = invoice_cache_key(order=order, source=source, language=language, branding=branding)
    pdf = _cached(key)
    if pdf is not None:
        return pdf
    if source == "ultracart":
        pdf = order_invoice_pdf(order_id=order.order_id)
    else:
        pdf = invoice_render(order=order, branding=branding, language=language)
    # The PDF is made; a cache outage only costs the next download a render.
    with cache_fail_open("invoice cache: write failed"):
        cache.set(key, pdf, INVOICE_CACHE_SECONDS)
    return pdf
