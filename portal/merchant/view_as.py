""" "View as customer": staff see one customer's portal read-only, and every use is audited.

Who the customer is while viewing as is decided in portal.core.identity (view_as_get, honoured only for
the staff user who started it) and what they may see in portal.receipts.access, like any visit. This module
starts and ends it (audited) and holds the middleware that, while viewing as:
- refuses every state-changing request outside the admin (the action views refuse too, through
  identity.customer_acts), except "Sign out" (which ends the view-as) and the language switch (a cookie
  of the staff browser);
- records each customer page viewed in the audit log.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from portal.core.client_ip import client_ip
from portal.core.identity import ViewAs, view_as_get, view_as_refusal, view_as_start, view_as_stop
from portal.merchant.actions import AuditAction
from portal.merchant.audit import audit_record

# The customer's portal: each page viewed as a customer is audited.
CUSTOMER_NAMESPACES = frozenset({"accounts", "receipts", "invoices", "subscriptions"})
# POSTs that do not act as the customer; every other one is refused while viewing as.
ALLOWED_WHILE_VIEWING = frozenset({"accounts:sign_out", "set_language"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _detail(viewing: ViewAs, extra: str = "") -> str:
    return f"staff={viewing.staff_username}" + (f" {extra}" if extra else "")


def view_as_begin(*, request: HttpRequest, email: str) -> ViewAs:
    """Start viewing as the customer with this email (staff only: identity.view_as_start checks)."""
    ended = view_as_get(request)
    if ended is not None:
        view_as_end(request)
    viewing = view_as_start(request, email=email)
    audit_record(action=AuditAction.VIEW_AS_START, result="ok", email=viewing.email, detail=_detail(viewing),
                 client_address=client_ip(request))  # fmt: skip
    return viewing


def view_as_end(request: HttpRequest) -> ViewAs | None:
    """Stop viewing as; the staff session is left as it was before. Audited when a view-as was running."""
    ended = view_as_stop(request)
    if ended is not None:
        audit_record(action=AuditAction.VIEW_AS_STOP, result="ok", email=ended.email, detail=_detail(ended),
                     client_address=client_ip(request))  # fmt: skip
    return ended


def _audit_page(
    request: HttpRequest, viewing: ViewAs, view_name: str, kwargs: dict[str, Any], *, status: int
) -> None:
    oid = kwargs.get("auto_order_oid")
    audit_record(
        action=AuditAction.VIEW_AS_PAGE,
        # An action page opened while viewing as is refused by the view itself (identity.customer_acts).
        result="ok" if status < 400 else ("refused" if status == 403 else "failed"),
        email=viewing.email,
        order_id=str(kwargs.get("order_id") or ""),
        auto_order_oid=oid if isinstance(oid, int) else None,
        detail=_detail(viewing, f"page={view_name}"),
        client_address=client_ip(request),
    )


class ViewAsMiddleware:
    """After authentication: read-only and audited while a staff member views as a customer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        page = getattr(request, "_view_as_page", None)
        if page is not None:  # audited once the page answered, with what it answered
            _audit_page(request, *page, status=response.status_code)
        return response

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: tuple[Any, ...], view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):  # path_info: without a SCRIPT_NAME prefix
            return None  # the admin is the staff member's own: view-as changes nothing there
        viewing = view_as_get(request)
        if viewing is None:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if request.method not in SAFE_METHODS:
            if view_name in ALLOWED_WHILE_VIEWING:
                return None
            detail = _detail(viewing, f"page={view_name}")
            audit_record(action=AuditAction.VIEW_AS_REFUSED, result="refused", email=viewing.email,
                         detail=detail, client_address=client_ip(request))  # fmt: skip
            return view_as_refusal(request)
        if match is not None and match.namespace in CUSTOMER_NAMESPACES and request.method == "GET":
            request._view_as_page = (viewing, view_name, view_kwargs)  # type: ignore[attr-defined]
        return None
