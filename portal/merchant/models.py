"""What the merchant keeps: webhook deliveries and the audit log of customer actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookDelivery(models.Model):
    """One authenticated webhook POST from UltraCart and what became of it (the admin lists them).

    The body is not kept, only its SHA-256: enough to recognise a redelivery, nothing personal at rest.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", "applied"
        DUPLICATE = "duplicate", "duplicate (already applied)"
        MALFORMED = "malformed", "malformed (400)"
        TOO_LARGE = "too_large", "too large (413)"

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    body_sha256 = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    events = models.PositiveIntegerField(default=0)
    acted_on = models.PositiveIntegerField(default=0)
    event_names = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.outcome}"


class AuditEntry(models.Model):
    """One customer action attempt on an auto order, successful or not. Written by `audit_record` only."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    auto_order_oid = models.BigIntegerField(_("auto order"), null=True, db_index=True)
    order_id = models.CharField(_("order id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=32)
    result = models.CharField(_("result"), max_length=32)  # ok, failed, refused, not_found, repeated, skipped
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    ultracart_request_id = models.CharField(_("UltraCart request id"), max_length=64, blank=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.auto_order_oid} {self.result}"
