"""Auto order (subscription) operations.

Writes follow UltraCart's own advice: read the auto order with the expansion we are going to write back,
change only the intended fields, PUT the whole object. A write whose outcome is unknown (timeout, 5xx) is not
blindly repeated: we re-read, and only write again if the change is not there.
"""

import copy
from collections.abc import Callable
from datetime import datetime
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
    customer_cache_invalidate,
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

# Detail page: schedule, upcoming shipments, item names and the owner's email (access), past rebills.
AUTO_ORDER_EXPANSION = (
    "items,items.future_schedules,original_order,original_order.billing,original_order.item,rebill_orders"
)
# List page: the same without the rebill history.
AUTO_ORDER_LIST_EXPANSION = (
    "items,items.future_schedules,original_order,original_order.billing,original_order.item"
)
_LIST_PAGE_SIZE = 200
_LIST_MAX_PAGES = 5  # a customer with over 1,000 subscriptions is not worth 6+ calls per page view

Mutation = Callable[[dict[str, Any]], None]
Check = Callable[[dict[str, Any]], bool]


def _path(auto_order_oid: int, suffix: str = "") -> str:
    return f"/auto_order/auto_orders/{int(auto_order_oid)}{suffix}"


def _raw_payload(body: dict[str, Any], *, operation: str) -> dict[str, Any]:
    raw = body.get("auto_order")
    if not isinstance(raw, dict) or not raw.get("auto_order_oid"):
        raise NotFound("UltraCart answered without an auto order", operation=operation)
    return raw


def _read_raw(auto_order_oid: int, *, cache_state: str = "miss") -> dict[str, Any]:
    body = ultracart_request(
        operation="getAutoOrder",
        method="GET",
        path=_path(auto_order_oid),
        params={"_expand": AUTO_ORDER_EXPANSION},
        cache_state=cache_state,
    )
    return _raw_payload(body, operation="getAutoOrder")


def auto_order_get(*, auto_order_oid: int) -> AutoOrder:
    return cache_read_through(
        operation="getAutoOrder",
        key=key_auto_order(auto_order_oid),
        ttl=TTL_AUTO_ORDER,
        fetch=lambda: auto_order_from_json(_read_raw(auto_order_oid)),
    )


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
    auto_order = auto_order_from_json(_raw_payload(body, operation="getAutoOrderByReferenceOrderId"))
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


def _write(
    *,
    auto_order_oid: int,
    operation: str,
    path: str,
    params: dict[str, Any],
    mutate: Mutation,
    applied: Check,
) -> AutoOrder:
    """Read fresh (never from cache), change, PUT; on an unknown outcome re-read before writing again."""
    with call_deadline():
        current = _read_raw(auto_order_oid, cache_state="none")
        for _attempt in range(2):
            sent = copy.deepcopy(current)
            mutate(sent)
            try:
                body = ultracart_request(
                    operation=operation, method="PUT", path=path, params=params, body=sent, write=True,
                    cache_state="none",
                )  # fmt: skip
            except Unavailable as exc:
                if not exc.outcome_unknown:
                    raise
                current = _read_raw(auto_order_oid, cache_state="none")
                if applied(current):
                    result = current
                    break
                continue
            # The response may leave out what it was not asked to expand (pause answers without items):
            # what we sent fills the gaps.
            result = {**sent, **_raw_payload(body, operation=operation)}
            break
        else:
            raise Unavailable("UltraCart did not confirm the change", operation=operation)
    auto_order = auto_order_from_json(result)
    cache_store(key_auto_order(auto_order_oid), auto_order, ttl=TTL_AUTO_ORDER)
    customer_cache_invalidate(email=auto_order.email)
    return auto_order


def _items(raw: dict[str, Any], auto_order_item_oid: int | None = None) -> list[dict[str, Any]]:
    items = [item for item in raw.get("items") or () if isinstance(item, dict)]
    if auto_order_item_oid is None:
        return items
    return [item for item in items if item.get("auto_order_item_oid") == auto_order_item_oid]


def auto_order_pause(*, auto_order_oid: int) -> AutoOrder:
    """UltraCart's pause: every item paused. To resume: auto_order_update(paused=False)."""

    def mutate(raw: dict[str, Any]) -> None:
        for item in _items(raw):
            item["paused"] = True

    return _write(
        auto_order_oid=auto_order_oid,
        operation="pauseAutoOrder",
        path=_path(auto_order_oid, "/pause"),
        params={"_expand": AUTO_ORDER_EXPANSION},
        mutate=mutate,
        applied=lambda raw: all(item.get("paused") is True for item in _items(raw)),
    )


def _same_time(value: Any, expected: datetime) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value) == expected
    except ValueError:
        return False


def auto_order_update(
    *,
    auto_order_oid: int,
    paused: bool | None = None,
    next_shipment_at: datetime | None = None,
    auto_order_item_oid: int | None = None,
    enabled: bool | None = None,
    cancel_reason: str | None = None,
    canceled_by_user: str | None = None,
) -> AutoOrder:
    """Change only the given fields. Items: all of them, or the one auto_order_item_oid names.

    - resume: paused=False; skip / reschedule: next_shipment_at (timezone-aware; the pre-shipment notice
      moves by the same amount); cancel: enabled=False with cancel_reason and canceled_by_user="customer".
    """
    if next_shipment_at is not None and next_shipment_at.tzinfo is None:
        raise ValueError("next_shipment_at must be timezone-aware")

    def mutate(raw: dict[str, Any]) -> None:
        items = _items(raw, auto_order_item_oid)
        if auto_order_item_oid is not None and not items:  # checked on the fresh read, before any write
            raise NotFound("no such item on this auto order", operation="updateAutoOrder")
        for item in items:
            if paused is not None:
                item["paused"] = paused
            if next_shipment_at is not None:
                _move_next_shipment(item, next_shipment_at)
        for field, value in (("enabled", enabled), ("cancel_reason", cancel_reason),
                             ("canceled_by_user", canceled_by_user)):  # fmt: skip
            if value is not None:
                raw[field] = value

    def applied(raw: dict[str, Any]) -> bool:
        for item in _items(raw, auto_order_item_oid):
            if paused is not None and (item.get("paused") is True) != paused:
                return False
            if next_shipment_at is not None and not _same_time(
                item.get("next_shipment_dts"), next_shipment_at
            ):
                return False
        return enabled is None or raw.get("enabled", raw.get("status") == "active") == enabled

    return _write(
        auto_order_oid=auto_order_oid,
        operation="updateAutoOrder",
        path=_path(auto_order_oid),
        params={"validate_original_order": "No", "_expand": AUTO_ORDER_EXPANSION},
        mutate=mutate,
        applied=applied,
    )


def _move_next_shipment(item: dict[str, Any], when: datetime) -> None:
    previous = item.get("next_shipment_dts")
    notice = item.get("next_preshipment_notice_dts")
    item["next_shipment_dts"] = when.isoformat(timespec="milliseconds")
    try:
        if isinstance(previous, str) and isinstance(notice, str):
            delta = when - datetime.fromisoformat(previous)
            item["next_preshipment_notice_dts"] = (datetime.fromisoformat(notice) + delta).isoformat(
                timespec="milliseconds"
            )
    except ValueError:
        pass  # an unparseable notice date is UltraCart's to recompute, not ours to guess


def auto_order_billing_url(*, auto_order_oid: int) -> str:
    """UltraCart's hosted page where the customer updates their card. Not cached: the URL is per request."""
    body = ultracart_request(
        operation="getAutoOrderUpdateBillingUrl",
        method="GET",
        path=_path(auto_order_oid, "/update_billing_url"),
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
