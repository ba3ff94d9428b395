"""`_expand`: which parts of an order or auto order come back. Without it, UltraCart sends a small object."""

from typing import Any

from portal.sandbox.future_schedules import future_schedules
from portal.sandbox.store import STORE

# Scalars UltraCart always returns on an order (see the rebill_orders in getAutoOrder.json).
ORDER_BASE = (
    "merchant_id",
    "order_id",
    "current_stage",
    "creation_dts",
    "refund_dts",
    "reject_dts",
    "currency_code",
    "exchange_rate",
    "language_iso_code",
    "refund_reason",
    "reject_reason",
)
# expansion name -> order key
ORDER_SECTIONS = {
    "affiliate": "affiliates",
    "auto_order": "auto_order",
    "billing": "billing",
    "channel_partner": "channel_partner",
    "checkout": "checkout",
    "coupon": "coupons",
    "customer_profile": "customer_profile",
    "digital_order": "digital_order",
    "edi": "edi",
    "fraud_score": "fraud_score",
    "gift": "gift",
    "gift_certificate": "gift_certificate",
    "internal": "internal",
    "item": "items",
    "linked_shipment": "linked_shipment",
    "marketing": "marketing",
    "payment": "payment",
    "point_of_sale": "point_of_sale",
    "properties": "properties",
    "quote": "quote",
    "salesforce": "salesforce",
    "shipping": "shipping",
    "summary": "summary",
    "taxes": "taxes",
    "utms": "utms",
}
AUTO_ORDER_BASE_EXCLUDED = ("add_ons", "items", "original_order", "rebill_orders")
_AUTO_ORDER_SUMMARY = (
    "auto_order_code",
    "auto_order_oid",
    "original_order_id",
    "enabled",
    "credit_card_attempt",
    "next_attempt",
    "canceled_dts",
    "canceled_by_user",
    "cancel_reason",
    "disabled_dts",
    "failure_reason",
    "status",
)


def order_view(order: dict[str, Any], expand: set[str]) -> dict[str, Any]:
    view = {key: order[key] for key in ORDER_BASE if key in order}
    for name, key in ORDER_SECTIONS.items():
        if name in expand and key in order:
            view[key] = order[key]
    if "payment" in view and "payment.transaction" not in expand:
        view["payment"] = {k: v for k, v in view["payment"].items() if k != "transactions"}
    if "shipping" in view and "shipping.tracking_number_details" not in expand:
        view["shipping"] = {k: v for k, v in view["shipping"].items() if k != "tracking_number_details"}
    if "auto_order" in view:
        view["auto_order"] = _order_auto_order(view["auto_order"])
    if "customer_profile" in expand and "customer_profile" not in order and "billing" in order:
        profile = STORE.customer(order["billing"].get("email", ""))
        if profile:
            view["customer_profile"] = {k: v for k, v in profile.items() if k not in ("billing", "shipping")}
    return view


def _order_auto_order(reference: dict[str, Any]) -> dict[str, Any]:
    """The order's `auto_order`, with its status taken from the auto order as it is now."""
    current = STORE.auto_order(reference.get("auto_order_oid", -1))
    if current is None:
        return reference
    return {key: current[key] for key in _AUTO_ORDER_SUMMARY if key in current}


def auto_order_view(auto_order: dict[str, Any], expand: set[str]) -> dict[str, Any]:
    view = {k: v for k, v in auto_order.items() if k not in AUTO_ORDER_BASE_EXCLUDED}
    if "items" in expand:
        items = []
        for item in auto_order.get("items", []):
            shown = {k: v for k, v in item.items() if k != "future_schedules"}
            if "items.future_schedules" in expand:
                shown["future_schedules"] = future_schedules(auto_order, item)
            items.append(shown)
        view["items"] = items
    if "add_ons" in expand:
        view["add_ons"] = auto_order.get("add_ons", [])
    original_id = auto_order.get("original_order_id", "")
    if "original_order" in expand:
        original = STORE.order(original_id)
        if original:
            view["original_order"] = order_view(original, _nested(expand, "original_order"))
    if "rebill_orders" in expand:
        rebills = [
            order
            for order in STORE.all_orders()
            if order.get("auto_order", {}).get("auto_order_oid") == auto_order["auto_order_oid"]
            and order["order_id"] != original_id
        ]
        rebills.sort(key=lambda order: order.get("creation_dts", ""))
        nested = _nested(expand, "rebill_orders")
        view["rebill_orders"] = [order_view(order, nested) for order in rebills]
    # Keep UltraCart's key order: status last.
    if "status" in view:
        view["status"] = view.pop("status")
    return view


def _nested(expand: set[str], prefix: str) -> set[str]:
    return {name[len(prefix) + 1 :] for name in expand if name.startswith(prefix + ".")}
