"""The priced schedule as the subscription page shows it: each shipment with what may be done to it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import PortalSettings, portal_settings_get
from portal.subscriptions import plans
from portal.subscriptions.models import ShipmentSkip
from portal.subscriptions.priced_schedule import (
    SCHEDULE_LENGTH,
    UpcomingShipment,
    estimate_text,
    upcoming_schedule,
)
from portal.subscriptions.shipment_skip_records import shipment_skips_open
from portal.subscriptions.shipment_skip_rules import WHOLE_SCHEDULE, day_words, last_undo_day, skip_problem
from portal.subscriptions.skips import skips_in_row
from portal.ultracart import AutoOrder

A = SubscriptionAction


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    shipment: UpcomingShipment
    estimate: str  # "$18.50", "" when unknown
    skipped: bool
    can_skip: bool
    can_undo: bool
    undo_until: date | None  # skipped: the last day to undo it (None: too late)
    note: str  # why it cannot be skipped, when that is worth saying ("" otherwise)


@dataclass(frozen=True, slots=True)
class ScheduleView:
    rows: tuple[ScheduleRow, ...]
    stale: tuple[date, ...]  # skipped days that are no longer shipments: the schedule changed since


def _note(problem_day: date, config: PortalSettings) -> str:
    if problem_day > plans.latest_day(config):
        from_day = problem_day - timedelta(days=config.subscription_max_days_ahead)
        return _("Can be skipped from %(date)s") % {"date": day_words(from_day)}
    return ""


def schedule_view(*, auto_order: AutoOrder, allowed: frozenset[str]) -> ScheduleView:
    """The priced next shipments and what may be done to each (skip, undo), for the page (no call)."""
    config = portal_settings_get()
    whole = upcoming_schedule(auto_order, count=WHOLE_SCHEDULE)
    open_skips = shipment_skips_open(auto_order_oid=auto_order.auto_order_oid)
    skipped, before = set(open_skips), skips_in_row(auto_order_oid=auto_order.auto_order_oid)  # read once
    rows = []
    for shipment in whole[:SCHEDULE_LENGTH]:
        record = open_skips.get(shipment.day)
        skippable = A.SKIP_SHIPMENT in allowed and record is None and not shipment.is_next
        problem = (
            skip_problem(
                auto_order=auto_order, day=shipment.day, config=config, skipped=skipped, skips_before=before
            )
            if skippable
            else ""
        )
        deadline = record.run_at if record is not None else None
        undoable = (
            A.UNSKIP_SHIPMENT in allowed
            and record is not None
            and record.status == ShipmentSkip.Status.PENDING
            and deadline is not None
            and deadline > timezone.now()
        )
        rows.append(
            ScheduleRow(
                shipment=shipment,
                estimate=estimate_text(shipment.estimate, auto_order=auto_order),
                skipped=record is not None,
                can_skip=skippable and not problem,
                can_undo=undoable,
                undo_until=last_undo_day(deadline) if undoable and deadline else None,
                note=_note(shipment.day, config) if skippable and problem else "",
            )
        )
    # A skipped day within the schedule's span that is no shipment any more: the schedule changed since.
    days = {s.day for s in whole}
    stale = tuple(d for d in sorted(open_skips) if whole and d < whole[-1].day and d not in days)
    return ScheduleView(rows=tuple(rows), stale=stale)
