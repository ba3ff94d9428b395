"""The self-service writes of portal/ultracart/auto_order_changes.py against the sandbox over HTTP: the whole
auto order (and its original order) before and after, only the intended fields changed, a fresh read and
one write, and a failed write that changes nothing and says so."""

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from portal import ultracart
from portal.ultracart import ItemOption, ShippingAddressChange
from tests.subscriptions_helpers import ACTIVE, CANCELED, changed_fields

pytestmark = pytest.mark.django_db

ITEM = 50011  # Jane's coffee on 5001
PROGRAM, MERGED = 5005, 5006
WHOLE = "items,add_ons,original_order,original_order.billing,original_order.shipping"
NEW_HOME = ShippingAddressChange(
    first_name="Jane",
    last_name="Doe",
    address1="7 Lighthouse Lane",
    city="Astoria",
    state_region="OR",
    postal_code="97103",
    country_code="US",
)


def whole(sandbox, oid):
    """Everything a change could touch, as the sandbox stores it (derived schedules left out)."""
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": WHOLE}).json()["auto_order"]
    for item in raw.get("items", []):
        item.pop("future_schedules", None)
    return raw


def change(sandbox, oid, write):
    before = whole(sandbox, oid)
    sandbox.clear_requests()
    result = write()
    assert sandbox.operations() == ["getAutoOrder", "updateAutoOrder"]  # a fresh read and one write
    return changed_fields(before, whole(sandbox, oid)), result


def test_frequency(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_frequency_change(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, frequency="Every 2 Months"))  # fmt: skip
    assert fields == {"items[].frequency"}
    assert result.items[0].frequency == "every_2_months"


def test_every_n_days(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_frequency_change(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, every_days=21))  # fmt: skip
    assert fields == {"items[].frequency", "items[].arbitrary_schedule_days"}
    dates = [shipment.shipment_at for shipment in result.items[0].future_schedules]
    assert {later - earlier for earlier, later in itertools.pairwise(dates)} == {timedelta(days=21)}
    assert result.items[0].every_days == 21


def test_a_fixed_program_has_no_frequency_to_change(sandbox):
    before = whole(sandbox, PROGRAM)
    sandbox.clear_requests()
    with pytest.raises(ultracart.ChangeRefused, match="multi-step"):
        ultracart.auto_order_frequency_change(
            auto_order_oid=PROGRAM, auto_order_item_oid=50051, frequency="Monthly"
        )
    assert sandbox.operations() == ["getAutoOrder"] and whole(sandbox, PROGRAM) == before


def test_quantity(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_quantity_change(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, quantity=3))  # fmt: skip
    assert fields == {"items[].arbitrary_quantity"}
    assert whole(sandbox, ACTIVE)["items"][0]["arbitrary_quantity"] == 3.0 and result.items[0].quantity == 3


def test_shipping_address_goes_to_the_original_order_and_billing_stays(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_shipping_change(
        auto_order_oid=ACTIVE, address=NEW_HOME))  # fmt: skip
    moved = (
        "address1",
        "address2",
        "city",
        "postal_code",
    )  # state and country stay OR, US; the phone is kept
    assert fields == {f"original_order.shipping.{name}" for name in moved}
    assert (
        result.shipping is not None and result.shipping.city == "Astoria" and result.shipping.address2 == ""
    )
    assert result.email == "jane.doe@example.com"
    order = sandbox.api("GET", "/order/orders/DEMO-0009100012", params={"_expand": "shipping"}).json()[
        "order"
    ]
    assert order["shipping"]["address1"] == "7 Lighthouse Lane"


@pytest.mark.parametrize(
    ("name", "limit"), [("address1", 50), ("address2", 50), ("city", 32), ("postal_code", 20)]
)
def test_ultracarts_address_limits_are_checked_before_any_call(sandbox, name, limit):
    fields = {"first_name": "J", "last_name": "D", "address1": "a", "city": "c", "postal_code": "p"}
    ShippingAddressChange(**{**fields, "country_code": "US", name: "x" * limit})
    with pytest.raises(ValueError, match=name):
        ShippingAddressChange(**{**fields, "country_code": "US", name: "x" * (limit + 1)})
    assert sandbox.operations() == []


def test_stop_after_n_more_shipments(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_stop_after(
        auto_order_oid=ACTIVE, orders=3, cancel_reason="Too much product"))  # fmt: skip
    assert fields == {"cancel_after_next_x_orders", "cancel_reason"}
    assert result.cancel_after_next_x_orders == 3 and result.is_active
    assert len(result.items[0].future_schedules) == 3


