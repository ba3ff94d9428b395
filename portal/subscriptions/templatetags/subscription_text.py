"""Subscription wording for templates."""

from datetime import datetime

from django import template

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import portal_settings_get
from portal.subscriptions import reactivation, shipping_address, stop_after
from portal.subscriptions.item_choices import ItemChange, frequency_label_words
from portal.subscriptions.presentation import cancel_reason_label
from portal.subscriptions.presentation import subscription_name as name_of
from portal.subscriptions.registry import actions_allowed
from portal.ultracart import Address, AutoOrder, CardOnFile

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


@register.filter(name="card_expired")
def card_expired(card: CardOnFile | None) -> bool:
    return reactivation.card_expired(card)


@register.filter(name="may_update_card")
def may_update_card(auto_order: AutoOrder) -> bool:
    """The card page is offered for it now (the merchant's switch and its state)."""
    allowed = actions_allowed(auto_order=auto_order, config=portal_settings_get(), skips_in_row=0)
    return SubscriptionAction.UPDATE_CARD in allowed


@register.filter(name="last_shipment")
def last_shipment(auto_order: AutoOrder) -> datetime | None:
    """The last shipment before a "stop after" ends it, when the schedule says."""
    return stop_after.last_shipment_at(auto_order, orders=auto_order.cancel_after_next_x_orders or 0)


@register.filter(name="ship_to_line")
def ship_to_line(address: Address | None) -> str:
    """An address on one line (the email's sentence)."""
    return shipping_address.address_lines(address).replace("\n", ", ")
