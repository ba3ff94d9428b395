from django.db import models


class ConversionView(models.Model):
    """The first view of each order's thank-you page, so merchant conversion tracking fires once.

    A table rather than a cache key: a cache flush (Redis restart, deploy) must not fire the tracking again
    and count the same sale twice in the merchant's analytics.
    """

    order_id = models.CharField(max_length=64, unique=True)
    first_viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_viewed_at"]

    def __str__(self) -> str:
        return self.order_id
