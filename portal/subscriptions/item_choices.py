"""Per-item changes (how often, how many): which items offer them, what the customer may choose for each, and
the frequencies in plain words. The merchant decides per item (Portal settings, item rules: ItemRule in
portal/merchant/item_rules.py); UltraCart restricts none of it. An item without a rule offers neither.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import PortalSettings
from portal.subscriptions.presentation import frequency_step, step_words
from portal.ultracart import AutoOrder, AutoOrderItem, AutoOrderStatus

EVERY = "Every..."  # UltraCart's label for "every `arbitrary_schedule_days` days"
# "Every N days" from the portal: at least weekly (a shorter rhythm is a typo more often than a wish, and it
# bills as often) and at most about six months (longer rhythms are the named frequencies the merchant may
# offer, "Every 6 Months", "Yearly"). UltraCart itself takes 1 to 365 (auto_order_inputs.EVERY_DAYS_MAX).
EVERY_DAYS_MIN, EVERY_DAYS_MAX = 7, 180
DATES_SHOWN = 3  # the review's next dates, before and after


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What a per-item change writes: one item's new frequency (an UltraCart label; "Every..." with
    every_days) or its new quantity."""

    auto_order_item_oid: int
    frequency: str = ""
    every_days: int | None = None
    quantity: int | None = None


def item_find(auto_order: AutoOrder | None, auto_order_item_oid: object) -> AutoOrderItem | None:
    if auto_order is None or not isinstance(auto_order_item_oid, int):
        return None
    return next((i for i in auto_order.items if i.auto_order_item_oid == auto_order_item_oid), None)


def frequency_choices(item: AutoOrderItem, config: PortalSettings) -> tuple[str, ...]:
    """The frequencies the merchant allows for this item; () when it is not offered: an item on a fixed,
    multi-step program has no frequency to change, and an item without a rule offers none."""
    if item.auto_order_item_oid is None or item.is_multi_step:
        return ()
    return config.item_rule(item.item_id).frequencies


def quantity_bounds(item: AutoOrderItem, config: PortalSettings) -> tuple[int, int] | None:
    """(lowest, highest) whole quantity the merchant allows for this item; None when it is not offered."""
    rule = config.item_rule(item.item_id)
    if item.auto_order_item_oid is None or not rule.quantity_offered:
        return None
    return rule.quantity_min, rule.quantity_max


def frequency_items(auto_order: AutoOrder, config: PortalSettings) -> tuple[AutoOrderItem, ...]:
    return tuple(item for item in auto_order.items if frequency_choices(item, config))


def quantity_items(auto_order: AutoOrder, config: PortalSettings) -> tuple[AutoOrderItem, ...]:
    return tuple(item for item in auto_order.items if quantity_bounds(item, config))


def frequency_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    """An active subscription (paused too: "less often" answers "too much") with an item offering it."""
    return auto_order.status == AutoOrderStatus.ACTIVE and bool(frequency_items(auto_order, config))


def quantity_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return auto_order.status == AutoOrderStatus.ACTIVE and bool(quantity_items(auto_order, config))


def item_offers(item: AutoOrderItem, *, config: PortalSettings, allowed: frozenset[str]) -> tuple[str, ...]:
    """The per-item changes the subscription page links for this item: allowed (the merchant's switch and
    the state, registry.actions_allowed) and offered for this item."""
    offers = (
        (SubscriptionAction.FREQUENCY, bool(frequency_choices(item, config))),
        (SubscriptionAction.QUANTITY, quantity_bounds(item, config) is not None),
    )
    return tuple(str(action) for action, offered in offers if offered and action in allowed)


def frequency_label_step(label: str, *, every_days: int | None = None) -> tuple[str, int] | None:
    """("day" | "week" | "month" | "year", count) for an UltraCart frequency label ("Every 2 Months")."""
    if label == EVERY:
        return ("day", every_days) if every_days and every_days > 0 else None
    return frequency_step(label.lower().replace(" ", "_"))


def frequency_label_words(label: str, *, every_days: int | None = None) -> str:
    """ "every 2 months" / "cada 2 meses"; "every so many days" for the "Every..." choice itself."""
    step = frequency_label_step(label, every_days=every_days)
    if step is not None:
        return step_words(step)
    return _("every so many days") if label == EVERY else label


def item_frequency_is(item: AutoOrderItem, change: ItemChange) -> bool:
    """The item already ships at the change's frequency."""
    if item.frequency_label != change.frequency:
        return False
    return change.frequency != EVERY or item.every_days == change.every_days


def next_scheduled(item: AutoOrderItem) -> tuple[datetime, ...]:
    """UltraCart's own next dates for the item (items.future_schedules), the next shipment first."""
    return tuple(sorted(item.future_shipments))[:DATES_SHOWN]
