"""The review's next dates (plans.shipment_dates): UltraCart's arithmetic, checked by hand on month ends and
against the sandbox's recomputed items.future_schedules after a real write, for every frequency it knows."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.utils import translation

from portal import ultracart
from portal.subscriptions.frequency_flows import frequency_next_dates
from portal.subscriptions.item_choices import ItemChange, frequency_label_step, frequency_label_words
from portal.subscriptions.plans import shipment_dates
from portal.ultracart.parsing_auto_orders import FREQUENCIES
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

ITEM = 50011


def test_a_month_step_keeps_the_day_or_the_months_last_day():
    first = datetime(2027, 1, 31, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert [d.date().isoformat() for d in shipment_dates(first, ("month", 1), count=4)] == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]  # fmt: skip
    assert all(
        d.tzinfo == first.tzinfo and (d.hour, d.minute) == (9, 30)
        for d in shipment_dates(first, ("month", 1), count=4)
    )


def test_day_week_and_year_steps():
    first = datetime(2028, 2, 29, tzinfo=UTC)
    assert shipment_dates(first, ("day", 21), count=2)[1] == datetime(2028, 3, 21, tzinfo=UTC)
    assert shipment_dates(first, ("week", 2), count=2)[1] == datetime(2028, 3, 14, tzinfo=UTC)
    assert shipment_dates(first, ("year", 1), count=2)[1] == datetime(2029, 2, 28, tzinfo=UTC)
    assert shipment_dates(first, ("month", 1), count=0) == ()


def test_every_label_has_a_step_and_plain_words():
    steps = {label: frequency_label_step(label, every_days=10) for label in FREQUENCIES}
    assert all(steps.values()), steps
    assert steps["Biweekly"] == ("week", 2) and steps["Every 45 Days"] == ("day", 45)
    assert frequency_label_step("Every...") is None and frequency_label_step("Fortnightly") is None
    with translation.override("en"):
        assert frequency_label_words("Every 2 Months") == "every 2 months"
        assert frequency_label_words("Every...", every_days=1) == "every day"
    with translation.override("es"):
        assert frequency_label_words("Every 2 Months") == "cada 2 meses"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "days"), [(label, 10 if label == "Every..." else None) for label in FREQUENCIES]
)
def test_the_review_dates_are_what_ultracart_schedules_after_the_write(sandbox, label, days):
    raw = raw_auto_order(sandbox, ACTIVE)
    raw["items"][0]["next_shipment_dts"] = (
        "2027-01-31T00:00:00-05:00"  # a month end, in the merchant's offset
    )
    raw["items"][0]["frequency"] = "Weekly" if label != "Weekly" else "Monthly"
    sandbox.add_auto_orders(raw)
    item = ultracart.auto_order_get(auto_order_oid=ACTIVE).items[0]
    change = ItemChange(ITEM, frequency=label, every_days=days)
    expected = frequency_next_dates(item, change)
    if days:
        after = ultracart.auto_order_frequency_change(
            auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, every_days=days
        )
    else:
        after = ultracart.auto_order_frequency_change(
            auto_order_oid=ACTIVE, auto_order_item_oid=ITEM, frequency=label
        )
    scheduled = tuple(sorted(s.shipment_at for s in after.items[0].future_schedules))
    assert len(expected) == 3 and scheduled[:3] == expected
