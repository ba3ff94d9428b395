"""Stop after N more shipments: UltraCart's cancel_after_next_x_orders, with a reason chosen like a cancel's.

There is no "stop the stop": the spec does not say what clears cancel_after_next_x_orders, so the page says
how many are left and how to keep it going (another number here, or the store's support)."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import ultracart
from portal.merchant.config import PortalSettings
from portal.subscriptions import plans
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan, _day
from portal.subscriptions.presentation import cancel_reason_label
from portal.ultracart import AutoOrder, Precondition

MOST_SHIPMENTS = 12  # "stop after" is for an end in sight; further out is a cancel later, or a pause


def shipments_left_words(count: int | None) -> str:
    if not count:
        return _("no end set")
    return ngettext("%(count)d more shipment", "%(count)d more shipments", count) % {"count": count}


def last_shipment_at(auto_order: AutoOrder, *, orders: int) -> datetime | None:
    """The date of the last of `orders` more shipments, when the schedule says (not while paused)."""
    if auto_order.paused or orders < 1:
        return None
    if orders == 1:
        return auto_order.next_shipment_at
    return plans.shipment_after(auto_order, shipments=orders - 1)


def stop_after_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    orders, reason = int(data.get("orders") or 0), str(data.get("reason") or "")
    if not 1 <= orders <= MOST_SHIPMENTS:
        raise ActionRefused(_("Please choose a number of shipments from the list."))
    if reason not in config.subscription_cancel_reasons:
        raise ActionRefused(_("Please choose a reason from the list."))
    return Plan(orders=orders, reason=reason, detail=f"orders={orders} reason={reason}")


def stop_after_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    last = last_shipment_at(auto_order, orders=plan.orders)
    return [
        Change(
            _("Shipments left"),
            shipments_left_words(auto_order.cancel_after_next_x_orders),
            shipments_left_words(plan.orders),
        ),
        Change(_("Last shipment"), "—", _day(last) if last else _("after the shipments above")),
        Change(_("Reason"), "—", cancel_reason_label(plan.reason)),
    ]


def stop_after_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    return ultracart.auto_order_stop_after(
        auto_order_oid=auto_order_oid, orders=plan.orders, cancel_reason=plan.reason,
        precondition=precondition,
    )  # fmt: skip


def stop_after_done(*, done: Done) -> str:
    return ngettext(
        "Saved. Your subscription ends after %(count)d more shipment.",
        "Saved. Your subscription ends after %(count)d more shipments.",
        done.plan.orders,
    ) % {"count": done.plan.orders}
