"""The status timeline, from the order's stage and tracking; odd input never breaks it."""

from datetime import UTC, datetime

import pytest

from portal.receipts.timeline import order_timeline_build
from portal.ultracart import OrderStage, Shipment, TrackingEvent
from tests.test_order_access import order_make

SHIPPED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def states(order) -> list[tuple[str, bool, bool]]:
    return [(step.key, step.done, step.current) for step in order_timeline_build(order=order)]


def shipment(*descriptions: str) -> Shipment:
    events = tuple(TrackingEvent(at=SHIPPED_AT, description=text, location="") for text in descriptions)
    return Shipment(tracking_number="1Z999", carrier="UPS", url="", events=events)


@pytest.mark.parametrize(
    "stage", [OrderStage.SHIPPING_DEPARTMENT, OrderStage.ACCOUNTS_RECEIVABLE, OrderStage.PENDING_CLEARANCE]
)
def test_processing_stages(stage):
    assert states(order_make(stage=stage)) == [
        ("placed", True, False),
        ("processing", True, True),
        ("shipped", False, False),
        ("delivered", False, False),
    ]


@pytest.mark.parametrize("stage", [OrderStage.UNKNOWN, OrderStage.QUOTE_REQUEST])
def test_unknown_or_odd_stage_shows_placed_only(stage):
    assert states(order_make(stage=stage, stage_label="Something New")) == [
        ("placed", True, True),
        ("processing", False, False),
        ("shipped", False, False),
        ("delivered", False, False),
    ]


def test_shipped_from_the_shipped_date():
    steps = order_timeline_build(order=order_make(stage=OrderStage.COMPLETED_ORDER, shipped_at=SHIPPED_AT))
    assert [(s.key, s.done, s.current) for s in steps][2] == ("shipped", True, True)
    assert steps[2].at == SHIPPED_AT


def test_shipped_from_a_shipment_even_with_an_unknown_stage():
    order = order_make(stage=OrderStage.UNKNOWN, shipments=(shipment("Picked up"),))
    assert [done for _, done, _ in states(order)] == [True, True, True, False]


def test_delivered_from_a_tracking_event():
    order = order_make(shipments=(shipment("In transit", "Delivered, front porch"),))
    assert states(order)[3] == ("delivered", True, True)


@pytest.mark.parametrize(
    "text", ["Out for delivery", "Not delivered: no access", "Undelivered", "Delivery attempted"]
)
def test_delivery_attempts_are_not_deliveries(text):
    order = order_make(shipments=(shipment(text),))
    assert states(order)[3] == ("delivered", False, False)


def test_steps_not_reached_carry_no_date():
    steps = order_timeline_build(order=order_make())
    assert steps[0].at is not None
    assert steps[2].at is None and steps[3].at is None
