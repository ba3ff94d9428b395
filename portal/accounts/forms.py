from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.codes import code_normalize
from portal.core.emails import email_key
from portal.core.forms import AnnouncedErrorsForm


class EmailForm(AnnouncedErrorsForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_email(self) -> str:
        return email_key(str(self.cleaned_data["email"]))


class CodeForm(AnnouncedErrorsForm):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )
    shared_device = forms.BooleanField(
        label=_("This is a shared device (sign me out when I close the browser)"), required=False
    )

    def clean_code(self) -> str:
        code = code_normalize(str(self.cleaned_data["code"]))
        if code is None:
            raise forms.ValidationError(_("Enter the 6 digits from the email."))
        return code


class LinkForm(forms.Form):
    link = forms.CharField(max_length=100, widget=forms.HiddenInput)
    shared_device = forms.BooleanField(
        label=_("This is a shared device (sign me out when I close the browser)"), required=False
    )
