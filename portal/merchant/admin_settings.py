"""The portal settings in the admin: one record; the list goes straight to it; no delete."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from portal.core.client_ip import client_ip
from portal.merchant.config import logo_path
from portal.merchant.models import SUBSCRIPTION_ACTIONS, PortalConfiguration
from portal.merchant.settings_records import (
    logo_attach,
    portal_settings_record,
    portal_settings_save,
    record_values,
)
from portal.merchant.validation import LOGO_MAX_BYTES, validate_logo_image

SUBSCRIPTION_FIELDS = (
    "subscription_actions",
    "subscription_max_skips",
    "subscription_min_lead_days",
    "subscription_max_days_ahead",
    "subscription_cancel_reasons",
    "subscription_save_offers",
    "subscription_save_offer_map",
    "subscription_discount_percent",
    "subscription_discount_orders",
    "subscription_item_rules",
    "subscription_add_on_items",
)


class PortalConfigurationForm(forms.ModelForm):
    subscription_actions = forms.MultipleChoiceField(
        choices=SUBSCRIPTION_ACTIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The self-service actions customers may take on their subscriptions.",
    )
    logo_file = forms.FileField(
        label="Upload a logo",
        required=False,
        help_text=f"PNG, JPEG or WebP, at most {LOGO_MAX_BYTES // 1024} KB (no SVG). Shown on the portal's "
        "pages; invoices print only a /static/ logo.",
    )
    remove_logo = forms.BooleanField(label="Remove the uploaded logo", required=False)

    class Meta:
        model = PortalConfiguration
        fields = (
            "store_name",
            "logo_url",
            "accent_color",
            "support_email",
            "support_phone",
            "storefront_url",
            "merchant_address",
            "merchant_tax_id",
            "full_details_minutes",
            "invoice_source",
            "time_zone",
            *SUBSCRIPTION_FIELDS,
            "conversion_snippet",
            "conversion_hosts",
        )
        # Invoices embed only our own static files: portal/invoices/render.py fetches nothing else.
        help_texts = {
            "logo_url": "An https:// image address or a /static/... image of the portal, or upload a file "
            "(an uploaded file wins). Invoices print the logo only when it is a /static/ image.",
        }

    def clean_logo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size is not None and upload.size > LOGO_MAX_BYTES:
            raise ValidationError(
                f"The logo file is {upload.size // 1024} KB; the limit is {LOGO_MAX_BYTES // 1024} KB."
            )
        data: bytes = upload.read()
        validate_logo_image(data)
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data = cleaned.get("logo_file")
        if data:
            logo_attach(record=self.instance, data=data)
        elif cleaned.get("remove_logo"):
            logo_attach(record=self.instance, data=None)
        return cleaned


@admin.register(PortalConfiguration)
class PortalConfigurationAdmin(admin.ModelAdmin):
    form = PortalConfigurationForm
    readonly_fields = ("logo_preview", "updated_at", "updated_by")
    fieldsets = (
        ("Store", {"fields": ("store_name", "accent_color", "storefront_url")}),
        ("Logo", {"fields": ("logo_url", "logo_file", "remove_logo", "logo_preview")}),
        ("Support contact", {"fields": ("support_email", "support_phone")}),
        ("Dates and times", {"fields": ("time_zone",)}),
        ("Invoices", {"fields": ("merchant_address", "merchant_tax_id", "invoice_source")}),
        ("Thank-you links", {"fields": ("full_details_minutes",)}),
        ("Subscriptions", {"fields": SUBSCRIPTION_FIELDS}),
        ("Conversion tracking", {"fields": ("conversion_snippet", "conversion_hosts")}),
        ("Last change", {"fields": ("updated_at", "updated_by")}),
    )

    @admin.display(description="current uploaded logo")
    def logo_preview(self, obj: PortalConfiguration) -> str:
        if not obj.logo_digest:
            return "none"
        src = logo_path(digest=obj.logo_digest, content_type=obj.logo_content_type)
        return format_html('<img src="{}" alt="uploaded logo" height="48">', src)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not PortalConfiguration.objects.filter(pk=1).exists()

    def has_delete_permission(self, request: HttpRequest, obj: PortalConfiguration | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if PortalConfiguration.objects.filter(pk=1).exists():
            return HttpResponseRedirect(reverse("admin:merchant_portalconfiguration_change", args=[1]))
        return HttpResponseRedirect(reverse("admin:merchant_portalconfiguration_add"))

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return model_to_dict(portal_settings_record(), exclude=["id"])

    def save_model(
        self, request: HttpRequest, obj: PortalConfiguration, form: forms.ModelForm, change: bool
    ) -> None:
        before = record_values(portal_settings_record())  # the database still holds the old values
        portal_settings_save(
            record=obj, before=before, actor=request.user.get_username(), client_address=client_ip(request)
        )

    def response_add(
        self, request: HttpRequest, obj: PortalConfiguration, post_url_continue: str | None = None
    ) -> HttpResponse:
        super().response_add(request, obj, post_url_continue)  # its success message
        # One record only: "save and add another" makes no sense; the form is the list.
        return HttpResponseRedirect(reverse("admin:merchant_portalconfiguration_change", args=[1]))
