"""The control API under /_control/ (tests, benchmarks and `make run` drive the sandbox with it)."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.sandbox import faults
from portal.sandbox.store import STORE
from portal.sandbox.wire import ApiError, read_json


def _json(body: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")


def _objects(request: HttpRequest, key: str, kind: type) -> list[dict[str, Any]]:
    """A JSON object or a list of them, each carrying `key` of type `kind`."""
    body = read_json(request)
    objects = body if isinstance(body, list) else [body]
    for obj in objects:
        if not isinstance(obj, dict) or not isinstance(obj.get(key), kind) or isinstance(obj.get(key), bool):
            raise ApiError(400, f"Each object needs {key} ({kind.__name__}).")
    return objects


@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    STORE.reset()
    return _json({"status": "reset", "orders": len(STORE.orders), "auto_orders": len(STORE.auto_orders)})


@require_POST
def orders(request: HttpRequest) -> HttpResponse:
    added = []
    for order in _objects(request, "order_id", str):
        STORE.put_order(order)
        added.append(_token_entry(order))
    return _json(added, status=201)


@require_POST
def auto_orders(request: HttpRequest) -> HttpResponse:
    added = []
    for auto_order in _objects(request, "auto_order_oid", int):
        STORE.put_auto_order(auto_order)
        added.append({"auto_order_oid": auto_order["auto_order_oid"]})
    return _json(added, status=201)


@require_http_methods(["GET", "POST", "DELETE"])
def fault_list(request: HttpRequest) -> HttpResponse:
    if request.method == "DELETE":
        faults.faults_clear()
        return _json([])
    if request.method == "POST":
        body = read_json(request)
        for raw in body if isinstance(body, list) else [body]:
            faults.fault_add(faults.fault_from_json(raw))
    return _json(faults.faults_list())


@require_http_methods(["GET", "DELETE"])
def request_log(request: HttpRequest) -> HttpResponse:
    if request.method == "DELETE":
        STORE.clear_requests()
        return _json([])
    return _json(STORE.request_log())


def _token_entry(order: dict[str, Any]) -> dict[str, str]:
    return {
        "order_id": order["order_id"],
        "order_token": STORE.listed_token(order["order_id"]),
        "email": order.get("billing", {}).get("email", ""),
    }


@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    """Every order, newest first (`make run` links to the first one)."""
    held = sorted(STORE.all_orders(), key=lambda o: (o.get("creation_dts", ""), o["order_id"]), reverse=True)
    return _json([_token_entry(order) for order in held])
