"""AutoOrderApi: get (by oid, code, reference order id), list, query, update, pause, billing URL,
cancel reasons."""

import copy
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from portal.sandbox.auto_order_fields import original_order_written
from portal.sandbox.auto_order_update import auto_order_apply
from portal.sandbox.expand import auto_order_view
from portal.sandbox.schedule import next_attempt_refresh
from portal.sandbox.store import STORE
from portal.sandbox.wire import (
    ApiError,
    dig,
    envelope,
    expansions,
    page_params,
    paginate,
    parse_timestamp,
    read_json,
    sort_records,
)

CANCEL_REASONS = [
    {"reason": "Too much product", "visible_in_myaccount": True},
    {"reason": "Too expensive", "visible_in_myaccount": True},
    {"reason": "Product did not work for me", "visible_in_myaccount": True},
    {"reason": "Switching to a different product", "visible_in_myaccount": True},
    {"reason": "Other", "myaccount_alternate_description": "Something else", "visible_in_myaccount": True},
    {"reason": "Fraud", "visible_in_myaccount": False},
]


def _auto_order_or_404(oid: int) -> dict[str, Any]:
    auto_order = STORE.auto_order(oid)
    if auto_order is None:
        raise ApiError(404, f"Auto order {oid} not found.", object_id=str(oid))
    return auto_order


def _one(request: HttpRequest, auto_order: dict[str, Any] | None, what: str) -> HttpResponse:
    if auto_order is None:
        raise ApiError(404, f"Auto order not found for {what}.", object_id=what)
    return envelope("auto_order", auto_order_view(auto_order, expansions(request)))


def get_auto_order(request: HttpRequest, auto_order_oid: int) -> HttpResponse:
    return _one(request, STORE.auto_order(auto_order_oid), str(auto_order_oid))


def get_auto_order_by_code(request: HttpRequest, auto_order_code: str) -> HttpResponse:
    found = next((a for a in STORE.all_auto_orders() if a.get("auto_order_code") == auto_order_code), None)
    return _one(request, found, auto_order_code)


def get_auto_order_by_reference_order_id(request: HttpRequest, reference_order_id: str) -> HttpResponse:
    found = next(
        (a for a in STORE.all_auto_orders() if a.get("original_order_id") == reference_order_id), None
    )
    return _one(request, found, reference_order_id)


def _context(auto_order: dict[str, Any]) -> dict[str, Any]:
    """The auto order plus its original order, which holds the customer's name, address and email."""
    return {**auto_order, "original": STORE.order(auto_order.get("original_order_id", "")) or {}}


def _next_shipment(record: dict[str, Any]) -> str:
    dates = [
        item.get("next_shipment_dts", "") for item in record.get("items", []) if item.get("next_shipment_dts")
    ]
    return min(dates, key=parse_timestamp) if dates else ""


_FIELDS = {
    "auto_order_code": "auto_order_code",
    "original_order_id": "original_order_id",
    "status": "status",
    "email": "original.billing.email",
    "first_name": "original.billing.first_name",
    "last_name": "original.billing.last_name",
    "company": "original.billing.company",
    "city": "original.billing.city",
    "state": "original.billing.state_region",
    "postal_code": "original.billing.postal_code",
    "country_code": "original.billing.country_code",
    "phone": "original.billing.day_phone",
    "card_type": "original.payment.credit_card.card_type",
}


def _sort_key(record: dict[str, Any], name: str) -> Any:
    if name == "next_shipment_dts":
        return _next_shipment(record)
    if name in ("order_id", "creation_dts") or name.split(".")[0] in ("billing", "shipping", "payment"):
        return dig(record["original"], "order_id" if name == "order_id" else name)
    return dig(record, name)


