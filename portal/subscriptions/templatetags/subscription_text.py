"""Subscription wording for templates."""

from django import template

from portal.subscriptions.presentation import cancel_reason_label

register = template.Library()


@register.filter(name="cancel_reason")
def cancel_reason(reason: str) -> str:
    return cancel_reason_label(reason)