def test_reactivate_moves_the_missed_next_shipment_into_the_future_first(sandbox):
    not_before = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    assert datetime.fromisoformat(whole(sandbox, CANCELED)["items"][0]["next_shipment_dts"]) < datetime.now(
        UTC
    )
    fields, result = change(sandbox, CANCELED, lambda: ultracart.auto_order_reactivate(
        auto_order_oid=CANCELED, next_shipment_not_before=not_before))  # fmt: skip
    # What we wrote (enabled, the date), and what UltraCart does on reactivation (status, the cancel gone,
    # next_attempt from the schedule: README, the sandbox's next_attempt).
    assert fields == {"enabled", "items[].next_shipment_dts", "status", "canceled_dts", "canceled_by_user",
                      "cancel_reason", "next_attempt"}  # fmt: skip
    assert result.is_active and result.next_shipment_at is not None and result.next_shipment_at >= not_before
    stored = datetime.fromisoformat(whole(sandbox, CANCELED)["items"][0]["next_shipment_dts"])
    assert stored > datetime.now(UTC)  # no missed shipment left for UltraCart to bill


def test_a_merged_auto_order_cannot_be_reactivated(sandbox):
    before = whole(sandbox, MERGED)
    sandbox.clear_requests()
    with pytest.raises(ultracart.ChangeRefused, match="merged into auto order 5003"):
        ultracart.auto_order_reactivate(auto_order_oid=MERGED, next_shipment_not_before=datetime.now(UTC))
    assert sandbox.operations() == ["getAutoOrder"] and whole(sandbox, MERGED) == before


def test_discount_for_two_orders_then_the_list_price(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_discount_set(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, unit_cost=Decimal("14.80"), orders=2))  # fmt: skip
    assert fields == {"items[].arbitrary_unit_cost", "items[].arbitrary_unit_cost_remaining_orders"}
    prices = [shipment.unit_cost for shipment in result.items[0].future_schedules[:4]]
    assert prices == [Decimal("14.8"), Decimal("14.8"), Decimal("18.5"), Decimal("18.5")]
    assert "arbitrary_percentage_discount" not in whole(sandbox, ACTIVE)["items"][0]


def test_swap_with_options(sandbox):
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_item_swap(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, item_id="COFFEE-KENYA",
        options=(ItemOption(name="Grind", value="Drip"),)))  # fmt: skip
    assert fields == {"items[].arbitrary_item_id", "items[].options[].value"}  # Grind: Whole bean -> Drip
    assert result.items[0].options == (ItemOption(name="Grind", value="Drip"),)
    assert {(s.item_id, s.unit_cost) for s in result.items[0].future_schedules[2:]} == {
        ("COFFEE-KENYA", Decimal("18.5"))  # Jane keeps her own price (arbitrary_unit_cost) on the new item
    }


def add_existing_add_on(sandbox):
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": WHOLE}).json()[
        "auto_order"
    ]
    raw["add_ons"] = [{"item_id": "MUG-TRAVEL", "quantity": 1, "next_x_orders": 2,
                       "options": [{"label": "Colour", "value": "Sand"}]}]  # fmt: skip
    assert sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json=raw).status_code == 200


def test_a_one_time_add_on_keeps_the_others(sandbox):
    add_existing_add_on(sandbox)
    fields, result = change(sandbox, ACTIVE, lambda: ultracart.auto_order_add_on_add(
        auto_order_oid=ACTIVE, item_id="FILTERS-100"))  # fmt: skip
    assert fields == {"add_ons"}
    assert [(a.item_id, a.next_x_orders) for a in result.add_ons] == [("MUG-TRAVEL", 2), ("FILTERS-100", 1)]
    assert whole(sandbox, ACTIVE)["add_ons"][1] == {
        "item_id": "FILTERS-100",
        "quantity": 1,
        "next_x_orders": 1,
    }


def test_the_older_writes_keep_add_ons_too(sandbox):
    # UltraCart drops the add-ons of a write read without them: every write reads with the add_ons expansion.
    add_existing_add_on(sandbox)
    ultracart.auto_order_pause(auto_order_oid=ACTIVE)
    ultracart.auto_order_update(auto_order_oid=ACTIVE, paused=False)
    assert [a["item_id"] for a in whole(sandbox, ACTIVE)["add_ons"]] == ["MUG-TRAVEL"]


