"""Auto orders in the sandbox: pause, validated updates, cancel/disable semantics, schedules."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from portal.sandbox.future_schedules import future_schedules
from portal.sandbox.schedule import add_step, frequency_step

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}
EXPAND = {"_expand": "items,items.future_schedules"}


def api(sandbox, method, path, **kwargs):
    return requests.request(method, f"{sandbox.api_url}{path}", headers=HEADERS, timeout=10, **kwargs)


def fetch(sandbox, oid):
    return api(sandbox, "GET", f"/auto_order/auto_orders/{oid}", params=EXPAND).json()["auto_order"]


def update(sandbox, oid, body):
    return api(sandbox, "PUT", f"/auto_order/auto_orders/{oid}", json=body, params=EXPAND)


def future(days):
    return (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="milliseconds")


def test_pause_sets_paused_on_every_item_and_keeps_the_status(sandbox):
    body = api(sandbox, "PUT", "/auto_order/auto_orders/5001/pause", json=fetch(sandbox, 5001), params=EXPAND)
    paused = body.json()["auto_order"]
    assert all(item["paused"] for item in paused["items"])
    assert paused["status"] == "active"
    assert paused["items"][0]["future_schedules"] == []


def test_pause_answers_without_items_unless_expanded(sandbox):
    body = api(sandbox, "PUT", "/auto_order/auto_orders/5004/pause", json={"auto_order_oid": 5004}).json()
    assert "items" not in body["auto_order"]
    assert body["auto_order"]["status"] == "disabled"


def test_resume_is_an_update_with_paused_false(sandbox):
    auto_order = fetch(sandbox, 5002)
    auto_order["items"][0]["paused"] = False
    resumed = update(sandbox, 5002, auto_order).json()["auto_order"]
    assert resumed["items"][0]["paused"] is False
    assert len(resumed["items"][0]["future_schedules"]) == 10


def test_update_replaces_only_the_fields_sent(sandbox):
    before = fetch(sandbox, 5001)
    when = future(40)
    item_change = {
        "auto_order_item_oid": before["items"][0]["auto_order_item_oid"],
        "next_shipment_dts": when,
    }
    after = update(sandbox, 5001, {"items": [item_change]}).json()["auto_order"]
    assert after["items"][0]["next_shipment_dts"] == when
    assert after["items"][0]["original_item_id"] == before["items"][0]["original_item_id"]
    assert after["items"][0]["future_schedules"][0]["shipment_dts"][:10] == when[:10]
    assert after["auto_order_code"] == before["auto_order_code"]


def test_next_shipment_in_the_past_is_400(sandbox):
    auto_order = fetch(sandbox, 5001)
    auto_order["items"][0]["next_shipment_dts"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    response = update(sandbox, 5001, auto_order)
    assert response.status_code == 400
    assert "future" in response.headers["UC-REST-ERROR"]


def test_unchanged_past_dates_are_accepted(sandbox):
    """Writing back what was read (the disabled auto order's dates are in the past) is fine."""
    assert update(sandbox, 5004, fetch(sandbox, 5004)).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"auto_order_item_oid": 424242},
        {"original_item_id": "NO-SUCH-ITEM"},
        {"next_shipment_dts": "next tuesday"},
        {"frequency": "Every Blue Moon"},
        {"paused": "yes"},
    ],
)
def test_invalid_item_changes_are_400(sandbox, change):
    auto_order = fetch(sandbox, 5001)
    auto_order["items"][0].update(change)
    assert update(sandbox, 5001, auto_order).status_code == 400


def test_frequency_change_moves_the_schedule(sandbox):
    auto_order = fetch(sandbox, 5001)
    auto_order["items"][0]["frequency"] = "Every 2 Months"
    schedules = update(sandbox, 5001, auto_order).json()["auto_order"]["items"][0]["future_schedules"]
    first, second = (datetime.fromisoformat(s["shipment_dts"]) for s in schedules[:2])
    assert 59 <= (second - first).days <= 62


def test_disable_without_a_reason(sandbox):
    disabled = update(sandbox, 5001, {"enabled": False}).json()["auto_order"]
    assert disabled["status"] == "disabled"
    assert disabled["disabled_dts"]
    assert "enabled" not in disabled
    assert "canceled_dts" not in disabled


