"""Tolerant parsing of UltraCart JSON into the typed models, on UltraCart's real sample responses."""

import copy
import json
import pickle
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from portal.ultracart.models import AutoOrderStatus, OrderStage
from portal.ultracart.parsing import fingerprint_of, order_from_json, order_page_from_json
from portal.ultracart.parsing_auto_orders import auto_order_from_json

# UltraCart's own sample responses, copied into the repo (see the README there).
SAMPLES = Path(__file__).parent / "fixtures" / "ultracart"


def sample_body(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text())["response"]["body"]


@pytest.fixture
def by_token() -> dict:
    return sample_body("getOrderByToken")["order"]


@pytest.fixture
def expanded_orders() -> dict:
    return sample_body("getOrdersByQuery")


def test_order_by_token_sample(by_token):
    order = order_from_json(by_token)
    assert order.order_id == "DEMO-0009104436"
    assert order.stage is OrderStage.REJECTED
    assert order.language == "en"  # "ENG"
    assert order.created_at == datetime(2021, 9, 8, 12, 21, 46, tzinfo=timezone(timedelta(hours=-4)))
    assert order.email == "test@test.com"
    assert order.first_name == "test"
    assert order.billing.phone == "209-383-9870"
    item = order.items[0]
    assert item.item_id == "BONE"
    assert item.description.startswith("TJ's DOGGIE BONES")
    assert item.quantity == Decimal(1)
    assert str(item.unit_price) == "$17.95"
    assert item.options[0].name == "Addon Treat" and item.options[0].value == "No thanks"
    assert order.summary.total.value == Decimal("23.94")
    assert str(order.summary.shipping) == "$5.99"
    assert order.payment_method == "Cash"
    assert order.payment_description == "Cash"
    # coupons and taxes were requested but are absent: empty, not an error
    assert order.coupons == () and order.taxes == ()
    assert order.shipments == ()  # tracking_numbers is [""]
    assert order.auto_order_oid is None and order.auto_order_code == ""
    assert not order.is_refunded


def test_empty_tracking_numbers_are_dropped_and_zip4_kept():
    order = order_from_json(sample_body("getOrder")["order"])
    assert order.shipments == ()
    assert order.stage is OrderStage.SHIPPING_DEPARTMENT
    assert order.shipping.postal_code == "30085-0245"
    assert order.shipping.lines == ("UltraCart Support testing", "PO BOX 245", "TUCKER GA 30085-0245", "US")
    assert order.shipping.full_name == "test test"


def test_fully_expanded_orders_page(expanded_orders):
    page = order_page_from_json(expanded_orders)
    assert page.more is True and page.next_offset == 2 and page.total == 1144
    refunded, active = page.orders
    assert refunded.is_refunded
    assert refunded.refund_reason == "CustomerCancel"
    assert refunded.summary.refunded.value == Decimal("18.63")
    assert refunded.items[0].quantity_refunded == Decimal(1)
    assert refunded.payment_method == "PayPal" and refunded.payment_status == "Refunded"
    assert refunded.paid_at is not None and refunded.shipped_at is not None
    assert refunded.taxes[0].label == "Tax (9.375%)"
    assert refunded.taxes[0].amount.formatted == "$1.60"
    assert refunded.billing.lines == ("US",)  # billing without an address
    assert refunded.auto_order_oid == 6068208 and refunded.auto_order_code == "PRSBVWDFNN"
    assert active.auto_order_oid == 6066948
    assert not active.is_refunded
    assert active.taxes == ()  # tax 0
    assert active.shipping_method == "UPS: SurePost"


def test_unknown_enum_values_surface_as_unknown_with_raw_text(by_token):
    by_token["current_stage"] = "Teleported To Mars"
    order = order_from_json(by_token)
    assert order.stage is OrderStage.UNKNOWN
    assert order.stage_label == "Teleported To Mars"

    raw = sample_body("getAutoOrder")["auto_order"]
    raw["status"] = "hibernating"
    raw["items"][0]["frequency"] = "Every 3 Fortnights"
    auto_order = auto_order_from_json(raw)
    assert auto_order.status is AutoOrderStatus.UNKNOWN
    assert auto_order.status_label == "hibernating"
    assert auto_order.items[0].frequency == "unknown"
    assert auto_order.items[0].frequency_label == "Every 3 Fortnights"


@pytest.mark.parametrize("stage", [s for s in OrderStage if s is not OrderStage.UNKNOWN])
def test_every_documented_stage_is_known(by_token, stage):
    by_token["current_stage"] = stage.value
    assert order_from_json(by_token).stage is stage


def test_absent_everything_still_parses():
    order = order_from_json({})
    assert order.order_id == "" and order.stage is OrderStage.UNKNOWN
    assert order.billing is None and order.shipping is None
    assert order.items == () and order.shipments == () and order.coupons == ()
    assert order.summary.total is None and order.language == "en"
    assert order.first_name == "" and order.created_at is None

    auto_order = auto_order_from_json({})
    assert auto_order.auto_order_oid == 0 and auto_order.status is AutoOrderStatus.UNKNOWN
    assert auto_order.items == () and not auto_order.paused and not auto_order.enabled


def test_wrong_types_count_as_absent(by_token):
    by_token.update(billing="nope", items=[None, "x", {"quantity": "lots"}], summary=[], creation_dts=42)
    by_token["shipping"]["tracking_numbers"] = "1Z999"
    by_token["payment"] = {"payment_method": 7, "credit_card": {"card_number": None}}
    order = order_from_json(by_token)
    assert order.billing is None and order.created_at is None
    assert len(order.items) == 1 and order.items[0].quantity == Decimal(0)
    assert order.summary.total is None and order.shipments == ()
    assert order.payment_description == "Card"


