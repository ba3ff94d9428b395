"""What every customer form shares."""

from django import forms


class AnnouncedErrorsForm(forms.Form):
    """Errors are tied to their field for screen readers: the field gets aria-invalid and aria-describedby
    pointing at its error (templates render it with id "<field id>-error" and role=alert)."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"
