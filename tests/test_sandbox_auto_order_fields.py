"""The sandbox's self-service auto order fields, as UltraCart documents them: schedules, quantities, prices,
swaps, add-ons, cancel after N, reactivation (not of a merged one) and the original order's shipping."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.sandbox.future_schedules import future_schedules

PATH = "/auto_order/auto_orders/{oid}"
EVERYTHING = (
    "items,items.future_schedules,add_ons,original_order,original_order.billing,original_order.shipping"
)


def fetch(sandbox, oid, expand=EVERYTHING):
    response = sandbox.api("GET", PATH.format(oid=oid), params={"_expand": expand})
    return response.json()["auto_order"]


def put(sandbox, oid, body, expand=EVERYTHING):
    return sandbox.api("PUT", PATH.format(oid=oid), json=body, params={"_expand": expand})


def error_text(response):
    return response.json()["error"]["developer_message"]


def schedules(auto_order):
    return [(s["item_id"], s["unit_cost"]) for s in auto_order["items"][0]["future_schedules"]]


def item(**fields):
    base = {"original_item_id": "COFFEE-MONTHLY", "next_shipment_dts": "2030-01-01T00:00:00+00:00"}
    return {**base, "frequency": "Monthly", **fields}


def test_a_discount_for_two_orders_then_the_list_price():
    found = future_schedules(
        {"status": "active"}, item(arbitrary_unit_cost=14.8, arbitrary_unit_cost_remaining_orders=2)
    )
    assert [s["unit_cost"] for s in found[:4]] == [14.8, 14.8, 18.5, 18.5]


def test_a_swap_overrides_every_step_and_prices_the_new_item():
    program = {"original_item_id": "TASTING-TRIO", "next_shipment_dts": "2030-01-01T00:00:00+00:00"}
    assert [s["item_id"] for s in future_schedules({"status": "active"}, program)[:3]] == [
        "TASTING-MEDIUM",
        "TASTING-DARK",
        "TASTING-DARK",
    ]
    swapped = future_schedules({"status": "active"}, {**program, "arbitrary_item_id": "COFFEE-KENYA"})
    assert {(s["item_id"], s["unit_cost"]) for s in swapped} == {("COFFEE-KENYA", 19.5)}


def test_every_n_days_and_cancel_after_n_orders():
    found = future_schedules(
        {"status": "active", "cancel_after_next_x_orders": 3},
        item(frequency="Every...", arbitrary_schedule_days=21),
    )
    assert [s["shipment_dts"][:10] for s in found] == ["2030-01-01", "2030-01-22", "2030-02-12"]


def test_demo_data_has_what_the_new_actions_need(sandbox):
    jane = fetch(sandbox, 5001)
    line = jane["items"][0]
    assert line["frequency"] == "Monthly" and line["arbitrary_quantity"] == 1.0
    assert line["options"] == [{"label": "Grind", "value": "Whole bean"}]
    assert len(line["future_schedules"]) == 10 and jane["add_ons"] == []
    assert jane["original_order"]["shipping"]["city"] == "Portland"
    program = fetch(sandbox, 5005)["items"][0]
    assert "frequency" not in program and program["next_item_id"] == "TASTING-MEDIUM"
    assert [s["unit_cost"] for s in program["future_schedules"][:2]] == [12.0, 17.0]
    declined = fetch(sandbox, 5007)
    assert declined["status"] == "active" and declined["credit_card_attempt"] == 1
    assert "insufficient" in declined["failure_reason"] and "disabled_dts" not in declined
    assert datetime.fromisoformat(declined["next_attempt"]) > datetime.now(UTC)
    assert fetch(sandbox, 5006)["merged_into_auto_order_oid"] == 5003


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arbitrary_quantity": 0}, "arbitrary_quantity must be a number above 0"),
        ({"arbitrary_schedule_days": 0}, "arbitrary_schedule_days must be a whole number of at least 1"),
        ({"arbitrary_unit_cost": -1}, "arbitrary_unit_cost must be a number"),
        ({"arbitrary_unit_cost_remaining_orders": 1.5}, "arbitrary_unit_cost_remaining_orders"),
        ({"arbitrary_item_id": "NO-SUCH-ITEM"}, "Unknown item id"),
        ({"options": [{"label": "G" * 51, "value": "x"}]}, "options[].label"),
        ({"frequency": "Every...", "arbitrary_schedule_days": None}, "Unknown frequency"),
    ],
)
def test_refused_item_changes_change_nothing(sandbox, change, message):
    before = fetch(sandbox, 5001)
    sent = fetch(sandbox, 5001)
    sent["items"][0].update(change)
    if change.get("frequency") == "Every...":
        sent["items"][0].pop("arbitrary_schedule_days", None)
    response = put(sandbox, 5001, sent)
    assert response.status_code == 400 and message in error_text(response)
    assert fetch(sandbox, 5001) == before


def test_a_fixed_program_has_no_frequency_to_change(sandbox):
    sent = fetch(sandbox, 5005)
    sent["items"][0]["frequency"] = "Monthly"
    response = put(sandbox, 5005, sent)
    assert response.status_code == 400 and "multi-step" in error_text(response)


def test_add_ons_are_the_whole_list_and_a_write_without_them_drops_them(sandbox):
    sent = fetch(sandbox, 5001)
    sent["add_ons"] = [{"item_id": "FILTERS-100", "quantity": 1, "next_x_orders": 1}]
    assert put(sandbox, 5001, sent).json()["auto_order"]["add_ons"] == sent["add_ons"]
    assert "add_ons" not in fetch(sandbox, 5001, expand="items")  # only with the expansion
    assert fetch(sandbox, 5001)["add_ons"] == sent["add_ons"]
    unexpanded = fetch(sandbox, 5001, expand="items")
    put(sandbox, 5001, unexpanded, expand="items")
    assert fetch(sandbox, 5001)["add_ons"] == []  # as UltraCart: read without add_ons, write drops them


@pytest.mark.parametrize(
    "add_on",
    [
        {"item_id": "NO-SUCH-ITEM", "quantity": 1, "next_x_orders": 1},
        {"item_id": "FILTERS-100", "quantity": 0, "next_x_orders": 1},
        {"item_id": "FILTERS-100", "quantity": 1, "next_x_orders": 0},
        {"item_id": "FILTERS-100", "quantity": 1, "free_shipping": "yes"},
    ],
)
def test_a_bad_add_on_is_refused(sandbox, add_on):
    sent = fetch(sandbox, 5001)
    sent["add_ons"] = [add_on]
    assert put(sandbox, 5001, sent).status_code == 400
    assert fetch(sandbox, 5001)["add_ons"] == []


def test_cancel_after_next_x_orders_limits_the_schedule(sandbox):
    sent = fetch(sandbox, 5001)
    sent["cancel_after_next_x_orders"] = 2
    assert len(put(sandbox, 5001, sent).json()["auto_order"]["items"][0]["future_schedules"]) == 2
    sent["cancel_after_next_x_orders"] = -1
    assert put(sandbox, 5001, sent).status_code == 400


def test_the_shipping_address_is_written_to_the_original_order(sandbox):
    sent = fetch(sandbox, 5001)
    sent["original_order"]["shipping"].update(
        {"address1": "1 New Street", "city": "Salem", "postal_code": "97301"}
    )
    assert put(sandbox, 5001, sent).status_code == 200
    after = fetch(sandbox, 5001)
    assert after["original_order"]["shipping"]["address1"] == "1 New Street"
    assert after["original_order"]["billing"] == sent["original_order"]["billing"]
    order = sandbox.api("GET", "/order/orders/DEMO-0009100012", params={"_expand": "shipping"}).json()[
        "order"
    ]
    assert order["shipping"]["city"] == "Salem"


@pytest.mark.parametrize(
    ("field", "limit"), [("address1", 50), ("address2", 50), ("city", 32), ("postal_code", 20)]
)
def test_ultracarts_address_limits(sandbox, field, limit):
    before = fetch(sandbox, 5001)
    sent = fetch(sandbox, 5001)
    sent["original_order"]["shipping"][field] = "x" * limit
    assert put(sandbox, 5001, sent).status_code == 200
    sent["original_order"]["shipping"][field] = "x" * (limit + 1)
    response = put(sandbox, 5001, sent)
    assert response.status_code == 400 and f"original_order.shipping.{field}" in error_text(response)
    assert (
        fetch(sandbox, 5001)["original_order"]["shipping"][field]
        == "x" * limit
        != before["original_order"]["shipping"].get(field)
    )


def test_reactivation_and_a_merged_auto_order(sandbox):
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="milliseconds")
    canceled = fetch(sandbox, 5003)
    canceled["enabled"] = True
    canceled["items"][0]["next_shipment_dts"] = later
    active = put(sandbox, 5003, canceled).json()["auto_order"]
    assert (
        active["status"] == "active"
        and "cancel_reason" not in active
        and active["items"][0]["future_schedules"]
    )
    merged = fetch(sandbox, 5006)
    merged["enabled"] = True
    response = put(sandbox, 5006, merged)
    assert response.status_code == 400 and "merged into auto order 5003" in error_text(response)
    assert fetch(sandbox, 5006)["status"] == "merged"
