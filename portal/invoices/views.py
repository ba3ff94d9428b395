"""GET /orders/<order_id>/invoice.pdf: the invoice for a visitor who may see the order's full details.

Access is decided by portal.receipts.access, like every order page: anyone else gets the same 404 as an
order that does not exist, and a visitor with no grant and no sign-in costs no UltraCart call at all.
"""

import re

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from portal.core.errors import limit_response
from portal.core.headers import head_without_side_effects
from portal.core.languages import language_for_order
from portal.invoices.services import invoice_pdf_get
from portal.receipts.access import Access
from portal.receipts.lookup import order_for_visitor
from portal.receipts.responses import order_missing_response, order_unavailable_response
from portal.ultracart import NotFound, UltraCartError, VisitorLimited

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


@require_safe
@head_without_side_effects
def download(request: HttpRequest, order_id: str) -> HttpResponse:
    visible = order_for_visitor(request=request, order_id=order_id)
    if isinstance(visible, HttpResponse):
        return visible
    if visible.access is not Access.FULL:
        return order_missing_response(request)
    order = visible.order
    try:
        language = language_for_order(request=request, order_language=order.language)
        pdf = invoice_pdf_get(order=order, language=language)
    except NotFound:
        return order_missing_response(request)
    except VisitorLimited as refusal:
        return limit_response(request, retry_after=refusal.retry_after)
    except UltraCartError:
        return order_unavailable_response(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _UNSAFE_FILENAME.sub("_", order.order_id)
    response["Content-Disposition"] = f'attachment; filename="invoice-{filename}.pdf"'
    # Addresses and amounts: never stored by a shared cache or the browser, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
