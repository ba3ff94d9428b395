"""The portal's invoice PDF: a pure function from an order and the merchant's branding to PDF bytes.

No request, no cache, no UltraCart call. WeasyPrint may read only our own static files (fonts, style sheet,
logo); every other URL, including any hidden in order text, is refused by `StaticOnlyFetcher`.
"""

import logging
import mimetypes
import re
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal.core.formatting import amount_text, moment_day_text, time_zone_get
from portal.merchant.config import PortalSettings
from portal.receipts.amounts import order_in_language
from portal.receipts.refunds import refund_view
from portal.receipts.wording import order_tax_label, payment_text
from portal.ultracart.models import Money, Order, OrderItem

logger = logging.getLogger(__name__)

# Part of the PDF cache key: bump it whenever templates/invoices/, invoice.css or this module change output.
INVOICE_TEMPLATE_VERSION = "3"

STATIC_DIR: Path = (settings.BASE_DIR / "static").resolve()
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
# Bidi embedding/override/isolate controls: order text could use them to show "evil" as "live" (Trojan
# Source). Plain right-to-left text (Hebrew, Arabic) needs none of them and still renders right to left.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
# Countries whose accountants expect US Letter paper; everyone else gets A4.
_LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})


class FetchRefused(ValueError):
    """Raised for any URL outside our static folder; WeasyPrint logs it and skips the resource."""


class StaticOnlyFetcher(URLFetcher):
    """Serves file:// URLs that resolve inside STATIC_DIR; refuses every other URL (http, data, /etc/...)."""

    def __init__(self, static_dir: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols=("file",))
        self.static_dir = static_dir.resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self._static_path(url)
        if path is None:
            # The URL may come from order text: log its scheme only, never the URL itself.
            logger.info("invoice render refused a %s URL", url.split(":", 1)[0][:10])
            raise FetchRefused("only the portal's static files may be loaded into an invoice")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _static_path(self, url: str) -> Path | None:
        if not url.startswith("file:///") or "?" in url or "#" in url:
            return None
        path = Path(url2pathname(urlsplit(url).path)).resolve()  # resolve() collapses ../ and symlinks
        if not path.is_relative_to(self.static_dir) or not path.is_file():
            return None
        return path


@dataclass(frozen=True, slots=True)
class TaxRow:
    label: str
    amount: Money


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    item: OrderItem
    quantity: str
    quantity_refunded: str


def _quantity_text(quantity: Decimal) -> str:
    """1 -> "1", 1.50 -> "1.5" (or "1,5" in Spanish): quantities are counts, not money."""
    normalized = quantity.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return formats.number_format(normalized, use_l10n=True)


def _date_text(moment: datetime | None) -> str:
    return moment_day_text(moment)  # the day in the merchant's time zone (invoice_html activates it)


def _tax_rows(order: Order) -> list[TaxRow]:
    """UltraCart's own tax lines; a total row only when the lines alone would not show the order's tax."""
    tax = order.summary.tax
    # One label for the order's tax, the same words as its page (not UltraCart's English "Tax (21%)").
    label = order_tax_label(order=order)
    rows = [TaxRow(label, line.amount) for line in order.taxes]
    if tax is None:
        return rows
    if len(rows) == 1 and rows[0].amount.value == tax.value:
        return rows
    return [*rows, TaxRow(_("Total tax") if rows else label, tax)]


# UltraCart's payment_status values that mean the customer has paid (a later refund is shown on its own line).
_PAID_STATUSES = frozenset({"processed", "refunded", "partially refunded"})
# Values that mean the money has not been taken: the total is still due.
_UNPAID_STATUSES = frozenset({"unprocessed", "pending", "declined", "capture failed", "voided"})


@dataclass(frozen=True, slots=True)
class PaymentLines:
    paid: Money | None  # "Paid": the total, once the customer has paid
    due: Money | None  # "Amount due": nothing once paid, the total while unpaid