@pytest.mark.parametrize("reason", [{"cancel_reason": "Too expensive"}, {"canceled_by_user": "customer"}])
def test_cancel_with_a_reason_or_a_user(sandbox, reason):
    canceled = update(sandbox, 5001, {"enabled": False, **reason}).json()["auto_order"]
    assert canceled["status"] == "canceled"
    assert canceled["canceled_dts"]
    assert canceled["items"][0]["future_schedules"] == []
    order = api(sandbox, "GET", "/order/orders/DEMO-0009100012", params={"_expand": "auto_order"}).json()[
        "order"
    ]
    assert order["auto_order"]["status"] == "canceled"


def test_explicit_cancel_time_is_kept(sandbox):
    when = "2030-01-02T03:04:05+00:00"
    canceled = update(
        sandbox, 5001, {"enabled": False, "cancel_reason": "Other", "canceled_dts": when}
    ).json()
    assert canceled["auto_order"]["canceled_dts"] == when


def test_enabling_reactivates_a_canceled_auto_order(sandbox):
    active = update(sandbox, 5003, {"enabled": True}).json()["auto_order"]
    assert active["status"] == "active" and active["enabled"] is True
    assert "canceled_dts" not in active


def test_body_oid_must_match_the_path(sandbox):
    assert update(sandbox, 5001, {"auto_order_oid": 5002}).status_code == 400


def test_demo_auto_order_shapes(sandbox):
    disabled = fetch(sandbox, 5004)
    assert "enabled" not in disabled
    assert disabled["failure_reason"].count("\n") >= 2
    assert disabled["credit_card_attempt"] == 3 and disabled["disabled_dts"]
    canceled = fetch(sandbox, 5003)
    assert (
        canceled["canceled_by_user"] == "customer" and canceled["cancel_reason"] and canceled["canceled_dts"]
    )
    for oid in (5001, 5002, 5003, 5004):
        item = fetch(sandbox, oid)["items"][0]
        assert {"auto_order_item_oid", "original_item_id", "frequency", "next_shipment_dts", "paused"} <= set(
            item
        )


@pytest.mark.parametrize(
    ("frequency", "step"),
    [
        ("Weekly", ("days", 7)),
        ("Biweekly", ("days", 14)),
        ("Every 2 Weeks", ("days", 14)),
        ("Every 10 Days", ("days", 10)),
        ("Monthly", ("months", 1)),
        ("Every 2 Months", ("months", 2)),
        ("Quarterly", ("months", 3)),
        ("Every 6 Months", ("months", 6)),
        ("Yearly", ("months", 12)),
        ("Whenever", None),
    ],
)
def test_frequency_steps(frequency, step):
    assert frequency_step(frequency) == step


def test_monthly_steps_clamp_to_the_end_of_the_month():
    start = datetime(2025, 1, 31, tzinfo=UTC)
    assert add_step(start, ("months", 1)).date().isoformat() == "2025-02-28"
    assert add_step(start, ("months", 1), 3).date().isoformat() == "2025-04-30"


def test_future_schedules_follow_the_item():
    item = {"frequency": "Weekly", "next_shipment_dts": "2030-01-01T00:00:00+00:00", "number_of_rebills": 2}
    item |= {"original_item_id": "X", "arbitrary_unit_cost": 5.0, "remaining_repeat_count": 3}
    schedules = future_schedules({"status": "active"}, item)
    assert [s["shipment_dts"][:10] for s in schedules] == ["2030-01-01", "2030-01-08", "2030-01-15"]
    assert [s["rebill_count"] for s in schedules] == [3, 4, 5]
    assert future_schedules({"status": "disabled"}, item) == []


def test_cancel_reasons_use_the_specs_wire_key(sandbox):
    # AutoOrderCancelReasonsResponse.cancel_reasons is "cancelReasons" on the wire (the SDK's attribute_map).
    body = api(sandbox, "GET", "/auto_order/auto_orders/cancel_reasons").json()
    assert "cancel_reasons" not in body
    assert "Too expensive" in [entry["reason"] for entry in body["cancelReasons"]]