WRITES = {
    "frequency": lambda: ultracart.auto_order_frequency_change(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, frequency="Weekly"),
    "quantity": lambda: ultracart.auto_order_quantity_change(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, quantity=2),
    "shipping": lambda: ultracart.auto_order_shipping_change(auto_order_oid=ACTIVE, address=NEW_HOME),
    "stop_after": lambda: ultracart.auto_order_stop_after(auto_order_oid=ACTIVE, orders=2),
    "reactivate": lambda: ultracart.auto_order_reactivate(
        auto_order_oid=CANCELED, next_shipment_not_before=datetime.now(UTC) + timedelta(days=1)),
    "discount": lambda: ultracart.auto_order_discount_set(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, unit_cost=Decimal(10), orders=1),
    "swap": lambda: ultracart.auto_order_item_swap(
        auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, item_id="COFFEE-KENYA"),
    "add_on": lambda: ultracart.auto_order_add_on_add(auto_order_oid=ACTIVE, item_id="FILTERS-100"),
}  # fmt: skip


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize(("status", "error"), [(400, ultracart.BadResponse), (500, ultracart.Unavailable)])
def test_a_failed_write_changes_nothing_and_says_so(sandbox, name, status, error):
    oid = CANCELED if name == "reactivate" else ACTIVE
    before = whole(sandbox, oid)
    order_before = sandbox.api("GET", "/order/orders/DEMO-0009100012", params={"_expand": "shipping"}).json()
    sandbox.fault(status=status, operations=["updateAutoOrder"])
    with pytest.raises(error) as raised:
        WRITES[name]()
    assert raised.value.operation == "updateAutoOrder"
    sandbox.clear_faults()
    assert whole(sandbox, oid) == before
    assert (
        sandbox.api("GET", "/order/orders/DEMO-0009100012", params={"_expand": "shipping"}).json()
        == order_before
    )


def test_an_unknown_outcome_is_read_again_and_the_add_on_never_added_twice(sandbox):
    # A write with no answer is read back, never sent again (auto_order_writes.py): the add-on cannot double.
    sandbox.fault(status=0, operations=["updateAutoOrder"], count=1)  # the connection drops: outcome unknown
    with pytest.raises(ultracart.WriteUnconfirmed):
        ultracart.auto_order_add_on_add(auto_order_oid=ACTIVE, item_id="FILTERS-100")
    assert sandbox.operations().count("updateAutoOrder") == 1
    assert sandbox.operations()[:3] == ["getAutoOrder", "updateAutoOrder", "getAutoOrder"]
    assert [a["item_id"] for a in whole(sandbox, ACTIVE).get("add_ons") or ()].count("FILTERS-100") <= 1
    with pytest.raises(ultracart.WriteInProgress):  # the lock outlives an unknown outcome: no write over it
        ultracart.auto_order_add_on_add(auto_order_oid=ACTIVE, item_id="FILTERS-100")
    assert sandbox.operations().count("updateAutoOrder") == 1


def test_bounds_are_checked_before_any_call(sandbox):
    for write in (
        lambda: ultracart.auto_order_quantity_change(auto_order_oid=ACTIVE, auto_order_item_oid=ITEM,
                                                     quantity=0),
        lambda: ultracart.auto_order_frequency_change(auto_order_oid=ACTIVE, auto_order_item_oid=ITEM,
                                                      frequency="Fortnightly"),
        lambda: ultracart.auto_order_frequency_change(auto_order_oid=ACTIVE, auto_order_item_oid=ITEM,
                                                      every_days=0),
        lambda: ultracart.auto_order_discount_set(auto_order_oid=ACTIVE, auto_order_item_oid=ITEM,
                                                  unit_cost=Decimal(-1), orders=2),
        lambda: ultracart.auto_order_stop_after(auto_order_oid=ACTIVE, orders=0),
        lambda: ultracart.auto_order_item_swap(auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, item_id="X",
                                               options=(ItemOption(name="G" * 51, value="v"),)),
    ):  # fmt: skip
        with pytest.raises(ValueError):
            write()
    assert sandbox.operations() == []


def test_an_item_not_on_the_auto_order_is_not_found_before_any_write(sandbox):
    with pytest.raises(ultracart.NotFound):
        ultracart.auto_order_quantity_change(auto_order_oid=ACTIVE, auto_order_item_oid=99999, quantity=2)
    assert sandbox.operations() == ["getAutoOrder"]
