"""The max-skips rule's own record (models.SkipRun): how many times in a row the next shipment was skipped."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from portal.subscriptions.models import SkipRun


def skips_in_row(*, auto_order_oid: int) -> int:
    run = SkipRun.objects.filter(auto_order_oid=auto_order_oid).first()
    if run is None or run.skipped_to is None or run.skipped_to <= timezone.now():
        return 0  # never skipped, or the shipment the last skip moved to has gone out
    return run.count


def skip_run_record(*, auto_order_oid: int, skipped_to: datetime | None) -> int:
    """One more skip in the run (a new run when the last one ended); returns the count."""
    with transaction.atomic():
        run, _created = SkipRun.objects.select_for_update().get_or_create(auto_order_oid=auto_order_oid)
        still_running = run.skipped_to is not None and run.skipped_to > timezone.now()
        run.count = (run.count if still_running else 0) + 1
        run.skipped_to = skipped_to
        run.save(update_fields=["count", "skipped_to", "updated_at"])
    return run.count
