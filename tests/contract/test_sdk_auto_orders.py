"""AutoOrderApi through the official SDK, with strict return-type checking."""

from datetime import UTC, datetime, timedelta

import pytest
from ultracart.model.auto_order_query import AutoOrderQuery

EXPAND = "items,items.future_schedules,original_order,rebill_orders"


@pytest.mark.parametrize("oid", [5001, 5002, 5003, 5004, 5005, 5006, 5007])
def test_get_auto_order_every_demo_auto_order(sandbox, auto_order_api, oid):
    auto_order = auto_order_api.get_auto_order(oid, expand=EXPAND).auto_order
    assert auto_order.auto_order_oid == oid
    assert auto_order.items[0].auto_order_item_oid


def test_statuses_of_the_demo_auto_orders(sandbox, auto_order_api):
    found = {
        oid: auto_order_api.get_auto_order(oid, expand="items").auto_order for oid in (5001, 5002, 5003, 5004)
    }
    assert found[5001].status == "active" and found[5001].enabled is True
    assert all(item.paused for item in found[5002].items)
    assert found[5003].status == "canceled" and found[5003].canceled_by_user == "customer"
    assert found[5004].status == "disabled" and "enabled" not in found[5004]
    assert found[5004].credit_card_attempt == 3


def test_active_auto_order_has_future_schedules_and_rebills(sandbox, auto_order_api):
    active = auto_order_api.get_auto_order(5001, expand=EXPAND).auto_order
    assert len(active.items[0].future_schedules) == 10
    paused = auto_order_api.get_auto_order(5002, expand=EXPAND).auto_order
    assert [o.order_id for o in paused.rebill_orders] == ["DEMO-0009100004"]
    assert paused.original_order.order_id == "DEMO-0009100001"


def test_get_auto_order_by_code_and_by_reference(sandbox, auto_order_api):
    code = auto_order_api.get_auto_order(5004).auto_order.auto_order_code
    assert auto_order_api.get_auto_order_by_code(code, expand="items").auto_order.auto_order_oid == 5004
    by_reference = auto_order_api.get_auto_order_by_reference_order_id("DEMO-0009100012", expand=EXPAND)
    assert by_reference.auto_order.auto_order_oid == 5001


def test_get_auto_orders_by_query_for_a_customer(sandbox, auto_order_api):
    query = AutoOrderQuery(email="jane.doe@example.com")
    response = auto_order_api.get_auto_orders_by_query(
        query, limit=1, sort="next_shipment_dts", expand=EXPAND
    )
    assert response.metadata.result_set.total_records == 2
    assert response.metadata.result_set.more is True
    second = auto_order_api.get_auto_orders_by_query(query, limit=1, offset=1, sort="next_shipment_dts")
    assert [response.auto_orders[0].auto_order_oid, second.auto_orders[0].auto_order_oid] == [5002, 5001]


def test_get_auto_orders_lists_all_and_filters(sandbox, auto_order_api):
    assert len(auto_order_api.get_auto_orders(expand="items").auto_orders) == 7
    assert [a.auto_order_oid for a in auto_order_api.get_auto_orders(status="canceled").auto_orders] == [5003]


def test_pause_then_resume_through_update(sandbox, auto_order_api):
    auto_order = auto_order_api.get_auto_order(5001, expand="items").auto_order
    paused = auto_order_api.pause_auto_order(5001, auto_order, expand="items").auto_order
    assert all(item.paused for item in paused.items)
    for item in paused.items:
        item.paused = False
    resumed = auto_order_api.update_auto_order(5001, paused, expand=EXPAND).auto_order
    assert not any(item.paused for item in resumed.items)
    assert resumed.items[0].future_schedules


def test_update_reschedules_the_next_shipment(sandbox, auto_order_api):
    auto_order = auto_order_api.get_auto_order(5001, expand="items").auto_order
    later = (datetime.now(UTC) + timedelta(days=45)).replace(microsecond=0)
    auto_order.items[0].next_shipment_dts = later.isoformat(timespec="milliseconds")
    updated = auto_order_api.update_auto_order(5001, auto_order, validate_original_order="No", expand="items")
    assert updated.auto_order.items[0].next_shipment_dts.startswith(later.date().isoformat())


def test_update_cancels_with_a_reason(sandbox, auto_order_api):
    auto_order = auto_order_api.get_auto_order(5001, expand="items").auto_order
    auto_order.enabled = False
    auto_order.cancel_reason = "Too expensive"
    auto_order.canceled_by_user = "customer"
    canceled = auto_order_api.update_auto_order(5001, auto_order, expand="items").auto_order
    assert canceled.status == "canceled"
    assert canceled.canceled_dts


def test_billing_url_and_cancel_reasons(sandbox, auto_order_api):
    assert auto_order_api.get_auto_order_update_billing_url(5004).update_billing_url.startswith("http")
    reasons = auto_order_api.get_auto_order_cancel_reasons().cancel_reasons
    assert "Too expensive" in [reason.reason for reason in reasons]
