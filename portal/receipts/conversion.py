"""Merchant conversion tracking renders on the first view of each order only (never on reloads)."""

from portal.receipts.models import ConversionView


def conversion_view_record(*, order_id: str) -> bool:
    """Record a view of the order's thank-you page; True only for the very first one."""
    # get_or_create retries the read when a concurrent first view wins the unique constraint.
    _, created = ConversionView.objects.get_or_create(order_id=order_id)
    return created
