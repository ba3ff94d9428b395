from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from portal.core.client_ip import client_ip
from portal.merchant import admin_settings  # noqa: F401  (registers the portal settings admin)
from portal.merchant.actions import AuditAction
from portal.merchant.audit import audit_record
from portal.merchant.csv_export import audit_csv
from portal.merchant.models import AuditEntry, WebhookDelivery

EXPORT_MAX_ROWS = 50_000

# The merchant's admin, named for what it runs (Django's default says "Django administration").
admin.site.site_header = "Customer portal admin"
admin.site.site_title = "Customer portal admin"
admin.site.index_title = "Merchant settings, logs and tools"


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Read-only: what UltraCart sent and what became of it."""

    list_display = ("received_at", "outcome", "events", "acted_on", "event_names")
    list_filter = ("outcome", "received_at")
    readonly_fields = ("received_at", "body_sha256", "outcome", "events", "acted_on", "event_names")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the portal, never edited. Export: select rows (or "select all")
    and run "Export to CSV"; the export is itself audited."""

    list_display = (
        "at",
        "action",
        "result",
        "email",
        "order_id",
        "auto_order_oid",
        "client_address",
        "ultracart_request_id",
    )
    list_filter = ("action", "result", "at")
    date_hierarchy = "at"
    search_fields = ("email", "order_id", "=auto_order_oid")
    actions = ("export_csv",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    @admin.action(description="Export to CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEntry]) -> HttpResponse:
        entries = list(queryset.order_by("-at", "-id")[: EXPORT_MAX_ROWS + 1])
        capped = len(entries) > EXPORT_MAX_ROWS
        entries = entries[:EXPORT_MAX_ROWS]
        if capped:  # shown on the next admin page (this answer is the file)
            text = f"The export holds the newest {EXPORT_MAX_ROWS:,} rows: narrow the filter for the rest."
            self.message_user(request, text, messages.WARNING)
        audit_record(
            action=AuditAction.AUDIT_EXPORT,
            result="ok",
            detail=f"staff {request.user.get_username()}: {len(entries)} rows"
            + (" (capped)" if capped else ""),
            client_address=client_ip(request),
        )
        response = HttpResponse(audit_csv(entries=entries), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response
