"""What the audit log keeps of an auto order, and the fingerprint a confirmation page carries."""

import hashlib
import json
from dataclasses import asdict
from typing import Any

from portal.ultracart import AutoOrder


def auto_order_summary(auto_order: AutoOrder) -> dict[str, Any]:
    """What the audit log keeps of an auto order, before and after."""
    return {
        "status": auto_order.status_label,
        "enabled": auto_order.enabled,
        "paused": auto_order.paused,
        "next_shipment": auto_order.next_shipment_at.isoformat() if auto_order.next_shipment_at else None,
        "cancel_reason": auto_order.cancel_reason,
        "items": [
            {
                "item_id": i.item_id,
                "paused": i.paused,
                "next_shipment": i.next_shipment_at.isoformat() if i.next_shipment_at else None,
                # What the frequency and quantity changes write: in the audit's before and after, and in
                # the fingerprint, so a confirm reviewed on another frequency or quantity is refused.
                "frequency": i.frequency_label,
                "every_days": i.every_days,
                "quantity": f"{i.quantity.normalize():f}",
            }
            for i in auto_order.items
        ],
    }


def auto_order_fingerprint(auto_order: AutoOrder) -> str:
    """The state a review was built on (status, pauses, shipment dates, frequencies, quantities, where it
    ships, when it stops): a confirm whose fresh read under the write lock has another fingerprint was
    reviewed on something that changed meanwhile. The address is in the fingerprint only (the audit's
    summary keeps no address)."""
    state = {
        **auto_order_summary(auto_order),
        "shipping": asdict(auto_order.shipping) if auto_order.shipping else None,
        "stop_after": auto_order.cancel_after_next_x_orders,
    }
    summary = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(summary.encode()).hexdigest()[:20]
