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
