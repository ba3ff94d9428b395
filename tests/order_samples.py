"""Orders for page tests, made from the sandbox's own demo orders and loaded through its control API.

`sandbox_order_json` reads a demo order exactly as UltraCart sends it; the builders below change what a
test is about (the carrier, the stage, a partial refund) and keep UltraCart's wire format for the rest.
"""

import copy
from typing import Any

from portal.ultracart.orders import ORDER_EXPANSION
from tests.sandbox_control import SandboxControl

SHIPPED = "DEMO-0009100011"
REFUNDED = "DEMO-0009100010"
SPANISH = "DEMO-0009100009"
# carrier -> (order id, shipping method, tracking number, the link the page must show)
CARRIERS = {
    "UPS": (
        "DEMO-0009200001",
        "UPS: Ground",
        "1Z999AA10123456784",
        "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    ),
    "FedEx": (
        "DEMO-0009200002",
        "FedEx: Home Delivery",
        "449044304137821",
        "https://www.fedex.com/fedextrack/?trknbr=449044304137821",
    ),
    "USPS": (
        "DEMO-0009200003",
        "USPS: Priority Mail",
        "9400111899223817576541",
        "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223817576541",
    ),
    "DHL": (
        "DEMO-0009200004",
        "DHL Express: Worldwide",
        "1234567890",
        "https://www.dhl.com/global-en/home/tracking.html?tracking-id=1234567890",
    ),
    "Correos": ("DEMO-0009200005", "Correos: Paq Premium", "PQ4F6A0712345670128001A", ""),
}


def sandbox_order_json(sandbox: SandboxControl, order_id: str) -> dict[str, Any]:
    response = sandbox.api("GET", f"/order/orders/{order_id}", params={"_expand": ORDER_EXPANSION})
    response.raise_for_status()
    return response.json()["order"]


def carrier_order(base: dict[str, Any], *, carrier: str) -> dict[str, Any]:
    """The shipped demo order, sent with another carrier and tracking number (events kept)."""
    order_id, method, number, _link = CARRIERS[carrier]
    order = copy.deepcopy(base)
    order["order_id"] = order_id
    shipping = order["shipping"]
    shipping["shipping_method"] = method
    shipping["tracking_numbers"] = [number]
    for detail in shipping["tracking_number_details"]:
        detail.update(tracking_number=number, shipping_method=method, tracking_url="")
    return order


def stage_order(base: dict[str, Any], *, order_id: str, stage: str) -> dict[str, Any]:
    order = copy.deepcopy(base)
    order.update(order_id=order_id, current_stage=stage)
    return order


def partly_refunded_order(base: dict[str, Any], *, order_id: str) -> dict[str, Any]:
    """The refunded demo order with only 20.00 of its total refunded, for a damaged item."""
    order = copy.deepcopy(base)
    order.update(order_id=order_id, refund_reason="Damaged")
    order["summary"]["total_refunded"] = {"value": 20.0, "localized": 20.0, "localized_formatted": "$20.00"}
    order["payment"]["payment_status"] = "Processed"
    return order
