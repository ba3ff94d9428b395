"""Auto order (subscription) reads: one by oid, a customer's list, the billing URL. Writes (pause, update) are
in auto_order_writes.py."""

from typing import Any

from portal.ultracart.cache import (
    TTL_AUTO_ORDER,
    TTL_AUTO_ORDER_LIST,
    cache_get,
    cache_read_through,
    cache_store,
    key_auto_order,
    key_auto_order_list,
)
from portal.ultracart.client import call_deadline, ultracart_request
from portal.ultracart.errors import BadResponse, NotFound
from portal.ultracart.models import AutoOrder
from portal.ultracart.parsing_auto_orders import auto_order_from_json

# Detail page: schedule, upcoming shipments, item names and the owner's email (access), past rebills; the
# add-ons and the shipping address too, because writes send back what this read holds: UltraCart drops the
# add-ons of a write read without them, and original_order.shipping is where a new address is written; the
# card on file (original_order.payment).
AUTO_ORDER_EXPANSION = (
    "items,items.future_schedules,add_ons,original_order,original_order.billing,original_order.shipping,"
    "original_order.item,original_order.payment,rebill_orders"
)
# List page: the same without the rebill history.
AUTO_ORDER_LIST_EXPANSION = (
    "items,items.future_schedules,add_ons,original_order,original_order.billing,original_order.shipping,"
    "original_order.item,original_order.payment"
)
_LIST_PAGE_SIZE = 200
_LIST_MAX_PAGES = 5  # a customer with over 1,000 subscriptions is not worth 6+ calls per page view


def auto_order_path(auto_order_oid: int, suffix: str = "") -> str:
    return f"/auto_order/auto_orders/{int(auto_order_oid)}{suffix}"


def auto_order_payload(body: dict[str, Any], *, operation: str) -> dict[str, Any]:
    raw = body.get("auto_order")
    if not isinstance(raw, dict) or not raw.get("auto_order_oid"):
        raise NotFound("UltraCart answered without an auto order", operation=operation)
    return raw


def auto_order_read_raw(auto_order_oid: int, *, cache_state: str = "miss") -> dict[str, Any]:
    body = ultracart_request(
        operation="getAutoOrder",
        method="GET",
        path=auto_order_path(auto_order_oid),
        params={"_expand": AUTO_ORDER_EXPANSION},
        cache_state=cache_state,
    )
    return auto_order_payload(body, operation="getAutoOrder")


def auto_order_get(*, auto_order_oid: int) -> AutoOrder:
    return cache_read_through(
        operation="getAutoOrder",
        key=key_auto_order(auto_order_oid),
        ttl=TTL_AUTO_ORDER,
        fetch=lambda: auto_order_from_json(auto_order_read_raw(auto_order_oid)),
    )


def auto_order_cached(*, auto_order_oid: int) -> AutoOrder | None:
    """The auto order if we hold it now (our own writes keep the new state), else None. No call."""
    value = cache_get(key_auto_order(auto_order_oid))
    return value if isinstance(value, AutoOrder) else None


def auto_order_get_fresh(*, auto_order_oid: int) -> AutoOrder:
    """Asks UltraCart now, whatever the cache holds (confirmation pages), and keeps the answer."""
    auto_order = auto_order_from_json(auto_order_read_raw(auto_order_oid, cache_state="none"))
    cache_store(key_auto_order(auto_order_oid), auto_order, ttl=TTL_AUTO_ORDER)
    return auto_order


def auto_order_list_for_email(*, email: str) -> tuple[AutoOrder, ...]:
    """Every auto order of the customer, soonest next shipment first."""
    key, stale_key = key_auto_order_list(email)

    def fetch() -> tuple[AutoOrder, ...]:
        found: list[AutoOrder] = []
        with call_deadline():  # one deadline for all pages
            for page in range(_LIST_MAX_PAGES):
                body = ultracart_request(
                    operation="getAutoOrdersByQuery",
                    method="POST",
                    path="/auto_order/auto_orders/query",
                    params={
                        "_limit": _LIST_PAGE_SIZE,
                        "_offset": page * _LIST_PAGE_SIZE,
                        "_sort": "next_shipment_dts",
                        "_expand": AUTO_ORDER_LIST_EXPANSION,
                    },
                    body={"email": email},
                )
                raws = body.get("auto_orders")
                found.extend(auto_order_from_json(raw) for raw in raws or () if isinstance(raw, dict))
                result_set = (body.get("metadata") or {}).get("result_set") or {}
                if result_set.get("more") is not True:
                    break
        return tuple(found)

    return cache_read_through(
        operation="getAutoOrdersByQuery", key=key, stale_key=stale_key, ttl=TTL_AUTO_ORDER_LIST, fetch=fetch
    )


def auto_order_billing_url(*, auto_order_oid: int) -> str:
    """UltraCart's hosted page where the customer updates their card. Not cached: the URL is per request."""
    body = ultracart_request(
        operation="getAutoOrderUpdateBillingUrl",
        method="GET",
        path=auto_order_path(auto_order_oid, "/update_billing_url"),
        cache_state="none",
    )
    url = body.get("update_billing_url")
    if not isinstance(url, str) or (not url.startswith("https://") and not url.startswith("http://")):
        raise BadResponse("no update billing URL in the answer", operation="getAutoOrderUpdateBillingUrl")
    return url
