"""What the merchant keeps: webhook deliveries, the audit log of customer actions, the portal settings."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.merchant import validation
from portal.merchant.actions import AUDIT_ACTION_CHOICES, SubscriptionAction
from portal.merchant.item_rules import ITEM_RULES_HELP, validate_add_on_items, validate_item_rules
from portal.merchant.save_offer_map import (
    SAVE_OFFER_MAP_HELP,
    save_offer_map_check_reasons,
    validate_save_offer_map,
)


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
    action = models.CharField(_("action"), max_length=32, choices=AUDIT_ACTION_CHOICES)
    result = models.CharField(_("result"), max_length=32)  # an AuditResult (merchant/actions.py)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    ultracart_request_id = models.CharField(_("UltraCart request id"), max_length=64, blank=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        # The merchant tools that show customers' orders (portal/staff/): granted per staff user or group.
        permissions = (
            ("preview_thank_you", "Can preview an order's thank-you page"),
            ("view_as_customer", "Can view the portal as a customer (read-only)"),
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.auto_order_oid} {self.result}"


SUBSCRIPTION_ACTIONS = tuple((action.value, action.label) for action in SubscriptionAction)
INVOICE_SOURCES = (("portal", "The portal renders it"), ("ultracart", "UltraCart's own PDF"))


MAX_CANCEL_REASONS = 12
MAX_ADDRESS_CHARS = 500


class PortalConfiguration(models.Model):
    """The merchant's settings: one record (pk 1), edited in the admin. Until it exists, the PORTAL_*
    environment values apply. Read it through `portal_settings_get()`, never directly."""

    store_name = models.CharField(max_length=100)
    logo_url = models.CharField(
        "logo URL",
        max_length=500,
        blank=True,
        validators=[validation.validate_logo_url],
        help_text="An https:// image address, or upload a file (an uploaded file wins).",
    )
    logo_image = models.BinaryField(blank=True, default=b"", editable=False)
    logo_content_type = models.CharField(max_length=32, blank=True, editable=False)
    logo_digest = models.CharField(max_length=64, blank=True, editable=False)
    accent_color = models.CharField(
        max_length=7,
        validators=[validation.validate_accent_color],
        help_text="#rgb or #rrggbb; white text on it must reach a 4.5:1 contrast (WCAG AA).",
    )
    support_email = models.EmailField()
    support_phone = models.CharField(max_length=40, blank=True)
    storefront_url = models.CharField(
        "storefront URL",
        max_length=500,
        blank=True,
        validators=[validation.validate_web_url, URLValidator(schemes=["http", "https"])],
        help_text='Where "Back to the store" leads (https:// or http://). Empty: no link.',
    )
    merchant_address = models.TextField("seller address", blank=True, help_text="Printed on invoices.")
    merchant_tax_id = models.CharField("tax id", max_length=64, blank=True, help_text="Printed on invoices.")
    full_details_minutes = models.PositiveIntegerField(
        "full-details window (minutes)",
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 30)],
        help_text="How long a thank-you link shows addresses and invoice (1 min to 30 days).",
    )
    invoice_source = models.CharField(max_length=16, choices=INVOICE_SOURCES)
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default="UTC",
        validators=[validation.validate_time_zone],
        help_text="An IANA name (America/Los_Angeles): pages show dates and times in it.",
    )
    subscription_actions = models.JSONField(default=list, blank=True)
    subscription_max_skips = models.PositiveSmallIntegerField(
        "max skips in a row", validators=[MaxValueValidator(12)]
    )
    subscription_min_lead_days = models.PositiveSmallIntegerField(
        "min lead days",
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="The earliest new shipment date is today + this.",
    )
    subscription_max_days_ahead = models.PositiveSmallIntegerField(
        "max days ahead",
        validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text="The latest new shipment or resume date is today + this.",
    )
    subscription_cancel_reasons = models.TextField("cancel reasons", blank=True, help_text="One per line.")
    subscription_save_offers = models.BooleanField(
        "save offers",
        default=True,
        help_text="Show offers beside cancel (the reason's offers below, else pause and skip).",
    )
    subscription_save_offer_map = models.TextField(
        "save offers by cancel reason",
        blank=True,
        validators=[validate_save_offer_map],
        help_text=SAVE_OFFER_MAP_HELP,
    )
    subscription_discount_percent = models.PositiveSmallIntegerField(
        "discount offer: percent off",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(50)],
        help_text="The discount save offer takes this much off the item's price (5 to 50).",
    )
    subscription_discount_orders = models.PositiveSmallIntegerField(
        "discount offer: shipments",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="...for this many shipments (1 to 12); then the price is back to normal by itself.",
    )
    subscription_item_rules = models.TextField(
        "item rules",
        blank=True,
        validators=[validate_item_rules],
        help_text=ITEM_RULES_HELP,
    )
    subscription_add_on_items = models.TextField(
        "one-time add-on items",
        blank=True,
        validators=[validate_add_on_items],
        help_text="Item ids customers may add once to their next shipment, one per line.",
    )
    conversion_snippet = models.TextField(
        blank=True,
        validators=[validation.validate_snippet],
        help_text="HTML for the first view of each thank-you page only (see the README).",
    )
    conversion_hosts = models.TextField(
        "conversion snippet hosts",
        blank=True,
        validators=[validation.validate_conversion_hosts],
        help_text="https origins the snippet uses, one per line (allowed in that CSP).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True, editable=False)

    class Meta:
        verbose_name = "portal settings"
        verbose_name_plural = "portal settings"

    def __str__(self) -> str:
        return "Portal settings"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # one record, always
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            validation.validate_one_line(self.store_name or "")
        except ValidationError as error:
            raise ValidationError({"store_name": error.messages}) from None
        unknown = set(self.subscription_actions or []) - {key for key, _label in SUBSCRIPTION_ACTIONS}
        if unknown:
            raise ValidationError({"subscription_actions": f"Unknown actions: {', '.join(sorted(unknown))}."})
        reasons = validation.cancel_reasons_parse(self.subscription_cancel_reasons)
        # Ending after N shipments asks for a reason from the same list.
        ending = {SubscriptionAction.CANCEL, SubscriptionAction.STOP_AFTER} & set(
            self.subscription_actions or []
        )
        if ending and not reasons:
            message = "Customers may cancel (or end after N shipments): give at least one cancel reason."
            raise ValidationError({"subscription_cancel_reasons": message})
        if any(len(reason) > 100 for reason in reasons):
            raise ValidationError({"subscription_cancel_reasons": "Keep each reason under 100 characters."})
        if len(reasons) > MAX_CANCEL_REASONS:  # each is a radio button on the customer's cancel page
            message = f"At most {MAX_CANCEL_REASONS} reasons ({len(reasons)} given)."
            raise ValidationError({"subscription_cancel_reasons": message})
        offering = self.subscription_save_offers and SubscriptionAction.CANCEL in (
            self.subscription_actions or []
        )
        try:  # while customers can cancel and see offers, a line for no reason would be a silent typo
            if offering:
                save_offer_map_check_reasons(self.subscription_save_offer_map or "", reasons=reasons)
        except ValidationError as error:
            raise ValidationError({"subscription_save_offer_map": error.messages}) from None
        # The address is printed on every invoice and kept in the cached settings.
        if len(self.merchant_address or "") > MAX_ADDRESS_CHARS:
            message = f"Keep the address under {MAX_ADDRESS_CHARS} characters."
            raise ValidationError({"merchant_address": message})
        lead, ahead = self.subscription_min_lead_days, self.subscription_max_days_ahead
        if lead is not None and ahead is not None and ahead <= lead:
            raise ValidationError(
                {"subscription_max_days_ahead": f"Must be more than the min lead days ({lead})."}
            )
