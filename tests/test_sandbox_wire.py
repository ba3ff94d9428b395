"""The sandbox speaks UltraCart's wire format: headers, envelopes, errors, pagination, expansions."""

import re

import pytest
import requests

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def call(sandbox, method, path, *, headers=HEADERS, **kwargs):
    return requests.request(method, f"{sandbox.api_url}{path}", headers=headers, timeout=10, **kwargs)


def assert_error(response, status):
    assert response.status_code == status
    body = response.json()
    assert body["success"] is False
    assert body["error"]["developer_message"] == response.headers["UC-REST-ERROR"]
    assert body["error"]["user_message"]
    assert re.fullmatch(r"[0-9A-F]{31}", response.headers["X-UltraCart-Request-Id"])


def test_success_envelope_and_headers(sandbox):
    response = call(sandbox, "GET", "/order/orders/DEMO-0009100012")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert re.fullmatch(r"[0-9A-F]{31}", response.headers["X-UltraCart-Request-Id"])
    body = response.json()
    assert body["success"] is True
    assert body["metadata"] == {"payload_name": "order"}


@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_missing_or_wrong_simple_key_is_401(sandbox, key):
    headers = {"X-UltraCart-Api-Version": "2017-03-01"}
    if key is not None:
        headers["x-ultracart-simple-key"] = key
    assert_error(call(sandbox, "GET", "/order/orders/DEMO-0009100012", headers=headers), 401)


def test_missing_version_header_is_400(sandbox):
    response = call(
        sandbox, "GET", "/order/orders/DEMO-0009100012", headers={"x-ultracart-simple-key": "sandbox-key"}
    )
    assert_error(response, 400)
    assert "X-UltraCart-Api-Version" in response.headers["UC-REST-ERROR"]


def test_unknown_order_is_404_with_error_response(sandbox):
    assert_error(call(sandbox, "GET", "/order/orders/DEMO-0000000000"), 404)
    assert_error(call(sandbox, "GET", "/order/orders/DEMO-0000000000/invoice"), 404)
    assert_error(call(sandbox, "POST", "/order/orders/DEMO-0000000000/format", json={}), 404)
    assert_error(call(sandbox, "GET", "/auto_order/auto_orders/999"), 404)
    assert_error(call(sandbox, "GET", "/customer/customers/by_email/nobody%40example.com"), 404)


def test_empty_order_query_is_400_as_ultracart_documents(sandbox):
    assert_error(call(sandbox, "POST", "/order/orders/query", json={}), 400)
    assert_error(call(sandbox, "POST", "/order/orders/query", json={"query_target": "cache"}), 400)
    assert_error(call(sandbox, "GET", "/order/orders"), 400)


def test_invalid_json_body_is_400(sandbox):
    response = call(
        sandbox,
        "POST",
        "/order/orders/token",
        data=b"{not json",
        headers={**HEADERS, "Content-Type": "application/json"},
    )
    assert_error(response, 400)


@pytest.mark.parametrize("params", [{"_limit": 201}, {"_limit": 0}, {"_offset": -1}, {"_limit": "ten"}])
def test_bad_page_parameters_are_400(sandbox, params):
    assert_error(
        call(sandbox, "POST", "/order/orders/query", json={"email": "jane.doe@example.com"}, params=params),
        400,
    )


def test_pagination_walks_every_order_once(sandbox):
    seen, offset = [], 0
    while True:
        body = call(
            sandbox,
            "GET",
            "/order/orders",
            params={"email": "jane.doe@example.com", "_limit": 2, "_offset": offset},
        ).json()
        result_set = body["metadata"]["result_set"]
        assert result_set["count"] == len(body["orders"]) <= 2
        assert result_set["limit"] == 2 and result_set["offset"] == offset
        seen += [order["order_id"] for order in body["orders"]]
        if not result_set["more"]:
            assert "next_offset" not in result_set
            break
        offset = result_set["next_offset"]
    assert len(seen) == len(set(seen)) == result_set["total_records"] == 6


def test_limit_of_200_is_accepted(sandbox):
    body = call(sandbox, "GET", "/auto_order/auto_orders", params={"_limit": 200}).json()
    assert body["metadata"]["result_set"] == {
        "count": 7,
        "offset": 0,
        "limit": 200,
        "more": False,
        "total_records": 7,
    }


