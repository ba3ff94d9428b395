"""The official SDK accepts what the self-service changes send (every request body the portal PUTs) and
what the sandbox answers for the new fields: names at every depth, types, enums and UltraCart's limits."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from ultracart.model.auto_order import AutoOrder

from portal import ultracart
from portal.ultracart import ItemOption, ShippingAddressChange, auto_order_writes
from tests.contract.sdk_fields import sdk_accepts, unknown_fields

pytestmark = pytest.mark.django_db

EXPAND = (
    "items,items.future_schedules,add_ons,original_order,original_order.billing,original_order.shipping,"
    "original_order.item,rebill_orders"
)
ADDRESS = ShippingAddressChange(
    first_name="Jane",
    last_name="Doe",
    address1="7 Lighthouse Lane",
    city="Astoria",
    postal_code="97103",
    country_code="US",
    state_region="OR",
)
CHANGES = {
    "frequency": lambda: ultracart.auto_order_frequency_change(
        auto_order_oid=5001, auto_order_item_oid=50011, frequency="Every 6 Weeks"),
    "every_days": lambda: ultracart.auto_order_frequency_change(
        auto_order_oid=5001, auto_order_item_oid=50011, every_days=21),
    "quantity": lambda: ultracart.auto_order_quantity_change(
        auto_order_oid=5001, auto_order_item_oid=50011, quantity=2),
    "shipping": lambda: ultracart.auto_order_shipping_change(auto_order_oid=5001, address=ADDRESS),
    "stop_after": lambda: ultracart.auto_order_stop_after(
        auto_order_oid=5001, orders=3, cancel_reason="Too much product"),
    "reactivate": lambda: ultracart.auto_order_reactivate(
        auto_order_oid=5003, next_shipment_not_before=datetime.now(UTC) + timedelta(days=2)),
    "discount": lambda: ultracart.auto_order_discount_set(
        auto_order_oid=5001, auto_order_item_oid=50011, unit_cost=Decimal("14.80"), orders=2),
    "swap": lambda: ultracart.auto_order_item_swap(
        auto_order_oid=5001, auto_order_item_oid=50011, item_id="COFFEE-KENYA",
        options=(ItemOption(name="Grind", value="Drip"),)),
    "add_on": lambda: ultracart.auto_order_add_on_add(
        auto_order_oid=5001, item_id="MUG-TRAVEL", options=(ItemOption(name="Colour", value="Sand"),)),
}  # fmt: skip


def raw(sandbox, oid):
    return sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": EXPAND}).json()[
        "auto_order"
    ]


@pytest.mark.parametrize("oid", range(5001, 5008))
def test_every_demo_auto_order_fully_expanded_fits_the_sdk(sandbox, auto_order_api, oid):
    assert unknown_fields(raw(sandbox, oid), AutoOrder) == []
    auto_order = auto_order_api.get_auto_order(oid, expand=EXPAND).auto_order  # strict return types
    assert auto_order.auto_order_oid == oid


@pytest.mark.parametrize("name", CHANGES)
def test_the_sdk_accepts_what_each_change_sends_and_what_comes_back(sandbox, auto_order_api, name):
    with mock.patch.object(
        auto_order_writes, "ultracart_request", wraps=auto_order_writes.ultracart_request
    ) as spy:
        result = CHANGES[name]()
    (sent,) = [call.kwargs["body"] for call in spy.call_args_list if call.kwargs["method"] == "PUT"]
    assert unknown_fields(sent, AutoOrder) == []
    sdk_accepts(sent, AutoOrder)
    oid = result.auto_order_oid
    assert unknown_fields(raw(sandbox, oid), AutoOrder) == []
    assert auto_order_api.get_auto_order(oid, expand=EXPAND).auto_order.auto_order_oid == oid


def test_the_checker_catches_a_misspelt_field_and_a_long_city():
    assert unknown_fields({"items": [{"arbitrary_qty": 1}], "addons": []}, AutoOrder) == [
        "items[].arbitrary_qty",
        "addons",
    ]
    with pytest.raises(Exception, match="city"):
        sdk_accepts({"original_order": {"shipping": {"city": "x" * 33}}}, AutoOrder)