def _payment_lines(order: Order) -> PaymentLines:
    """From the payment status; neither line when it says neither (authorized, or a value we do not know)."""
    total = order.summary.total
    status = order.payment_status.strip().lower()
    if total is None:
        return PaymentLines(None, None)
    if status in _PAID_STATUSES or (not status and order.paid_at is not None):
        zero = amount_text(value=Decimal(0), currency=order.currency_code, language=_language())
        return PaymentLines(total, replace(total, value=Decimal(0), formatted=zero))
    if status in _UNPAID_STATUSES:
        return PaymentLines(None, total)
    return PaymentLines(None, None)


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _css_string(text: str) -> str:
    """A CSS string literal for our own (translated) text: quotes, backslashes and '<' escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def _page_counter_css() -> SafeString:
    """'Page X of Y' in the current language, as CSS `content` with counters where the numbers go."""
    text = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\((?:page|pages)\)s)", text)
    pieces = []
    for part in parts:
        if part == "%(page)s":
            pieces.append("counter(page)")
        elif part == "%(pages)s":
            pieces.append("counter(pages)")
        elif part:
            pieces.append(_css_string(part))
    return mark_safe(" ".join(pieces))  # noqa: S308 - built from our catalogue, escaped above


def _logo_url(logo_url: str) -> str:
    """The merchant logo only when it is one of our static files; anything else is left out of the PDF."""
    if not logo_url.startswith(settings.STATIC_URL) or not logo_url.lower().endswith(_LOGO_SUFFIXES):
        return ""
    path = (STATIC_DIR / logo_url.removeprefix(settings.STATIC_URL)).resolve()
    return path.as_uri() if path.is_relative_to(STATIC_DIR) and path.is_file() else ""


def _page_size(order: Order) -> str:
    address = order.billing or order.shipping
    return "letter" if address and address.country_code.upper() in _LETTER_COUNTRIES else "A4"


def _context(order: Order, branding: PortalSettings) -> dict[str, object]:
    accent = branding.accent_color if _HEX_COLOR.match(branding.accent_color) else "#2f5d50"
    summary = order.summary
    return {
        "order": order,
        "branding": branding,
        "accent": accent,
        "logo_url": _logo_url(branding.logo_url),
        "merchant_address_lines": [line for line in branding.merchant_address.splitlines() if line.strip()],
        "invoice_date": _date_text(order.paid_at or order.created_at),
        "order_date": _date_text(order.created_at),
        "refund_date": _date_text(order.refunded_at),
        "lines": [
            InvoiceLine(item, _quantity_text(item.quantity), _quantity_text(item.quantity_refunded))
            for item in order.items
        ],
        "show_discount": summary.discount is not None and not summary.discount.is_zero,
        "tax_rows": _tax_rows(order),
        "payment_lines": _payment_lines(order),
        "show_refund": summary.refunded is not None and not summary.refunded.is_zero,
        "refund": refund_view(order=order),
        "payment": payment_text(order=order),
        "page_counter": _page_counter_css(),
        "page_size": _page_size(order),
    }


def invoice_html(*, order: Order, branding: PortalSettings, language: str) -> str:
    """The invoice as HTML (autoescaped: order text stays text). Split out so tests can inspect it."""
    # The merchant's time zone, as on the pages; amounts as the invoice's language writes them.
    with translation.override(language), timezone.override(time_zone_get(branding.time_zone)):
        html = render_to_string("invoices/invoice.html", _context(order_in_language(order), branding))
    return html.translate(_BIDI_CONTROLS)


# One fetcher for every render: building one sets up urllib's handlers and an SSL context (~20 ms); its
# fetch() keeps no state between calls for file:// URLs, the only ones it serves.
_FETCHER = StaticOnlyFetcher()
# One font configuration per process: the @font-face fonts are registered (written out, handed to
# fontconfig) on the first render only. Pango/fontconfig state is not safe to use from two threads at once,
# so renders take turns; they are CPU-bound Python, which the interpreter lock serialises anyway.
_RENDER_LOCK = threading.Lock()
_FONT_CONFIG: FontConfiguration | None = None
_FONTS_ONLY = '<html><head><link rel="stylesheet" href="css/invoice-fonts.css"></head><body>.</body></html>'


def _font_config() -> FontConfiguration:
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def _write_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_FETCHER)
    with _RENDER_LOCK:
        pdf: bytes = document.write_pdf(font_config=_font_config())
    return pdf


def invoice_fonts_warm_up() -> None:
    """Register the invoice fonts now (gunicorn's post_fork), so no customer's download pays for it."""
    _write_pdf(_FONTS_ONLY)


def invoice_render(*, order: Order, branding: PortalSettings, language: str) -> bytes:
    return _write_pdf(invoice_html(order=order, branding=branding, language=language))