def test_sort_descending_and_multiple_keys(sandbox):
    params = {"_sort": "-creation_dts", "_expand": "billing"}
    body = call(
        sandbox, "POST", "/order/orders/query", json={"email": "jane.doe@example.com"}, params=params
    ).json()
    dates = [order["creation_dts"] for order in body["orders"]]
    assert dates == sorted(dates, reverse=True)
    params = {"_sort": "+billing.last_name,-order_id"}
    body = call(
        sandbox,
        "POST",
        "/order/orders/query",
        json={"creation_date_begin": "2000-01-01T00:00:00.000-05:00"},
        params=params,
    ).json()
    assert body["orders"][0]["order_id"] == "DEMO-0009100012"  # Doe, highest id first


def test_without_expand_an_order_is_the_small_object(sandbox):
    order = call(sandbox, "GET", "/order/orders/DEMO-0009100011").json()["order"]
    assert set(order) <= {
        "merchant_id",
        "order_id",
        "current_stage",
        "creation_dts",
        "currency_code",
        "language_iso_code",
        "refund_dts",
    }


def test_expansions_are_honoured_one_by_one(sandbox):
    order = call(sandbox, "GET", "/order/orders/DEMO-0009100011", params={"_expand": "item,shipping"}).json()[
        "order"
    ]
    assert "items" in order and "shipping" in order
    assert "summary" not in order and "billing" not in order
    assert "tracking_number_details" not in order["shipping"]
    params = {"_expand": "shipping.tracking_number_details,payment.transaction"}
    order = call(sandbox, "GET", "/order/orders/DEMO-0009100011", params=params).json()["order"]
    assert order["shipping"]["tracking_number_details"][0]["details"]
    assert order["payment"]["transactions"]


def test_auto_order_without_expand_has_no_items(sandbox):
    auto_order = call(sandbox, "GET", "/auto_order/auto_orders/5001").json()["auto_order"]
    assert "items" not in auto_order and "original_order" not in auto_order
    expanded = call(sandbox, "GET", "/auto_order/auto_orders/5001", params={"_expand": "items"}).json()[
        "auto_order"
    ]
    assert "future_schedules" not in expanded["items"][0]


def test_format_has_no_envelope(sandbox):
    body = call(sandbox, "POST", "/order/orders/DEMO-0009100012/format", json={"format": "table"}).json()
    assert set(body) == {"css_links", "formatted_result"}


def test_invoice_payload_is_pdf_base64(sandbox):
    body = call(sandbox, "GET", "/order/orders/DEMO-0009100012/invoice").json()
    assert body["metadata"] == {"payload_name": "pdf_base64"}
    assert all(len(line) <= 76 for line in body["pdfBase64"].split("\n"))
    assert len(body["pdfBase64"].split("\n")[0]) == 76


def test_resend_receipt_answers_like_ultracart(sandbox):
    assert call(sandbox, "POST", "/order/orders/DEMO-0009100012/resend_receipt").json() == {
        "success": True,
        "metadata": {},
    }


def test_wrong_method_is_refused(sandbox):
    assert call(sandbox, "DELETE", "/order/orders/DEMO-0009100012").status_code == 405


def test_any_host_header_and_debug_mode_work(sandbox, settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    response = call(
        sandbox, "GET", "/order/orders/DEMO-0009100012", headers={**HEADERS, "Host": "evil.example"}
    )
    assert response.status_code == 200
    assert_error(call(sandbox, "GET", "/no/such/thing"), 404)


def test_no_nulls_anywhere(sandbox):
    def walk(value):
        assert value is not None
        if isinstance(value, dict):
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    expand = "billing,checkout,coupon,customer_profile,item,payment,payment.transaction,shipping,"
    expand += "shipping.tracking_number_details,summary,taxes,auto_order,internal"
    walk(
        call(
            sandbox,
            "POST",
            "/order/orders/query",
            json={"creation_date_begin": "2000-01-01T00:00:00Z"},
            params={"_expand": expand},
        ).json()
    )
    walk(
        call(
            sandbox,
            "GET",
            "/auto_order/auto_orders",
            params={"_expand": "items,items.future_schedules,original_order,rebill_orders"},
        ).json()
    )
