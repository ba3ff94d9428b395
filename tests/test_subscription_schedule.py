"""The priced upcoming schedule: the next six shipments from items.future_schedules, each with its item and an
estimate (unit cost x quantity) in the page's language; a multi-step program names each step's item; the
schedule comes with the auto order read (no call of its own) and a revisit costs none."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from portal.subscriptions.priced_schedule import estimate_text, upcoming_schedule
from portal.ultracart import AutoOrder
from portal.ultracart.auto_orders import AUTO_ORDER_EXPANSION
from portal.ultracart.parsing_auto_orders import auto_order_from_json
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE

pytestmark = pytest.mark.django_db
PROGRAM = 5005  # Seán's tasting program: medium roast next, then dark roast every month
SEAN = "obrien@example.com"


def rows(page: str) -> list[str]:
    schedule = page.split('id="upcoming-title"')[1].split("</ol>")[0]
    return schedule.split('class="schedule__row')[1:]


def test_jane_sees_six_priced_shipments_with_a_skip_button_on_the_later_ones(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD = (
        100  # the third shipment is 86 to 92 days away, the fourth 116+
    )
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    found = rows(page)
    assert len(found) == 6
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": AUTO_ORDER_EXPANSION})
    schedules = raw.json()["auto_order"]["items"][0]["future_schedules"]
    for row, schedule in zip(found, schedules, strict=False):
        assert f'datetime="{schedule["shipment_dts"][:10]}"' in row
        assert "Monthly Coffee Club – Ethiopia Yirgacheffe (12 oz)" in row and "× 1" in row
        assert 'data-estimate="18.50"' in row and "$18.50" in row
    assert "Next" in found[0] and f"/account/subscriptions/{ACTIVE}/skip/" in found[0]  # the plain skip
    # Later shipments within the max days ahead can be skipped; beyond it, the row says from when.
    skippable = [bool(re.search(r'name="shipment" value="[\d-]+"', row)) for row in found]
    assert skippable[:3] == [False, True, True] and not any(skippable[3:])
    assert "Can be skipped from" in found[3]
    assert "Estimates are the unit price times the quantity" in page


def test_the_estimate_is_unit_cost_times_quantity(sandbox, jane):
    sandbox.api(
        "PUT",
        f"/auto_order/auto_orders/{ACTIVE}",
        json={"items": [{"auto_order_item_oid": 50011, "arbitrary_quantity": 3.0}]},
    )
    found = rows(jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode())
    assert all("× 3" in row and 'data-estimate="55.50"' in row and "$55.50" in row for row in found)


def test_a_multi_step_program_names_each_steps_item_and_its_price(sandbox):
    sean = client_sign_in(Client(), SEAN)
    found = rows(sean.get(f"/account/subscriptions/{PROGRAM}/").content.decode())
    assert len(found) == 6
    assert "TASTING-MEDIUM" in found[0] and 'data-estimate="12.00"' in found[0]
    assert all("TASTING-DARK" in row and 'data-estimate="17.00"' in row for row in found[1:])
    assert all("A step of the program" in row for row in found)  # the program is the page's title


def test_spanish_writes_dates_and_amounts_its_way(sandbox, jane):
    page = jane.get(f"/account/subscriptions/{ACTIVE}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    found = rows(page)
    assert "18,50\xa0US$" in found[0] and re.search(r">\d{1,2} de \w+ de \d{4}</time>", found[0])
    assert "Estimación" in found[1] and "Saltar" in found[1]


def test_the_schedule_costs_no_call_of_its_own_and_a_revisit_none(sandbox, jane):
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    assert sandbox.operations() == ["getAutoOrder"]  # the detail read, items.future_schedules expanded
    assert "items.future_schedules" in sandbox.requests()[0]["query"]["_expand"]
    sandbox.clear_requests()
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert len(rows(page)) == 6 and sandbox.operations() == []
    sandbox.clear_requests()
    jane.get(f"/account/subscriptions/{ACTIVE}/skip_shipment/")  # the skip page's schedule: the cached copy
    assert sandbox.operations() == []


def _auto_order(items: list[dict]) -> AutoOrder:
    return auto_order_from_json(
        {
            "auto_order_oid": 1,
            "status": "active",
            "original_order": {
                "currency_code": "EUR",
                "items": [{"merchant_item_id": "A", "description": "Ay"}],
            },
            "items": items,
        }
    )


def test_two_items_on_one_day_are_one_shipment_and_an_unknown_cost_is_no_estimate():
    day = "2027-03-01T00:00:00+00:00"
    auto_order = _auto_order(
        [
            {"original_item_id": "A", "frequency": "Monthly", "arbitrary_quantity": 2,
             "next_shipment_dts": day,
             "future_schedules": [{"shipment_dts": day, "item_id": "A", "unit_cost": 4.25}]},
            {"original_item_id": "B", "frequency": "Monthly", "next_shipment_dts": day,
             "future_schedules": [{"shipment_dts": day, "item_id": "B", "unit_cost": 1},
                                  {"shipment_dts": "2027-04-01T00:00:00+00:00", "item_id": "B"}]},
        ]
    )  # fmt: skip
    first, second = upcoming_schedule(auto_order)
    assert first.shipment_at == datetime(2027, 3, 1, tzinfo=UTC) and first.is_next
    assert [line.description for line in first.lines] == ["Ay", "B"]
    assert first.estimate == Decimal("9.50") and second.estimate is None
    with translation.override("en"):
        assert estimate_text(first.estimate, auto_order=auto_order) == "€9.50"
        assert estimate_text(second.estimate, auto_order=auto_order) == ""


def test_a_paused_item_ships_nothing(sandbox):
    day = "2027-03-01T00:00:00+00:00"
    auto_order = _auto_order(
        [{"original_item_id": "A", "paused": True, "next_shipment_dts": day,
          "future_schedules": [{"shipment_dts": day, "item_id": "A", "unit_cost": 4.25}]}]
    )  # fmt: skip
    assert upcoming_schedule(auto_order) == ()
