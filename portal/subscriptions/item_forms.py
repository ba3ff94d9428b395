"""The per-item choices (how often, how many) before the review. The item is the one the subscription page's
link names (?item=<auto_order_item_oid>) or the form posts; only items the merchant offers the change for
are accepted. Bounds are checked here for the message and again in the flows (the server decides)."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.forms import AnnouncedErrorsForm
from portal.merchant.config import portal_settings_get
from portal.subscriptions.item_choices import (
    EVERY,
    EVERY_DAYS_MAX,
    EVERY_DAYS_MIN,
    ItemChange,
    frequency_choices,
    frequency_items,
    frequency_label_words,
    item_frequency_is,
    quantity_bounds,
    quantity_items,
)
from portal.ultracart import AutoOrder, AutoOrderItem

_NOT_OFFERED = gettext_lazy("That item can't be changed here. Please go back to your subscription.")


class _ItemForm(AnnouncedErrorsForm):
    """A form about one item of the auto order: `self.chosen` (None when the posted one is not offered)."""

    item = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput, error_messages={
        "invalid_choice": _NOT_OFFERED, "required": _NOT_OFFERED})  # fmt: skip

    def __init__(self, data: Any, *, offered: tuple[AutoOrderItem, ...], query: Any) -> None:
        super().__init__(data)
        wanted = (data.get("item") if data is not None else None) or (query.get("item") if query else None)
        by_oid = {str(item.auto_order_item_oid): item for item in offered}
        # Unbound (the link's first view): the named item, else the first offered; bound: the posted one only.
        fallback = offered[0] if offered and data is None else None
        self.chosen: AutoOrderItem | None = by_oid.get(str(wanted or ""), fallback)
        field = self.fields["item"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(oid, item.description or item.item_id) for oid, item in by_oid.items()]
        if self.chosen is not None:
            field.initial = self.chosen.auto_order_item_oid

    @property
    def item_name(self) -> str:
        return (self.chosen.description or self.chosen.item_id) if self.chosen else ""


class FrequencyForm(_ItemForm):
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=(), widget=forms.RadioSelect)
    every_days = forms.IntegerField(label=gettext_lazy("Number of days"), required=False)

    def __init__(self, data: Any, *, auto_order: AutoOrder, query: Any = None) -> None:
        config = portal_settings_get()
        super().__init__(data, offered=frequency_items(auto_order, config), query=query)
        labels = frequency_choices(self.chosen, config) if self.chosen else ()
        now = ItemChange(0, frequency=self.chosen.frequency_label, every_days=self.chosen.every_days) if (
            self.chosen) else None  # fmt: skip
        field = self.fields["frequency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(label, self._choice_words(label, now)) for label in labels]
        field.initial = now.frequency if now and now.frequency in labels else None
        days = self.fields["every_days"]
        days.error_messages["invalid"] = self.days_message()
        days.help_text = _("For “Every … days”: %(low)d to %(high)d.") % {
            "low": EVERY_DAYS_MIN, "high": EVERY_DAYS_MAX}  # fmt: skip
        days.widget.attrs.update(min=EVERY_DAYS_MIN, max=EVERY_DAYS_MAX, step=1, inputmode="numeric",
                                 **{"data-show-for": EVERY, "data-show-by": "frequency"})  # fmt: skip
        if EVERY not in labels:
            del self.fields["every_days"]
        elif now and now.frequency == EVERY:
            days.initial = now.every_days

    def _choice_words(self, label: str, now: ItemChange | None) -> str:
        if label == EVERY:
            words = _("Every … days (you choose how many)")
        else:
            words = capfirst(frequency_label_words(label))
        if now and now.frequency == label and label != EVERY:
            return _("%(frequency)s (now)") % {"frequency": words}
        return words

    @staticmethod
    def days_message() -> str:
        return _("Please enter a whole number of days from %(low)d to %(high)d.") % {
            "low": EVERY_DAYS_MIN, "high": EVERY_DAYS_MAX}  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label, days = data.get("frequency"), data.get("every_days")
        if label != EVERY:
            data["every_days"] = None  # a number typed beside another choice is not part of it
        elif days is None or not EVERY_DAYS_MIN <= days <= EVERY_DAYS_MAX:
            if "every_days" not in self.errors:
                self.add_error("every_days", self.days_message())
            return data
        if self.chosen is not None and label:
            change = ItemChange(0, frequency=label, every_days=data.get("every_days"))
            if item_frequency_is(self.chosen, change):
                self.add_error("frequency", _("That's how often it ships now. Please choose another."))
        return data


class QuantityForm(_ItemForm):
    quantity = forms.IntegerField(label=gettext_lazy("Quantity per shipment"))

    def __init__(self, data: Any, *, auto_order: AutoOrder, query: Any = None) -> None:
        config = portal_settings_get()
        super().__init__(data, offered=quantity_items(auto_order, config), query=query)
        self.bounds = (quantity_bounds(self.chosen, config) if self.chosen else None) or (1, 1)
        field = self.fields["quantity"]
        field.error_messages.update(invalid=self.message(), required=self.message())
        field.help_text = _("A whole number from %(low)d to %(high)d.") % dict(
            zip(("low", "high"), self.bounds, strict=True))  # fmt: skip
        field.widget.attrs.update(min=self.bounds[0], max=self.bounds[1], step=1, inputmode="numeric")
        if self.chosen is not None:
            field.initial = int(self.chosen.quantity)

    def message(self) -> str:
        low, high = self.bounds
        return _("Please enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}

    def clean_quantity(self) -> int:
        quantity: int = self.cleaned_data["quantity"]
        low, high = self.bounds
        if not low <= quantity <= high:
            raise forms.ValidationError(self.message())
        if self.chosen is not None and self.chosen.quantity == quantity:
            raise forms.ValidationError(_("That's the quantity you get now. Please choose another."))
        return quantity
