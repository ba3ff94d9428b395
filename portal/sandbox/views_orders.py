"""OrderApi: getOrderByToken, generateOrderToken, getOrder, getOrders, getOrdersByQuery, format,
generateInvoice, resendReceipt; and CustomerApi.getCustomerByEmail."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse

from portal.sandbox import pdf, receipts
from portal.sandbox.expand import order_view
from portal.sandbox.shapes import MERCHANT_ID
from portal.sandbox.store import STORE
from portal.sandbox.tokens import token_generate, token_resolve
from portal.sandbox.wire import (
    ApiError,
    dig,
    envelope,
    expansions,
    json_response,
    page_params,
    paginate,
    parse_timestamp,
    read_json,
    sort_records,
)


def _order_or_404(order_id: str) -> dict[str, Any]:
    order = STORE.order(order_id)
    if order is None:
        raise ApiError(404, f"Order {order_id} not found.", object_id=order_id)
    return order


def get_order_by_token(request: HttpRequest) -> HttpResponse:
    body = read_json(request)
    token = body.get("order_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise ApiError(400, "order_token is required.")
    order_id = token_resolve(token)
    order = STORE.order(order_id) if order_id else None
    if order is None:
        raise ApiError(404, "No order matches this order token.")
    return envelope("order", order_view(order, expansions(request)))


def generate_order_token(request: HttpRequest, order_id: str) -> HttpResponse:
    _order_or_404(order_id)
    return envelope("order_token", token_generate(merchant_id=MERCHANT_ID, order_id=order_id))


def get_order(request: HttpRequest, order_id: str) -> HttpResponse:
    return envelope("order", order_view(_order_or_404(order_id), expansions(request)))


# Query field -> how to read it from an order (case-insensitive equality unless noted).
_EXACT = {
    "order_id": "order_id",
    "email": "billing.email",
    "first_name": "billing.first_name",
    "last_name": "billing.last_name",
    "company": "billing.company",
    "city": "billing.city",
    "state_region": "billing.state_region",
    "postal_code": "billing.postal_code",
    "country_code": "billing.country_code",
    "phone": "billing.day_phone",
    "current_stage": "current_stage",
    "payment_method": "payment.payment_method",
    "rma": "shipping.rma",
    "storefront_host_name": "checkout.storefront_host_name",
}
_RANGES = {
    "creation_date": "creation_dts",
    "payment_date": "payment.payment_dts",
    "shipment_date": "shipping.shipping_date",
    "refund_date": "refund_dts",
}
_IGNORED = {"query_target"}


# A predicate on one order record (UltraCart JSON). The filters below are bound with partial(), which fixes
# each one's values now (a closure in the loop would see the loop's last values).
OrderTest = Callable[[dict[str, Any]], bool]


def _field_is(order: dict[str, Any], *, path: str, wanted: str) -> bool:
    return str(dig(order, path) or "").lower() == wanted


def _cc_email_is(order: dict[str, Any], *, wanted: str) -> bool:
    return wanted in [email.lower() for email in dig(order, "billing.cc_emails") or []]


def _has_item(order: dict[str, Any], *, item_id: str) -> bool:
    return any(item.get("merchant_item_id") == item_id for item in order.get("items", []))


def _email_in(order: dict[str, Any], *, emails: set[str]) -> bool:
    return str(dig(order, "billing.email") or "").lower() in emails


def _total_is(order: dict[str, Any], *, total: float) -> bool:
    return abs(float(dig(order, "summary.total.value") or 0) - total) < 0.005


def _matcher(query: dict[str, Any]) -> OrderTest:
    """A predicate for the query's filters; 400 when it has none (UltraCart refuses unbounded queries)."""
    tests: list[OrderTest] = []
    for name, value in query.items():
        if value in (None, "", []) or name in _IGNORED:
            continue
        if name in _EXACT:
            wanted = str(value).lower()
            tests.append(partial(_field_is, path=_EXACT[name], wanted=wanted))
        elif name == "cc_email":
            wanted = str(value).lower()
            tests.append(partial(_cc_email_is, wanted=wanted))
        elif name == "item_id":
            tests.append(partial(_has_item, item_id=str(value)))
        elif name == "customer_profile_oid":
            emails = STORE.customer_emails(profile_oid=int(value))
            tests.append(partial(_email_in, emails=emails))
        elif name == "total":
            tests.append(partial(_total_is, total=float(value)))
        elif name.endswith(("_begin", "_end")) and name.rsplit("_", 1)[0] in _RANGES:
            tests.append(_range_test(name, str(value)))
        else:
            continue
    if not tests:
        raise ApiError(400, "Please specify at least one query parameter to limit the orders returned.")
    return lambda order: all(test(order) for test in tests)


def _range_test(name: str, value: str) -> OrderTest:
    field, edge = name.rsplit("_", 1)
    try:
        bound = parse_timestamp(value)
    except ValueError as exc:
        raise ApiError(400, f"{name} is not a valid date/time.") from exc

    def test(order: dict[str, Any]) -> bool:
        raw = dig(order, _RANGES[field])
        if not raw:
            return False
        moment = parse_timestamp(raw)
        return moment >= bound if edge == "begin" else moment <= bound

    return test


def _orders_page(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    limit, offset = page_params(request)
    matches = _matcher(query)
    found = [order for order in STORE.all_orders() if matches(order)]
    found = sorted(found, key=lambda order: order["order_id"])
    found = sort_records(found, request.GET.get("_sort", ""), dig)
    page, result_set = paginate(found, limit=limit, offset=offset)
    expand = expansions(request)
    return envelope("orders", [order_view(order, expand) for order in page], result_set=result_set)


def get_orders(request: HttpRequest) -> HttpResponse:
    query = {key: request.GET[key] for key in request.GET if not key.startswith("_")}
    return _orders_page(request, query)


def get_orders_by_query(request: HttpRequest) -> HttpResponse:
    query = read_json(request)
    if not isinstance(query, dict):
        raise ApiError(400, "The order query must be a JSON object.")
    return _orders_page(request, query)


def format_order(request: HttpRequest, order_id: str) -> HttpResponse:
    options = read_json(request)
    if not isinstance(options, dict):
        raise ApiError(400, "The format options must be a JSON object.")
    if options.get("format") not in (None, "text", "div", "table", "email"):
        raise ApiError(400, "format must be one of text, div, table, email.")
    return json_response(receipts.render(_order_or_404(order_id), options))


def generate_invoice(request: HttpRequest, order_id: str) -> HttpResponse:
    return envelope("pdf_base64", pdf.invoice_base64(_order_or_404(order_id)))


def resend_receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    _order_or_404(order_id)
    return json_response({"success": True, "metadata": {}})


def get_customer_by_email(request: HttpRequest, email: str) -> HttpResponse:
    customer = STORE.customer(email)
    if customer is None:
        raise ApiError(404, "Customer not found.", object_id=email)
    expand = expansions(request)
    for section in ("billing", "shipping"):
        if section not in expand:
            customer.pop(section, None)
    return envelope("customer", customer)
