"""Subscription wording for templates."""

from django import template

from portal.subscriptions.item_choices import ItemChange, frequency_label_words
from portal.subscriptions.presentation import cancel_reason_label
from portal.subscriptions.presentation import subscription_name as name_of
from portal.ultracart import AutoOrder

register = template.Library()


@register.filter(name="cancel_reason")
def cancel_reason(reason: str) -> str:
    return cancel_reason_label(reason)


@register.filter(name="subscription_name")
def subscription_name(auto_order: AutoOrder) -> str:
    """The product's name ("Monthly Coffee Club"), as titles and emails write it."""
    return name_of(auto_order)


@register.filter(name="new_frequency")
def new_frequency(change: ItemChange | None) -> str:
    """A frequency change's new rhythm in words ("every 2 months")."""
    return frequency_label_words(change.frequency, every_days=change.every_days) if change else ""
