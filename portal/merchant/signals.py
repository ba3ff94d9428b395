"""Signals the merchant app sends, for apps above it in no particular order (it imports none of them)."""

from django.dispatch import Signal

# After an authenticated webhook delivery was applied (the cache forgot what it names). Arguments:
# `events`, a tuple of (event name, auto_order_oid or None). Receivers must not trust the payload beyond
# which auto order to look at (webhooks carry no signature); a receiver's failure never fails the delivery.
webhook_events_received = Signal()
