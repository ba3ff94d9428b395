"""The rules of skipping one chosen later shipment (shipment_skips.py has the actions' steps):

- Which shipment: one of the upcoming schedule's days (items.future_schedules), never the next one (that is
  the plain skip, which moves next_shipment_dts at once), far enough ahead that the worker can apply it
  before the merchant's lead days, and at most the max days ahead.
- In a row: a run of skipped shipments (chosen ones next to each other, plus, when the run reaches the next
  shipment, the skips of it before: SkipRun) is at most `subscription_max_skips`. The plain skip counts the
  chosen skips right after the next shipment the same way (registry.skip_offered).
"""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.merchant.config import PortalSettings
from portal.subscriptions import plans
from portal.subscriptions.priced_schedule import UpcomingShipment, upcoming_schedule
from portal.subscriptions.shipment_skip_records import shipment_skips_open
from portal.subscriptions.skips import skips_in_row
from portal.ultracart import AutoOrder, AutoOrderStatus

WHOLE_SCHEDULE = 10_000  # every shipment UltraCart sent (it sends ten), not only the page's six


def day_words(moment: datetime | date | None) -> str:
    return date_format(moment, "DATE_FORMAT") if moment else "—"


def undo_deadline(shipment_at: datetime, config: PortalSettings) -> datetime:
    """When the worker applies the skip, and the undo window closes: the shipment less the lead days."""
    return shipment_at - timedelta(days=config.subscription_min_lead_days)


def last_undo_day(deadline: datetime) -> date:
    """The last whole day to undo (a deadline at midnight closes at the start of its own day)."""
    return (deadline - timedelta(microseconds=1)).date()


def _in_a_row(schedule: tuple[UpcomingShipment, ...], skipped: set[date], index: int, before: int) -> int:
    """How many shipments in a row would be skipped with the one at `index` skipped too."""
    run, i = 1, index - 1
    while i >= 0 and schedule[i].day in skipped:
        run, i = run + 1, i - 1
    if i < 0:  # the run reaches the next shipment: the skips of the next shipment before it count too
        run += before
    j = index + 1
    while j < len(schedule) and schedule[j].day in skipped:
        run, j = run + 1, j + 1
    return run


def skip_problem(
    *,
    auto_order: AutoOrder,
    day: date,
    config: PortalSettings,
    skipped: set[date] | None = None,
    skips_before: int | None = None,
) -> str:
    """Why the shipment of `day` cannot be skipped now, in plain words; "" when it can. `skipped` (the open
    skips' days) and `skips_before` (SkipRun's count) are read here unless the caller has them already."""
    schedule = upcoming_schedule(auto_order, count=WHOLE_SCHEDULE)
    index = next((s.index for s in schedule if s.day == day), None)
    if index is None:
        return _("That date isn't one of your upcoming shipments. Please choose one from your schedule.")
    if schedule[index].is_next:
        return _("That is your next shipment: to skip it, use “Skip next shipment”.")
    if skipped is None:
        skipped = set(shipment_skips_open(auto_order_oid=auto_order.auto_order_oid))
    if day in skipped:
        return _("That shipment is already skipped.")
    if undo_deadline(schedule[index].shipment_at, config) <= timezone.now():
        days = config.subscription_min_lead_days
        return ngettext(
            "The shipment of %(date)s is too close to skip: the store needs %(days)d day's notice.",
            "The shipment of %(date)s is too close to skip: the store needs %(days)d days' notice.",
            days,
        ) % {"date": day_words(day), "days": days}
    if day > plans.latest_day(config):
        return _("You can skip shipments up to %(date)s. Please come back closer to the date.") % {
            "date": day_words(plans.latest_day(config))
        }
    before = skips_in_row(auto_order_oid=auto_order.auto_order_oid) if skips_before is None else skips_before
    if _in_a_row(schedule, skipped, index, before) > config.subscription_max_skips:
        count = config.subscription_max_skips
        return ngettext(
            "You can skip at most %(count)d shipment in a row.",
            "You can skip at most %(count)d shipments in a row.",
            count,
        ) % {"count": count}
    return ""


def skipped_right_after_next(*, auto_order: AutoOrder) -> int:
    """How many chosen skips follow the next shipment in a row (a skip of the next one would join them)."""
    schedule = upcoming_schedule(auto_order, count=WHOLE_SCHEDULE)
    if not schedule or not schedule[0].is_next:
        return 0
    skipped = shipment_skips_open(auto_order_oid=auto_order.auto_order_oid)
    run = 0
    for shipment in schedule[1:]:
        if shipment.day not in skipped:
            break
        run += 1
    return run


# When the actions are offered (registry.ActionEntry.offered).


def skip_shipment_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    """Active, not paused, and some later shipment is between the lead days and the max days ahead."""
    if auto_order.status != AutoOrderStatus.ACTIVE or auto_order.paused or config.subscription_max_skips < 1:
        return False
    now, latest = timezone.now(), plans.latest_day(config)
    return any(
        not s.is_next and undo_deadline(s.shipment_at, config) > now and s.day <= latest
        for s in upcoming_schedule(auto_order)
    )


def unskip_shipment_offered(*, auto_order: AutoOrder, skips_in_row: int, config: PortalSettings) -> bool:
    return auto_order.status == AutoOrderStatus.ACTIVE  # which skip, and whether in time: the plan says
