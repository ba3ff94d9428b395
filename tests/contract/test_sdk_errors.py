"""Errors as the SDK sees them: exception classes, status, UC-REST-ERROR header, ErrorResponse body."""

import json

import pytest
from ultracart import ApiException
from ultracart.apis import OrderApi
from ultracart.exceptions import NotFoundException, ServiceException, UnauthorizedException
from ultracart.model.order_by_token_query import OrderByTokenQuery
from ultracart.model.order_query import OrderQuery

from tests.contract.conftest import sdk_client


def test_wrong_key_is_unauthorized(sandbox):
    api = OrderApi(sdk_client(sandbox.api_url, key="not-the-key"))
    with pytest.raises(UnauthorizedException) as caught:
        api.get_order("DEMO-0009100012")
    assert caught.value.status == 401
    assert caught.value.headers["UC-REST-ERROR"]
    assert json.loads(caught.value.body)["error"]["user_message"]


def test_missing_version_header_is_400(sandbox):
    api = OrderApi(sdk_client(sandbox.api_url, version=None))
    with pytest.raises(ApiException) as caught:
        api.get_order("DEMO-0009100012")
    assert caught.value.status == 400


def test_unknown_order_and_tampered_token_are_not_found(sandbox, order_api):
    with pytest.raises(NotFoundException):
        order_api.get_order("DEMO-0000000000")
    token = sandbox.token_for("DEMO-0009100012")
    tampered = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    with pytest.raises(NotFoundException):
        order_api.get_order_by_token(OrderByTokenQuery(order_token=tampered))


def test_empty_order_query_is_400(sandbox, order_api):
    with pytest.raises(ApiException) as caught:
        order_api.get_orders_by_query(OrderQuery())
    assert caught.value.status == 400


def test_rate_limit_once_then_success(sandbox, order_api):
    sandbox.fault(status=429, operations=["getOrder"], count=1)
    with pytest.raises(ApiException) as caught:
        order_api.get_order("DEMO-0009100012")
    assert caught.value.status == 429
    assert caught.value.headers["X-UltraCart-Request-Id"]
    assert order_api.get_order("DEMO-0009100012").order.order_id == "DEMO-0009100012"
    assert sandbox.operations() == ["getOrder", "getOrder"]


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_service_exceptions(sandbox, order_api, status):
    sandbox.fault(status=status, count=1)
    with pytest.raises(ServiceException):
        order_api.get_order("DEMO-0009100012")


def test_gone_is_an_api_exception(sandbox, order_api):
    sandbox.fault(status=410, count=1)
    with pytest.raises(ApiException) as caught:
        order_api.generate_order_token("DEMO-0009100012")
    assert caught.value.status == 410
