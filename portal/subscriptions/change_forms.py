"""The forms of the shipping address and "stop after" changes. UltraCart's limits are checked here, with a
message that says the limit; the services check them again (the server decides)."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import AnnouncedErrorsForm
from portal.subscriptions.forms import reason_choices_set
from portal.subscriptions.stop_after import MOST_SHIPMENTS
from portal.ultracart import ADDRESS_LIMITS

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _text(
    label: Any, name: str, *, required: bool = True, autocomplete: str, limited: bool = True
) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=required,
        max_length=ADDRESS_LIMITS[name] if limited else None,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters here (this has %(show_value)d)."),
            "required": _("Please fill this in."),
        },
    )
    # No maxlength in the page: a pasted line would be cut silently; the message says the limit instead.
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["autocomplete"] = f"shipping {autocomplete}"
    return field


class ShippingAddressForm(AnnouncedErrorsForm):
    first_name = _text(_("First name"), "first_name", autocomplete="given-name")
    last_name = _text(_("Last name"), "last_name", autocomplete="family-name")
    company = _text(_("Company (optional)"), "company", required=False, autocomplete="organization")
    address1 = _text(_("Address"), "address1", autocomplete="address-line1")
    address2 = _text(_("Apartment, suite, etc. (optional)"), "address2", required=False,
                     autocomplete="address-line2")  # fmt: skip
    city = _text(_("City"), "city", autocomplete="address-level2")
    state_region = _text(_("State or region (optional)"), "state_region", required=False,
                         autocomplete="address-level1")  # fmt: skip
    postal_code = _text(_("Postal code"), "postal_code", autocomplete="postal-code")
    country_code = _text(
        _("Country code (two letters, e.g. US or ES)"), "country_code", autocomplete="country",
        limited=False,  # clean_country_code says what a country code is
    )  # fmt: skip
    phone = _text(_("Phone (optional)"), "day_phone", required=False, autocomplete="tel")

    def clean_country_code(self) -> str:
        code = str(self.cleaned_data["country_code"]).strip().upper()
        if not _COUNTRY.match(code):
            raise forms.ValidationError(_("Please use the two-letter country code, e.g. US or ES."))
        return code


class StopAfterForm(AnnouncedErrorsForm):
    orders = forms.TypedChoiceField(
        label=_("Stop after how many more shipments?"),
        choices=[(n, str(n)) for n in range(1, MOST_SHIPMENTS + 1)],
        coerce=int,
    )
    reason = forms.ChoiceField(label=_("Why are you stopping?"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason_choices_set(self)