def _matches(record: dict[str, Any], query: dict[str, Any]) -> bool:
    for name, value in query.items():
        if value in (None, ""):
            continue
        if name in _FIELDS and str(dig(record, _FIELDS[name]) or "").lower() != str(value).lower():
            return False
        items = record.get("items", [])
        if name == "customer_profile_oid":
            customer = STORE.customer(str(dig(record, "original.billing.email") or ""))
            if not customer or customer["customer_profile_oid"] != int(value):
                return False
        if name in ("item_id", "original_item_id") and not any(
            i.get("original_item_id") == value for i in items
        ):
            return False
        if name == "next_item_id" and not any(i.get("next_item_id") == value for i in items):
            return False
        for prefix, source in (("next_shipment_date", _next_shipment), ("original_order_date", _created)):
            if name in (f"{prefix}_begin", f"{prefix}_end") and not _within(source(record), name, str(value)):
                return False
    return True


def _created(record: dict[str, Any]) -> str:
    return str(record["original"].get("creation_dts", ""))


def _within(moment: str, name: str, bound: str) -> bool:
    try:
        limit = parse_timestamp(bound)
    except ValueError as exc:
        raise ApiError(400, f"{name} is not a valid date/time.") from exc
    if not moment:
        return False
    return parse_timestamp(moment) >= limit if name.endswith("_begin") else parse_timestamp(moment) <= limit


def _auto_orders_page(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    limit, offset = page_params(request)
    records = [_context(a) for a in STORE.all_auto_orders()]
    found = sorted((r for r in records if _matches(r, query)), key=lambda r: r["auto_order_oid"])
    found = sort_records(found, request.GET.get("_sort", ""), _sort_key)
    page, result_set = paginate(found, limit=limit, offset=offset)
    expand = expansions(request)
    shown = [auto_order_view({k: v for k, v in r.items() if k != "original"}, expand) for r in page]
    return envelope("auto_orders", shown, result_set=result_set)


def get_auto_orders(request: HttpRequest) -> HttpResponse:
    query = {key: request.GET[key] for key in request.GET if not key.startswith("_")}
    if "_since" in request.GET:
        parse_since = request.GET["_since"]
        try:
            parse_timestamp(parse_since)
        except ValueError as exc:
            raise ApiError(400, "_since is not a valid date/time.") from exc
    return _auto_orders_page(request, query)


def get_auto_orders_by_query(request: HttpRequest) -> HttpResponse:
    query = read_json(request)
    if not isinstance(query, dict):
        raise ApiError(400, "The auto order query must be a JSON object.")
    return _auto_orders_page(request, query)


def update_auto_order(request: HttpRequest, auto_order_oid: int) -> HttpResponse:
    body = read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "The auto order must be a JSON object.")
    with STORE.lock:
        current = _auto_order_or_404(auto_order_oid)
        updated = auto_order_apply(current, body, now=datetime.now(UTC))
        original = original_order_written(
            STORE.order(current.get("original_order_id", "")), body.get("original_order")
        )
        STORE.put_auto_order(updated)
        if original is not None:
            STORE.put_order(original)
    return envelope("auto_order", auto_order_view(updated, expansions(request)))


def pause_auto_order(request: HttpRequest, auto_order_oid: int) -> HttpResponse:
    body = read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "The auto order must be a JSON object.")
    with STORE.lock:
        current = _auto_order_or_404(auto_order_oid)
        before = copy.deepcopy(current)
        for item in current.get("items", []):
            item["paused"] = True
        next_attempt_refresh(before, current)
        STORE.put_auto_order(current)
    return envelope("auto_order", auto_order_view(current, expansions(request)))


def get_auto_order_update_billing_url(request: HttpRequest, auto_order_oid: int) -> HttpResponse:
    """Points at the sandbox's own stand-in page, so the demo's "update card" link goes somewhere."""
    auto_order = _auto_order_or_404(auto_order_oid)
    host = request.META.get("HTTP_HOST") or f"{request.META['SERVER_NAME']}:{request.META['SERVER_PORT']}"
    return envelope("update_billing_url", f"http://{host}/update-billing/{auto_order['auto_order_code']}")


def get_auto_order_cancel_reasons(request: HttpRequest) -> HttpResponse:
    return envelope("cancel_reasons", CANCEL_REASONS)
