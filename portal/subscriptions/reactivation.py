"""Reactivate a canceled or stopped subscription: enabled again, with every next shipment in the past moved
to the earliest allowed day first, in the same write (UltraCart could otherwise bill the shipments missed
while it was off). A merged auto order lives on in the one it was merged into: never offered."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import ultracart
from portal.merchant.config import PortalSettings
from portal.subscriptions import plans
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan, _day
from portal.subscriptions.presentation import status_words
from portal.ultracart import AutoOrder, AutoOrderStatus, CardOnFile, Precondition

REACTIVATABLE = (AutoOrderStatus.CANCELED, AutoOrderStatus.DISABLED)


def card_expired(card: CardOnFile | None) -> bool:
    """The card on file expired before this month (a card is good through its expiry month)."""
    if card is None or not (card.expiration_month and card.expiration_year):
        return False
    today = timezone.localdate()
    return (card.expiration_year, card.expiration_month) < (today.year, today.month)


def reactivated_next_shipment(auto_order: AutoOrder, *, not_before: datetime) -> datetime:
    """The next shipment once reactivated: the earliest item date, none earlier than `not_before`."""
    dates = [i.next_shipment_at for i in auto_order.items if i.next_shipment_at]
    return max(min(dates, default=not_before), not_before)


def reactivate_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    return Plan(not_before=plans.earliest_shipment(config))


def reactivate_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    assert plan.not_before is not None  # reactivate_plan makes sure
    after = reactivated_next_shipment(auto_order, not_before=plan.not_before)
    status = status_words(auto_order, resume_at=None).label
    return [
        Change(_("Status"), status, _("Active")),
        Change(_("Next shipment"), _("none"), _day(after)),
        Change(_("Next charge"), _("none"), _day(after)),
    ]


def reactivate_check(*, fresh: AutoOrder, plan: Plan) -> None:
    if fresh.status == AutoOrderStatus.MERGED:  # never offered; UltraCart would refuse it too
        raise ActionRefused(_("This subscription was merged into another one, so it can't be reactivated."))


def reactivate_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    assert plan.not_before is not None
    return ultracart.auto_order_reactivate(
        auto_order_oid=auto_order_oid, next_shipment_not_before=plan.not_before, precondition=precondition
    )


def reactivate_done(*, done: Done) -> str:
    return _("Your subscription is active again. Next shipment: %(date)s.") % {
        "date": _day(done.auto_order.next_shipment_at)
    }
