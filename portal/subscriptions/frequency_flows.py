"""Change how often one item ships: its steps (plan, review, check on the fresh read, write, message).

UltraCart writes: items[].frequency (one of the merchant's labels for the item), or "Every..." with
items[].arbitrary_schedule_days. The next shipment keeps its date; the later ones follow the new rhythm, as
the review shows them (plans.shipment_dates, the way UltraCart dates items.future_schedules).
"""

from datetime import datetime
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal import ultracart
from portal.core.formatting import day_text
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions import plans
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Done, Plan, changed_meanwhile
from portal.subscriptions.item_choices import (
    DATES_SHOWN,
    EVERY,
    EVERY_DAYS_MAX,
    EVERY_DAYS_MIN,
    ItemChange,
    frequency_choices,
    frequency_label_step,
    frequency_label_words,
    item_find,
    item_frequency_is,
    next_scheduled,
)
from portal.subscriptions.presentation import frequency_words
from portal.ultracart import AutoOrder, AutoOrderItem, Precondition

Data = dict[str, Any]


def _dates(moments: tuple[datetime, ...]) -> str:
    """One date a line (the review's table keeps the line breaks)."""
    return "\n".join(day_text(moment) for moment in moments) or "—"


def _label(auto_order: AutoOrder, item: AutoOrderItem, words: str) -> str:
    """The row's name; with the item's when the subscription has several."""
    if len(auto_order.items) < 2:
        return words
    return _("%(what)s: %(item)s") % {"what": words, "item": item.description or item.item_id}


def frequency_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    item = item_find(auto_order, data.get("item"))
    label, days = str(data.get("frequency") or ""), data.get("every_days")
    if item is None or label not in frequency_choices(item, config):  # posted by hand: the server decides
        raise ActionRefused(_("Please choose one of the frequencies shown."))
    if label == EVERY and not (isinstance(days, int) and EVERY_DAYS_MIN <= days <= EVERY_DAYS_MAX):
        raise ActionRefused(_("Please enter a whole number of days from %(low)d to %(high)d.") % {
            "low": EVERY_DAYS_MIN, "high": EVERY_DAYS_MAX})  # fmt: skip
    assert item.auto_order_item_oid is not None  # frequency_choices offers none without it
    every_days = days if label == EVERY else None
    change = ItemChange(item.auto_order_item_oid, frequency=label, every_days=every_days)
    if item_frequency_is(item, change):
        raise ActionRefused(_("That's how often it ships now. Please choose another."))
    detail = f"item={change.auto_order_item_oid} frequency={label} every_days={change.every_days}"
    return Plan(item=change, detail=detail)


def new_frequency_words(change: ItemChange) -> str:
    return frequency_label_words(change.frequency, every_days=change.every_days)


def frequency_next_dates(item: AutoOrderItem, change: ItemChange) -> tuple[datetime, ...]:
    """The item's next shipments at the new frequency: its next shipment, then the new rhythm from it."""
    step = frequency_label_step(change.frequency, every_days=change.every_days)
    if item.next_shipment_at is None or step is None or item.paused:
        return ()
    return plans.shipment_dates(item.next_shipment_at, step, count=DATES_SHOWN)


def frequency_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    change = plan.item
    item = item_find(auto_order, change.auto_order_item_oid if change else None)
    assert change is not None and item is not None  # frequency_plan makes sure
    after_words = new_frequency_words(change)
    rows = [Change(_label(auto_order, item, _("How often")), capfirst(frequency_words(item)),
                   capfirst(after_words))]  # fmt: skip
    later = frequency_next_dates(item, change)
    if later:
        rows.append(Change(_("Next shipments"), _dates(next_scheduled(item)), _dates(later)))
    else:  # paused (or no date yet): the rhythm starts from the next shipment once it is set
        words = _("%(frequency)s from your next shipment after you resume") % {"frequency": after_words}
        rows.append(Change(_("Next shipments"), _("none until you resume"), words))
    return rows


def frequency_check(*, fresh: AutoOrder, plan: Plan) -> None:
    """On the fresh read: the item is still there and the merchant still allows that frequency for it."""
    change = plan.item
    item = item_find(fresh, change.auto_order_item_oid if change else None)
    allowed = frequency_choices(item, portal_settings_get()) if item is not None else ()
    if change is None or change.frequency not in allowed:
        raise changed_meanwhile(fresh)


def frequency_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    change = plan.item
    assert change is not None
    if change.frequency == EVERY:
        return ultracart.auto_order_frequency_change(
            auto_order_oid=auto_order_oid, auto_order_item_oid=change.auto_order_item_oid,
            every_days=change.every_days, precondition=precondition,
        )  # fmt: skip
    return ultracart.auto_order_frequency_change(
        auto_order_oid=auto_order_oid, auto_order_item_oid=change.auto_order_item_oid,
        frequency=change.frequency, precondition=precondition,
    )  # fmt: skip


def frequency_done(*, done: Done) -> str:
    assert done.plan.item is not None
    return _("Done. It now ships %(frequency)s.") % {"frequency": new_frequency_words(done.plan.item)}
