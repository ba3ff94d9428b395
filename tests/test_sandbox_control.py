"""The control API under /_control/: reset, add orders and auto orders, tokens, request log."""

import requests

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def api(sandbox, method, path, **kwargs):
    return requests.request(method, f"{sandbox.api_url}{path}", headers=HEADERS, timeout=10, **kwargs)


def test_tokens_list_every_order_newest_first(sandbox):
    tokens = sandbox.tokens()
    assert len(tokens) == 15
    assert tokens[0]["order_id"] == "DEMO-0009100012"
    assert {t["email"] for t in tokens} == {
        "jane.doe@example.com",
        "maria.garcia@example.es",
        "obrien@example.com",
    }
    assert sandbox.tokens() == tokens  # stable between calls


def test_listed_tokens_resolve(sandbox):
    for entry in sandbox.tokens():
        found = api(sandbox, "POST", "/order/orders/token", json={"order_token": entry["order_token"]})
        assert found.json()["order"]["order_id"] == entry["order_id"]


def test_add_one_order_or_a_list(sandbox):
    single = {
        "order_id": "DEMO-0009200001",
        "current_stage": "Completed Order",
        "creation_dts": "2030-01-01T00:00:00+00:00",
        "billing": {"email": "new@example.com"},
    }
    added = sandbox._call("POST", "orders", single)
    assert added[0]["order_id"] == "DEMO-0009200001" and added[0]["order_token"].startswith("DEMO:")
    sandbox.add_orders({"order_id": "DEMO-0009200002"}, {"order_id": "DEMO-0009200003"})
    assert api(sandbox, "GET", "/order/orders/DEMO-0009200003").json()["order"]["merchant_id"] == "DEMO"
    assert sandbox.tokens()[0]["order_id"] == "DEMO-0009200001"


def test_add_replaces_an_existing_order(sandbox):
    sandbox.add_orders({"order_id": "DEMO-0009100012", "current_stage": "Rejected"})
    assert api(sandbox, "GET", "/order/orders/DEMO-0009100012").json()["order"] == {
        "order_id": "DEMO-0009100012",
        "current_stage": "Rejected",
        "merchant_id": "DEMO",
    }


def test_add_auto_orders(sandbox):
    sandbox.add_auto_orders(
        {
            "auto_order_oid": 6001,
            "original_order_id": "DEMO-0009100011",
            "status": "active",
            "enabled": True,
            "items": [],
        }
    )
    body = api(sandbox, "GET", "/auto_order/auto_orders/6001", params={"_expand": "original_order"}).json()
    assert body["auto_order"]["original_order"]["order_id"] == "DEMO-0009100011"


def test_objects_without_their_key_are_refused(sandbox):
    response = requests.post(f"{sandbox.url}/_control/orders", json=[{"current_stage": "x"}], timeout=10)
    assert response.status_code == 400
    response = requests.post(
        f"{sandbox.url}/_control/auto_orders", json={"auto_order_oid": "5001"}, timeout=10
    )
    assert response.status_code == 400


def test_reset_restores_the_demo_data(sandbox):
    sandbox.add_orders({"order_id": "DEMO-0009100012", "current_stage": "Rejected"})
    api(sandbox, "PUT", "/auto_order/auto_orders/5001/pause", json={"auto_order_oid": 5001})
    sandbox.reset()
    assert (
        api(sandbox, "GET", "/order/orders/DEMO-0009100012").json()["order"]["current_stage"]
        == "Shipping Department"
    )
    items = api(sandbox, "GET", "/auto_order/auto_orders/5001", params={"_expand": "items"}).json()[
        "auto_order"
    ]["items"]
    assert items[0]["paused"] is False


