from django.db import models


class WebhookDelivery(models.Model):
    """One authenticated webhook POST from UltraCart and what became of it (the admin lists them).

    The body is not kept, only its SHA-256: enough to recognise a redelivery, nothing personal at rest.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", "applied"
        DUPLICATE = "duplicate", "duplicate (already applied)"
        MALFORMED = "malformed", "malformed (400)"
        TOO_LARGE = "too_large", "too large (413)"

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    body_sha256 = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    events = models.PositiveIntegerField(default=0)
    acted_on = models.PositiveIntegerField(default=0)
    event_names = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.outcome}"
