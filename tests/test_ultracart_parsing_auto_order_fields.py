"""Self-service auto order fields parse tolerantly: the demo data typed, garbage never an error."""

from decimal import Decimal

import pytest

from portal import ultracart
from portal.ultracart import AutoOrderStatus, ItemOption
from portal.ultracart.parsing_auto_order_fields import failure_kind
from portal.ultracart.parsing_auto_orders import auto_order_from_json

pytestmark = pytest.mark.django_db


def test_janes_subscription_has_every_field_the_new_actions_need(sandbox):
    jane = ultracart.auto_order_get(auto_order_oid=5001)
    item = jane.items[0]
    assert item.frequency == "monthly" and not item.is_multi_step and item.quantity == 1
    assert item.options == (ItemOption(name="Grind", value="Whole bean"),)
    assert len(item.future_schedules) == 10 and item.future_schedules[0].unit_cost == Decimal("18.5")
    assert item.future_schedules[0].item_id == "COFFEE-MONTHLY"
    assert jane.shipping is not None and jane.shipping.city == "Portland" and jane.add_ons == ()
    assert jane.cancel_after_next_x_orders is None and jane.failure_kind == ""


def test_the_program_the_merged_and_the_declined_demo_auto_orders(sandbox):
    program = ultracart.auto_order_get(auto_order_oid=5005).items[0]
    assert program.is_multi_step and program.frequency == ""
    assert [s.item_id for s in program.future_schedules[:3]] == [
        "TASTING-MEDIUM",
        "TASTING-DARK",
        "TASTING-DARK",
    ]
    merged = ultracart.auto_order_get(auto_order_oid=5006)
    assert merged.status == AutoOrderStatus.MERGED and merged.merged_into_auto_order_oid == 5003
    assert merged.merged_at is not None
    declined = ultracart.auto_order_get(auto_order_oid=5007)
    assert declined.is_active and declined.credit_card_attempt == 1 and declined.next_attempt_at is not None
    assert declined.failure_kind == "insufficient_funds" and declined.disabled_at is None
    assert ultracart.auto_order_get(auto_order_oid=5004).failure_kind == "declined"


def test_garbage_in_the_new_fields_never_raises():
    parsed = auto_order_from_json({
        "auto_order_oid": 9,
        "add_ons": "none", "cancel_after_next_x_orders": "many", "credit_card_attempt": True,
        "merged_dts": 12, "merged_into_auto_order_oid": [], "failure_reason": None,
        "original_order": {"shipping": "elsewhere"},
        "items": [{
            "auto_order_item_oid": 1, "arbitrary_schedule_days": "x", "arbitrary_item_id": 5,
            "options": [1, {"label": 5}, {"label": "Grind"}], "arbitrary_unit_cost": "free",
            "arbitrary_unit_cost_remaining_orders": 2.5,
            "future_schedules": [{"shipment_dts": "soon"}, "x", {"shipment_dts": "2030-01-01T00:00:00Z",
                                                                 "unit_cost": "?", "item_id": None}],
        }],
    })  # fmt: skip
    item = parsed.items[0]
    assert (
        parsed.add_ons == () and parsed.cancel_after_next_x_orders is None and parsed.credit_card_attempt == 0
    )
    assert parsed.merged_at is None and parsed.merged_into_auto_order_oid is None and parsed.shipping is None
    assert item.every_days is None and item.arbitrary_item_id == "5" and item.arbitrary_unit_cost is None
    assert item.options == (ItemOption(name="5", value=""), ItemOption(name="Grind", value=""))
    assert [(s.item_id, s.unit_cost) for s in item.future_schedules] == [("", None)]


def test_add_ons_parse():
    parsed = auto_order_from_json({
        "auto_order_oid": 9,
        "add_ons": [{"item_id": "FILTERS-100", "quantity": 2, "next_x_orders": 1, "arbitrary_unit_cost": 3.5,
                     "free_shipping": True, "options": [{"label": "Size", "value": "L"}]}, {"quantity": 1}],
    })  # fmt: skip
    (add_on,) = parsed.add_ons
    assert (add_on.item_id, add_on.quantity, add_on.next_x_orders) == ("FILTERS-100", 2, 1)
    assert add_on.unit_cost == Decimal("3.5") and add_on.free_shipping
    assert add_on.options == (ItemOption(name="Size", value="L"),)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", ""),
        ("  ", ""),
        ("01/02/2026 - Credit card declined. failure_message => Your card was declined.", "declined"),
        ("Credit card declined ... decline_code: insufficient_funds", "insufficient_funds"),
        ("Card EXPIRED", "expired_card"),
        ("Gateway timeout", "other"),
    ],
)
def test_failure_kind(text, kind):
    assert failure_kind(text) == kind
