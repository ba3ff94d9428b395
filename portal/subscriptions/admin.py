from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.core.client_ip import client_ip
from portal.subscriptions.models import ScheduledResume, ShipmentSkip
from portal.subscriptions.resumes import resume_cancel, resume_run_now
from portal.subscriptions.shipment_skip_worker import shipment_skip_cancel, shipment_skip_run_now

ACTION_MAX_ROWS = 100


@admin.register(ScheduledResume)
class ScheduledResumeAdmin(admin.ModelAdmin):
    """Timed pauses and their state. Never edited by hand: "Run now" and "Cancel" go through the same
    service functions as the task, and both are audited."""

    list_display = ("auto_order_oid", "status", "resume_at", "attempts", "last_error", "finished_at")
    list_filter = ("status", "resume_at")
    search_fields = ("=auto_order_oid", "email")
    readonly_fields = (
        "auto_order_oid",
        "email",
        "language",
        "resume_at",
        "status",
        "attempts",
        "created_at",
        "claimed_at",
        "finished_at",
        "last_error",
    )
    actions = ("run_now", "cancel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ScheduledResume | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ScheduledResume | None = None) -> bool:
        return False

    def _at_most(self, request: HttpRequest, queryset: QuerySet[ScheduledResume]) -> list[ScheduledResume]:
        """The first ACTION_MAX_ROWS rows selected; says so when there were more (each calls UltraCart)."""
        rows = list(queryset[: ACTION_MAX_ROWS + 1])
        if len(rows) > ACTION_MAX_ROWS:
            text = (
                f"Only the first {ACTION_MAX_ROWS} selected were acted on; select the rest and run it again."
            )
            self.message_user(request, text, messages.WARNING)
        return rows[:ACTION_MAX_ROWS]

    def has_operate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("subscriptions.change_scheduledresume")

    @admin.action(description="Run now (resume the subscription)", permissions=["operate"])
    def run_now(self, request: HttpRequest, queryset: QuerySet[ScheduledResume]) -> None:
        actor = request.user.get_username()
        for row in self._at_most(request, queryset):
            outcome = resume_run_now(resume_id=row.pk, actor=actor, client_address=client_ip(request))
            level = messages.SUCCESS if outcome == "resumed" else messages.WARNING
            self.message_user(request, f"Auto order {row.auto_order_oid}: {outcome}.", level)

    @admin.action(description="Cancel (pending only)", permissions=["operate"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[ScheduledResume]) -> None:
        actor = request.user.get_username()
        for row in self._at_most(request, queryset):
            if resume_cancel(resume_id=row.pk, actor=actor, client_address=client_ip(request)):
                self.message_user(request, f"Auto order {row.auto_order_oid}: canceled.", messages.SUCCESS)
            else:
                text = f"Auto order {row.auto_order_oid}: not pending ({row.status}), left as it is."
                self.message_user(request, text, messages.WARNING)


@admin.register(ShipmentSkip)
class ShipmentSkipAdmin(admin.ModelAdmin):
    """Chosen skips of a later shipment and their state (pending until the worker applies them). Never edited
    by hand: "Run now" and "Cancel" go through the task's own service functions, and both are audited."""

    list_display = ("auto_order_oid", "shipment_on", "status", "run_at", "moved_to", "attempts", "last_error")
    list_filter = ("status", "shipment_on")
    search_fields = ("=auto_order_oid", "email")
    readonly_fields = (
        "auto_order_oid",
        "email",
        "language",
        "shipment_on",
        "shipment_at",
        "run_at",
        "status",
        "attempts",
        "moved_to",
        "created_at",
        "claimed_at",
        "finished_at",
        "last_error",
    )
    actions = ("run_now", "cancel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ShipmentSkip | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ShipmentSkip | None = None) -> bool:
        return False

    def has_operate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("subscriptions.change_shipmentskip")

    def _at_most(self, request: HttpRequest, queryset: QuerySet[ShipmentSkip]) -> list[ShipmentSkip]:
        rows = list(queryset[: ACTION_MAX_ROWS + 1])
        if len(rows) > ACTION_MAX_ROWS:
            text = (
                f"Only the first {ACTION_MAX_ROWS} selected were acted on; select the rest and run it again."
            )
            self.message_user(request, text, messages.WARNING)
        return rows[:ACTION_MAX_ROWS]

    @admin.action(description="Run now (skip it on UltraCart)", permissions=["operate"])
    def run_now(self, request: HttpRequest, queryset: QuerySet[ShipmentSkip]) -> None:
        actor = request.user.get_username()
        for row in self._at_most(request, queryset):
            outcome = shipment_skip_run_now(skip_id=row.pk, actor=actor, client_address=client_ip(request))
            level = messages.SUCCESS if outcome == "skipped" else messages.WARNING
            self.message_user(
                request, f"Auto order {row.auto_order_oid}, {row.shipment_on}: {outcome}.", level
            )

    @admin.action(description="Cancel (pending only: the shipment goes out)", permissions=["operate"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[ShipmentSkip]) -> None:
        actor = request.user.get_username()
        for row in self._at_most(request, queryset):
            label = f"Auto order {row.auto_order_oid}, {row.shipment_on}"
            if shipment_skip_cancel(skip_id=row.pk, actor=actor, client_address=client_ip(request)):
                self.message_user(request, f"{label}: canceled.", messages.SUCCESS)
            else:
                self.message_user(
                    request, f"{label}: not pending ({row.status}), left as it is.", messages.WARNING
                )