def test_request_log_records_operation_method_path_query_status_time(sandbox):
    api(sandbox, "GET", "/order/orders/DEMO-0009100012", params={"_expand": "item"})
    api(sandbox, "GET", "/order/orders/DEMO-0000000000")
    api(sandbox, "GET", "/auto_order/auto_orders/cancel_reasons")
    first, second, third = sandbox.requests()
    assert first["operation"] == "getOrder"
    assert first["method"] == "GET"
    assert first["path"] == "/rest/v2/order/orders/DEMO-0009100012"
    assert first["query"] == {"_expand": "item"}
    assert first["status"] == 200
    assert first["time"]
    assert second["status"] == 404
    assert third["operation"] == "getAutoOrderCancelReasons"
    sandbox.clear_requests()
    assert sandbox.requests() == []


def test_every_operation_is_named_in_the_log(sandbox):
    token = sandbox.token_for("DEMO-0009100012")
    calls = [
        ("POST", "/order/orders/token", {"order_token": token}),
        ("GET", "/order/orders/token/DEMO-0009100012", None),
        ("GET", "/order/orders/DEMO-0009100012", None),
        ("POST", "/order/orders/query", {"email": "jane.doe@example.com"}),
        ("GET", "/order/orders?email=jane.doe%40example.com", None),
        ("POST", "/order/orders/DEMO-0009100012/format", {"format": "div"}),
        ("GET", "/order/orders/DEMO-0009100012/invoice", None),
        ("POST", "/order/orders/DEMO-0009100012/resend_receipt", None),
        ("GET", "/auto_order/auto_orders/5001", None),
        ("GET", "/auto_order/auto_orders", None),
        ("POST", "/auto_order/auto_orders/query", {"email": "jane.doe@example.com"}),
        ("GET", "/auto_order/auto_orders/reference_order_id/DEMO-0009100012", None),
        ("GET", "/auto_order/auto_orders/code/SBX5001QP", None),
        ("PUT", "/auto_order/auto_orders/5001", {"auto_order_oid": 5001}),
        ("PUT", "/auto_order/auto_orders/5001/pause", {"auto_order_oid": 5001}),
        ("GET", "/auto_order/auto_orders/5001/update_billing_url", None),
        ("GET", "/auto_order/auto_orders/cancel_reasons", None),
        ("GET", "/customer/customers/by_email/jane.doe%40example.com", None),
    ]
    for method, path, body in calls:
        assert api(sandbox, method, path, json=body).status_code == 200, path
    assert sandbox.operations() == [
        "getOrderByToken", "generateOrderToken", "getOrder", "getOrdersByQuery", "getOrders", "format",
        "generateInvoice", "resendReceipt", "getAutoOrder", "getAutoOrders", "getAutoOrdersByQuery",
        "getAutoOrderByReferenceOrderId", "getAutoOrderByCode", "updateAutoOrder", "pauseAutoOrder",
        "getAutoOrderUpdateBillingUrl", "getAutoOrderCancelReasons", "getCustomerByEmail",
    ]  # fmt: skip


def test_control_api_is_not_in_the_portal(client):
    assert client.get("/_control/tokens").status_code == 404


def test_billing_url_page_is_served_by_the_sandbox(sandbox):
    url = api(sandbox, "GET", "/auto_order/auto_orders/5004/update_billing_url").json()["update_billing_url"]
    assert requests.get(url, timeout=10).status_code == 200


def test_a_slow_request_is_logged_on_arrival_not_after_a_clear(sandbox):
    """A request a test gave up on (latency fault) must not land in the next test's log when it ends."""
    import contextlib
    import threading
    import time

    sandbox.fault(latency_ms=600, operations=["getOrder"])

    def give_up_early():
        with contextlib.suppress(requests.Timeout):
            sandbox.api("GET", "/order/orders/DEMO-0009100012", timeout=0.1)

    caller = threading.Thread(target=give_up_early)
    caller.start()
    for _ in range(50):  # until the sandbox has it (it is logged on arrival, status still unknown)
        if sandbox.requests():
            break
        time.sleep(0.02)
    assert [(entry["operation"], entry["status"]) for entry in sandbox.requests()] == [("getOrder", None)]
    sandbox.clear_requests()  # what the next test's fixture does
    caller.join()
    time.sleep(0.8)  # the sandbox finishes the slow request now
    assert sandbox.requests() == []
