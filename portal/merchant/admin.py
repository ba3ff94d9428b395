from django.contrib import admin
from django.http import HttpRequest

from portal.merchant.models import AuditEntry, WebhookDelivery


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
    """Read-only: the log is written by the portal, never edited."""

    list_display = (
        "at",
        "action",
        "result",
        "email",
        "auto_order_oid",
        "client_address",
        "ultracart_request_id",
    )
    list_filter = ("action", "result")
    search_fields = ("email", "auto_order_oid", "order_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
