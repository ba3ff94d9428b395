"""Auto order (subscription) reads: one by oid or by original order, a customer's list, billing URL, cancel
reasons. Writes (pause, update) are in auto_order_writes.py."""

from typing import Any

from portal.ultracart.cache import (
    NOT_FOUND,
    TTL_AUTO_ORDER,
    TTL_AUTO_ORDER_LIST,
    TTL_AUTO_ORDER_REF,
    TTL_CANCEL_REASONS,
    cache_get,
    cache_get_any,
    cache_read_through,
    cache_remember_not_found,
    cache_store,
    key_auto_order,
    key_auto_order_list,
    key_auto_order_ref,
    key_cancel_reasons,
    stale_key_of,
)
from portal.ultracart.client import call_deadline, ultracart_request
from portal.ultracart.errors import BadResponse, NotFound, RateLimited, Unavailable
from portal.ultracart.ids import order_id_path_segment
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


def auto_order_get_by_reference(*, order_id: str) -> AutoOrder:
    """The auto order an original order started. Caches order id -> oid, and the auto order under its oid."""
    ref_key = key_auto_order_ref(order_id)
    known_oid = cache_get(ref_key)
    if known_oid == NOT_FOUND:
        raise NotFound("UltraCart knew no auto order for this order a moment ago", operation="getAutoOrder")
    if known_oid:
        return auto_order_get(auto_order_oid=known_oid)
    try:
        body = ultracart_request(
            operation="getAutoOrderByReferenceOrderId",
            method="GET",
            path="/auto_order/auto_orders/reference_order_id/"
            + order_id_path_segment(order_id, operation="getAutoOrderByReferenceOrderId"),
            params={"_expand": AUTO_ORDER_EXPANSION},
        )
    except NotFound:
        cache_remember_not_found(ref_key)
        raise
    except (RateLimited, Unavailable):
        # UltraCart cannot be asked: answer from what we kept, without a second call in this request.
        stale_oid = cache_get(stale_key_of(ref_key))
        stale_auto_order = cache_get_any(key_auto_order(stale_oid)) if stale_oid else None
        if isinstance(stale_auto_order, AutoOrder):
            return stale_auto_order
        raise
    auto_order = auto_order_from_json(auto_order_payload(body, operation="getAutoOrderByReferenceOrderId"))
    cache_store(ref_key, auto_order.auto_order_oid, ttl=TTL_AUTO_ORDER_REF)
    cache_store(key_auto_order(auto_order.auto_order_oid), auto_order, ttl=TTL_AUTO_ORDER)
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


def auto_order_cancel_reasons() -> tuple[str, ...]:
    """The merchant's cancel reasons that customers may pick (visible in "my account")."""

    def fetch() -> tuple[str, ...]:
        body = ultracart_request(
            operation="getAutoOrderCancelReasons", method="GET", path="/auto_order/auto_orders/cancel_reasons"
        )
        reasons: list[str] = []
        for entry in body.get("cancelReasons", body.get("cancel_reasons")) or ():
            if isinstance(entry, str):
                reasons.append(entry)
            elif isinstance(entry, dict) and entry.get("visible_in_myaccount") is not False:
                reason = entry.get("reason")
                if isinstance(reason, str) and reason:
                    reasons.append(reason)
        return tuple(reasons)

    return cache_read_through(
        operation="getAutoOrderCancelReasons", key=key_cancel_reasons(), ttl=TTL_CANCEL_REASONS, fetch=fetch
    )
