"""Order now: UltraCart has no "ship now" call, but a next_shipment_dts of today goes out in its next
processing run. So the next shipment moves to today, in the merchant's time zone: it goes out with tonight's
orders. Nothing is "shipped" by us, and the words never say so."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.merchant.config import PortalSettings
from portal.subscriptions.flows import Change, Data, Done, Plan, _day
from portal.subscriptions.presentation import frequency_words
from portal.ultracart import AutoOrder

# Just ahead of now, so the pre-shipment notice (UltraCart wants it in the future and before the shipment)
# still fits between; never past today's end in the merchant's time zone.
AHEAD = timedelta(minutes=1)


def order_now_moment() -> datetime:
    """Today in the merchant's time zone (the active one), as a moment just ahead of now."""
    now = timezone.localtime()
    end_of_today = datetime.combine(now.date(), time.max, tzinfo=now.tzinfo)
    return min(now + AHEAD, end_of_today)


def order_now_offered_on(auto_order: AutoOrder) -> bool:
    """A next shipment after today (one due today already goes out tonight)."""
    upcoming = auto_order.next_shipment_at
    return upcoming is not None and timezone.localdate(upcoming) > timezone.localdate()


def order_now_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    return Plan(next_shipment_at=order_now_moment())


def order_now_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    changes = [
        Change(
            _("Next shipment"),
            _day(auto_order.next_shipment_at),
            _("Today: it goes out with tonight's orders"),
        )
    ]
    frequencies = {frequency_words(item) for item in auto_order.items}
    if len(frequencies) == 1:  # the later shipments follow from today at the same rhythm
        later = _("%(frequency)s from today") % {"frequency": frequencies.pop()}
        changes.append(Change(_("Later shipments"), "—", later))
    return changes


def order_now_done(*, done: Done) -> str:
    return _("Your next shipment goes out with tonight's orders.")
