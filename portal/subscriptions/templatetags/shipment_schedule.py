"""The priced upcoming schedule, shown on the subscription's page and as the skip pages' choice."""

from typing import Any

from django import template

from portal.merchant.config import portal_settings_get
from portal.subscriptions.registry import actions_allowed
from portal.subscriptions.shipment_schedule_rows import schedule_view
from portal.subscriptions.skips import skips_in_row
from portal.ultracart import AutoOrder

register = template.Library()


@register.inclusion_tag("subscriptions/partials/schedule.html", takes_context=True)
def shipment_schedule(context: template.Context, auto_order: AutoOrder) -> dict[str, Any]:
    """Staff viewing as the customer see the schedule without its buttons (the views refuse them too)."""
    viewing_as = bool(context.get("viewing_as"))
    allowed: frozenset[str] = frozenset()
    if not viewing_as:
        skips = skips_in_row(auto_order_oid=auto_order.auto_order_oid)
        allowed = actions_allowed(auto_order=auto_order, config=portal_settings_get(), skips_in_row=skips)
    return {
        "schedule": schedule_view(auto_order=auto_order, allowed=allowed),
        "oid": auto_order.auto_order_oid,
        "skip_next": "skip" in allowed,
        "csrf_token": context.get("csrf_token"),
    }
