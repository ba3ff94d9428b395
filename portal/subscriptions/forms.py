"""The choices a customer makes before confirming. Bounds are checked here for the message and again in
the services (the server decides)."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.core.forms import AnnouncedErrorsForm
from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import portal_settings_get
from portal.subscriptions import plans
from portal.subscriptions.presentation import cancel_reason_label


class DateInput(forms.DateInput):
    input_type = "date"


def _bounded_day(day: date, *, earliest: date, latest: date) -> None:
    if not earliest <= day <= latest:
        raise forms.ValidationError(
            _("Please choose a date between %(earliest)s and %(latest)s."),
            # As the page writes dates, in its language (never ISO).
            params={
                "earliest": date_format(earliest, "DATE_FORMAT"),
                "latest": date_format(latest, "DATE_FORMAT"),
            },
        )


class PauseForm(AnnouncedErrorsForm):
    MODES = (
        ("indefinite", _("Until I resume it")),
        ("until", _("Until a date")),
        ("shipments", _("For a number of shipments")),
    )
    mode = forms.ChoiceField(label=_("Pause"), choices=MODES, widget=forms.RadioSelect, initial="indefinite")
    until = forms.DateField(label=_("Resume on"), required=False, widget=DateInput)
    shipments = forms.TypedChoiceField(
        label=_("Shipments to pause"), choices=((1, "1"), (2, "2"), (3, "3")), coerce=int, required=False
    )

    def __init__(self, *args: Any, allowed: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = portal_settings_get()
        # static/js/choice-fields.js shows each field only for its choice; without it every field shows.
        self.fields["shipments"].widget.attrs["data-show-for"] = "shipments"
        self.fields["until"].widget.attrs.update(
            {"data-show-for": "until"},
            min=(timezone.localdate() + timedelta(days=1)).isoformat(),
            max=plans.latest_day(config).isoformat(),
        )
        mode = self.fields["mode"]
        assert isinstance(mode, forms.ChoiceField)
        if SubscriptionAction.PAUSE_UNTIL not in allowed:
            mode.choices = self.MODES[:1]
        if SubscriptionAction.PAUSE not in allowed:
            mode.choices = self.MODES[1:]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        config = portal_settings_get()
        if data.get("mode") == "until":
            day = data.get("until")
            if day is None:
                self.add_error("until", _("Please choose the date to resume on."))
            elif not plans.pause_until_bounds_ok(day, config):
                earliest = timezone.localdate() + timedelta(days=1)
                try:
                    _bounded_day(day, earliest=earliest, latest=plans.latest_day(config))
                except forms.ValidationError as error:
                    self.add_error("until", error)
        if data.get("mode") == "indefinite" and data.get("until"):
            # Without JavaScript every field shows: a date typed beside "Until I resume it" is a question.
            self.add_error(
                "until",
                _("You typed a date. Choose “Until a date” to resume on it, or clear the date."),
            )
        if data.get("mode") == "shipments" and not data.get("shipments"):
            self.add_error("shipments", _("Please choose how many shipments to pause."))
        return data


class RescheduleForm(AnnouncedErrorsForm):
    day = forms.DateField(label=_("New date for your next shipment"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = portal_settings_get()
        self.fields["day"].widget.attrs.update(
            min=plans.earliest_day(config).isoformat(), max=plans.latest_day(config).isoformat()
        )

    def clean_day(self) -> date:
        config = portal_settings_get()
        day: date = self.cleaned_data["day"]
        _bounded_day(day, earliest=plans.earliest_day(config), latest=plans.latest_day(config))
        return day


def reason_choices_set(form: forms.Form) -> None:
    """The merchant's cancel reasons, in the page's language, as the form's `reason` choices."""
    reasons = portal_settings_get().subscription_cancel_reasons
    field = form.fields["reason"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", _("Choose a reason")), *((r, cancel_reason_label(r)) for r in reasons)]


class CancelForm(AnnouncedErrorsForm):
    reason = forms.ChoiceField(label=_("Why are you canceling?"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason_choices_set(self)
