"""Timed pauses: UltraCart has no pause-until, so we remember when to resume and a task does it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledResume(models.Model):
    """One timed pause. The task claims the row (pending -> running) with one conditional UPDATE, so only
    one worker can act on it however many tasks or workers see it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        CANCELED = "canceled", _("canceled")
        FAILED = "failed", _("failed")

    auto_order_oid = models.BigIntegerField(db_index=True)
    email = models.EmailField()
    language = models.CharField(max_length=8, default="en")
    resume_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("resume_at",)

    def __str__(self) -> str:
        return f"resume {self.auto_order_oid} at {self.resume_at:%Y-%m-%d} ({self.status})"


class SkipRun(models.Model):
    """Skips in a row of one auto order: what the max-skips rule needs, kept apart from the audit log (so
    pruning the log cannot re-enable skipping). The run ends when the shipment the last skip moved to goes
    out: once `skipped_to` has passed, the next skip starts a new run."""

    auto_order_oid = models.BigIntegerField(unique=True)
    count = models.PositiveIntegerField(default=0)
    skipped_to = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.count} skips of {self.auto_order_oid}"


class ManageLinkUse(models.Model):
    """An emailed manage link that was confirmed: each link signs in once (a replay gets the "already used"
    page). Kept apart from the audit log, which a rule never reads; rows older than the links' lifetime
    (7 days) can be pruned, since the signature refuses those links anyway."""

    nonce = models.CharField(max_length=32, unique=True)
    auto_order_oid = models.BigIntegerField()
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"manage link for {self.auto_order_oid} used {self.used_at:%Y-%m-%d %H:%M}"


class CustomerNotice(models.Model):
    """An email a webhook made us send (a failed payment, a shipment reminder), once per thing it is about:
    the key names the auto order and what UltraCart's fresh read showed (the failure, the shipment date),
    so a redelivered or repeated webhook finds the row and sends nothing again. Inserted before sending."""

    class Kind(models.TextChoices):
        PAYMENT_FAILED = "payment_failed", _("payment failed")
        SHIPMENT_REMINDER = "shipment_reminder", _("shipment reminder")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    auto_order_oid = models.BigIntegerField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} for {self.auto_order_oid} at {self.sent_at:%Y-%m-%d %H:%M}"


class ShipmentSkip(models.Model):
    """One chosen later shipment the customer skipped (not the next one: that is the skip of SkipRun).

    UltraCart has no per-shipment skip, so this record is the skip until the worker applies it: when the
    shipment has become the next one, at `run_at` (its date less the merchant's lead days), a task moves the
    item's next_shipment_dts on by one interval. Until `run_at` the customer may undo it, which only ends
    this record. The task claims the row (pending -> running) with one conditional UPDATE, like a
    ScheduledResume, so it acts once however many workers see it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")  # UltraCart's next shipment was moved past the skipped one
        CANCELED = "canceled", _("undone")  # the customer restored the shipment (or staff canceled it)
        OBSOLETE = "obsolete", _("schedule changed")  # that shipment is no longer in the schedule
        FAILED = "failed", _("failed")

    auto_order_oid = models.BigIntegerField(db_index=True)
    email = models.EmailField()
    language = models.CharField(max_length=8, default="en")
    shipment_on = models.DateField()  # the skipped shipment's calendar day, as UltraCart sent it
    shipment_at = models.DateTimeField()  # ...and its moment, as the schedule had it when it was chosen
    run_at = models.DateTimeField()  # when the worker applies it; the customer may undo it until then
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    moved_to = models.DateTimeField(null=True, blank=True)  # the next shipment the worker set
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("shipment_on",)
        constraints = [
            models.UniqueConstraint(
                fields=["auto_order_oid", "shipment_on"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_open_skip_per_shipment",
            )
        ]

    def __str__(self) -> str:
        return f"skip {self.auto_order_oid} on {self.shipment_on:%Y-%m-%d} ({self.status})"
