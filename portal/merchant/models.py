"""What the merchant keeps: the audit log of customer actions (portal settings come later, editable)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