def test_money_mixes_int_and_float_and_prefers_localized(by_token):
    by_token["summary"]["total"] = {"value": 20, "localized": 18.5, "localized_formatted": "18,50 €"}
    by_token["summary"]["subtotal"] = {"value": 0, "localized": 0.0}
    order = order_from_json(by_token)
    assert order.summary.total.value == Decimal("18.5") and str(order.summary.total) == "18,50 €"
    assert order.summary.subtotal.value == 0 and order.summary.subtotal.formatted == "0.00"


@pytest.mark.parametrize(("raw", "expected"), [("ENG", "en"), ("SPA", "es"), ("ESP", "es"), ("fr", "fr"),
                                               ("XXX", "en"), ("", "en")])  # fmt: skip
def test_language(by_token, raw, expected):
    by_token["language_iso_code"] = raw
    assert order_from_json(by_token).language == expected


def test_card_description_keeps_only_the_last_four(by_token):
    by_token["payment"] = {
        "payment_method": "Credit Card",
        "credit_card": {"card_type": "VISA", "card_number": "4111111111111111"},
    }
    assert order_from_json(by_token).payment_description == "Visa ending in 1111"


def test_tracking_details_become_shipments_with_events(by_token):
    by_token["shipping"]["shipping_method"] = "UPS: Ground"
    by_token["shipping"]["tracking_numbers"] = ["1Z999", "", "9400"]
    by_token["shipping"]["tracking_number_details"] = [
        {
            "tracking_number": "1Z999",
            "tracking_url": "https://ups.example/1Z999",
            "details": [
                {"event_dts": "2025-01-02T10:00:00Z", "tag_description": "Delivered", "city": "Tucker",
                 "state": "GA"},
                {"subtag_message": "Out for delivery"},
            ],
        }
    ]  # fmt: skip
    shipments = order_from_json(by_token).shipments
    assert [s.tracking_number for s in shipments] == ["1Z999", "9400"]
    assert shipments[0].carrier == "UPS" and shipments[0].url == "https://ups.example/1Z999"
    delivered, out = shipments[0].events
    assert delivered.at == datetime(2025, 1, 2, 10, tzinfo=UTC)
    assert delivered.description == "Delivered" and delivered.location == "Tucker, GA"
    assert out.at is None and out.description == "Out for delivery" and out.location == ""
    assert shipments[1].events == () and shipments[1].url == ""


def test_fingerprint_is_canonical(by_token):
    reordered = json.loads(json.dumps(by_token, sort_keys=True))
    assert list(reordered) != list(by_token)
    assert (
        order_from_json(reordered).fingerprint
        == order_from_json(by_token).fingerprint
        == fingerprint_of(by_token)
    )
    changed = copy.deepcopy(by_token)
    changed["current_stage"] = "Completed Order"
    assert order_from_json(changed).fingerprint != order_from_json(by_token).fingerprint


def test_disabled_auto_order_sample():
    auto_order = auto_order_from_json(sample_body("getAutoOrder")["auto_order"])
    assert auto_order.auto_order_oid == 2133352 and auto_order.auto_order_code == "MG494JTC7Z"
    assert auto_order.status is AutoOrderStatus.DISABLED
    assert auto_order.enabled is False  # `enabled` is omitted on disabled auto orders
    assert auto_order.failure_reason.startswith("04/19/2021 13:55:51 - Credit card declined")
    assert auto_order.disabled_at is not None and auto_order.next_attempt_at is not None
    assert len(auto_order.rebill_order_ids) == 39
    item = auto_order.items[0]
    assert item.item_id == "BONE" and item.frequency == "" and item.frequency_label == ""
    assert item.unit_price == Decimal("17.95") and item.future_shipments == ()
    assert auto_order.original_order_id == "DEMO-0009103116"
    assert auto_order_from_json(sample_body("getAutoOrderByReferenceOrderId")["auto_order"]) == auto_order


def test_auto_orders_by_query_sample():
    disabled, canceled = (
        auto_order_from_json(raw) for raw in sample_body("getAutoOrdersByQuery")["auto_orders"]
    )
    assert disabled.cancel_reason == ""  # "-- You must choose a" is a form placeholder, not a reason
    item = disabled.items[0]
    assert len(item.future_shipments) == 9 and item.unit_price == Decimal("50.0")
    assert item.next_item_id == "AOPAYMENT"
    assert canceled.status is AutoOrderStatus.CANCELED and canceled.canceled_by_user == "customer"
    assert canceled.canceled_at is not None and canceled.items[0].next_item_id == ""


def test_pause_response_without_items():
    auto_order = auto_order_from_json(sample_body("pauseAutoOrder")["auto_order"])
    assert auto_order.items == () and auto_order.paused is False and auto_order.next_shipment_at is None


def test_paused_frequency_and_descriptions():
    raw = sample_body("getAutoOrder")["auto_order"]
    raw["original_order"]["items"] = [{"merchant_item_id": "BONE", "description": "Dog bones"}]
    raw["original_order"]["billing"] = {"email": "jane.doe@example.com"}
    raw["items"][0].update(paused=True, frequency="Every 2 Months")
    raw.update(status="active", enabled=True)
    auto_order = auto_order_from_json(raw)
    assert auto_order.paused and auto_order.is_active and auto_order.enabled
    assert auto_order.email == "jane.doe@example.com"
    assert auto_order.items[0].description == "Dog bones"
    assert auto_order.items[0].frequency == "every_2_months"


def test_models_are_frozen_and_picklable(by_token):
    order = order_from_json(by_token)
    with pytest.raises(AttributeError):
        order.order_id = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(order)) == order  # the cache stores them pickled
