from django.contrib import admin

from portal.merchant.models import WebhookDelivery


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
