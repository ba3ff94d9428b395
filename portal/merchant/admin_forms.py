"""The merchant tools' forms in the admin (staff-facing, in English like the rest of the admin)."""

from django import forms
from django.core.validators import RegexValidator


class PreviewForm(forms.Form):
    order_id = forms.CharField(
        label="Order id",
        max_length=64,
        strip=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", "That is not an UltraCart order id.")],
        help_text="For example DEMO-0009100012.",
    )


class ViewAsForm(forms.Form):
    email = forms.EmailField(label="Customer email", max_length=254)
