"""The swap and add-on choices: an item from the merchant's list, its options (variants) and, for an add-on,
how many. Each choice's options show only while it is chosen (static/js/choice-fields.js; without it every
option shows and only the chosen item's are read). A value not offered is refused here and in the plan."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import AnnouncedErrorsForm
from portal.merchant.config import portal_settings_get
from portal.subscriptions.add_ons import MAX_QUANTITY, add_on_choices
from portal.subscriptions.catalog import price_text
from portal.subscriptions.swaps import SwapChoice, swap_choices
from portal.ultracart import AutoOrder, CatalogItem, ItemOption


def _label(item: CatalogItem, *, currency: str) -> str:
    name = item.description or item.item_id
    return f"{name} · {price_text(item.price, currency=currency)}" if item.price is not None else name


class _ItemChoiceForm(AnnouncedErrorsForm):
    """A radio of items (the field `choice_field`), then each item's options as selects."""

    choice_field = ""

    def _option_fields(
        self, index: int, *, value: str, item: CatalogItem, current: tuple[ItemOption, ...]
    ) -> None:
        had = {option.name: option.value for option in current}
        for number, option in enumerate(item.options):
            initial = had.get(option.name) if had.get(option.name) in option.values else option.default
            field = forms.ChoiceField(
                label=option.name, choices=[(v, v) for v in option.values], initial=initial, required=False
            )
            field.widget.attrs.update({"data-show-for": value, "data-show-by": self.choice_field})
            self.fields[f"option_{index}_{number}"] = field

    def _options_of(self, index: int, item: CatalogItem) -> tuple[ItemOption, ...]:
        chosen = []
        for number, option in enumerate(item.options):
            value = self.cleaned_data.get(f"option_{index}_{number}") or ""
            if value not in option.values:
                self.add_error(f"option_{index}_{number}", _("Please choose one of the values shown."))
                return ()
            chosen.append(ItemOption(name=option.name, value=value))
        return tuple(chosen)


class SwapForm(_ItemChoiceForm):
    choice_field = "choice"
    choice = forms.ChoiceField(label=_("Swap to"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args: Any, auto_order: AutoOrder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.swaps: list[SwapChoice] = swap_choices(auto_order, config=portal_settings_get())
        several = len({choice.item.auto_order_item_oid for choice in self.swaps}) > 1
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.value, self._choice_label(c, auto_order, several)) for c in self.swaps]
        if self.swaps:
            field.initial = self.swaps[0].value
        for index, choice in enumerate(self.swaps):
            self._option_fields(index, value=choice.value, item=choice.target, current=choice.item.options)

    @staticmethod
    def _choice_label(choice: SwapChoice, auto_order: AutoOrder, several: bool) -> str:
        label = _label(choice.target, currency=choice.target.currency or auto_order.currency_code)
        if several:  # two products on one subscription: say which one is replaced
            return str(_("%(new)s, instead of %(old)s")) % {"new": label, "old": choice.item.description}
        return label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        index = next((n for n, c in enumerate(self.swaps) if c.value == data.get("choice")), None)
        if index is not None:
            chosen = self.swaps[index]
            data.update(item_oid=chosen.item.auto_order_item_oid, item_id=chosen.target.item_id)
            data["options"] = self._options_of(index, chosen.target)
        return data


class AddOnForm(_ItemChoiceForm):
    choice_field = "item"
    item = forms.ChoiceField(label=_("Add to your next shipment"), choices=(), widget=forms.RadioSelect)
    quantity = forms.TypedChoiceField(
        label=_("How many"), choices=[(n, str(n)) for n in range(1, MAX_QUANTITY + 1)], coerce=int, initial=1
    )

    def __init__(self, *args: Any, auto_order: AutoOrder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = add_on_choices(config=portal_settings_get())
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (i.item_id, _label(i, currency=i.currency or auto_order.currency_code)) for i in self.items
        ]
        if self.items:
            field.initial = self.items[0].item_id
        for index, item in enumerate(self.items):
            self._option_fields(index, value=item.item_id, item=item, current=())
        self.fields["quantity"] = self.fields.pop("quantity")  # after the item's options

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        index = next((n for n, i in enumerate(self.items) if i.item_id == data.get("item")), None)
        if index is not None:
            data["options"] = self._options_of(index, self.items[index])
        return data
