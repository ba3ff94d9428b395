"""Merchant tools in the admin that are pages, not models: API status, thank-you preview, view as customer.

Every view here is wrapped in admin.site.admin_view (portal/urls.py): staff only, never cached. The preview
and view as customer show customers' orders: they also need their own permission (a 403 without it).
"""

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.core.client_ip import client_ip
from portal.core.headers import order_page_headers
from portal.core.identity import VIEW_AS_PERMISSION, view_as_get
from portal.merchant.actions import AuditAction
from portal.merchant.admin_forms import PreviewForm, ViewAsForm
from portal.merchant.audit import audit_record
from portal.merchant.preview import PreviewError, preview_link_read, preview_order_get, preview_order_open
from portal.merchant.view_as import view_as_begin, view_as_end
from portal.receipts.access import order_access_for_link
from portal.receipts.views import order_page_render
from portal.ultracart import UltraCartError
from portal.ultracart.status import api_status_get

PREVIEW_PERMISSION = "merchant.preview_thank_you"


def _admin_page(
    request: HttpRequest, template: str, title: str, code: int = 200, **extra: object
) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": title, **extra}
    response = TemplateResponse(request, template, context, status=code)
    response["Cache-Control"] = "no-store"
    return response


def _staff_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # admin_view let only a signed-in staff user through


def api_status(request: HttpRequest) -> HttpResponse:
    """Credentials checked with one cheap call; the call budget, breakers, cache and recent errors."""
    return _admin_page(
        request, "admin/merchant/api_status.html", "UltraCart API status", status=api_status_get()
    )


def _preview_audit(request: HttpRequest, *, order_id: str, result: str) -> None:
    staff = f"staff={request.user.get_username()}"
    audit_record(action=AuditAction.MERCHANT_PREVIEW, result=result, order_id=order_id, detail=staff,
                 client_address=client_ip(request))  # fmt: skip


@permission_required(PREVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def preview_form(request: HttpRequest) -> HttpResponse:
    """Enter an order id; the portal asks UltraCart for its token and opens the preview. Audited."""
    form = PreviewForm(request.POST or None)
    status, error = (400 if form.errors else 200), ""
    if request.method == "POST" and form.is_valid():
        order_id = form.cleaned_data["order_id"]
        try:
            link = preview_order_open(order_id=order_id, staff_id=_staff_id(request))
        except PreviewError as exc:
            _preview_audit(request, order_id=order_id, result=exc.result)
            status, error = (404 if exc.result == "not_found" else 503), exc.message
        else:
            _preview_audit(request, order_id=order_id, result="ok")
            return HttpResponseRedirect(f"{reverse('merchant_preview_page')}?p={link.signed}")
    return _admin_page(request, "admin/merchant/preview_form.html", "Preview thank-you page", code=status,
                       form=form, error=error)  # fmt: skip


@permission_required(PREVIEW_PERMISSION, raise_exception=True)
@order_page_headers
@require_safe
def preview_page(request: HttpRequest) -> HttpResponse:
    """The thank-you page as the link shows it now, under a banner: no snippet, no first view, no grant."""
    order_id = preview_link_read(signed=request.GET.get("p", ""), staff_id=_staff_id(request))
    if order_id is None:
        messages.warning(request, "That preview link has expired or is not yours. Enter the order id again.")
        return HttpResponseRedirect(reverse("merchant_preview"))
    try:
        order = preview_order_get(order_id=order_id)
    except UltraCartError:
        messages.error(request, "UltraCart did not answer just now. Please try again in a minute.")
        return HttpResponseRedirect(reverse("merchant_preview"))
    access = order_access_for_link(order=order)
    context: dict[str, object] = {"merchant_preview": True, "preview_redacted": access.value == "redacted"}
    return order_page_render(request, order=order, access=access, template="receipts/thank_you.html",
                             show_conversion=False, context=context)  # fmt: skip


@permission_required(VIEW_AS_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def view_as_form(request: HttpRequest) -> HttpResponse:
    """Enter a customer's email to see their portal read-only (audited: start, every page, stop)."""
    form = ViewAsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        view_as_begin(request=request, email=form.cleaned_data["email"])
        return HttpResponseRedirect(reverse("accounts:home"))
    return _admin_page(request, "admin/merchant/view_as_form.html", "View as customer",
                       code=400 if form.errors else 200, form=form, viewing=view_as_get(request))  # fmt: skip


@require_POST
def view_as_stop(request: HttpRequest) -> HttpResponse:
    ended = view_as_end(request)
    if ended is not None:
        messages.success(request, f"You stopped viewing as {ended.email}.")
    return HttpResponseRedirect(reverse("merchant_view_as"))
