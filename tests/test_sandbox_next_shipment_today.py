"""The sandbox takes a next_shipment_dts of today, as UltraCart does (its next processing run picks it up:
how "order now" works); yesterday is still refused, and a notice still comes before a shipment ahead."""

from datetime import UTC, datetime, time, timedelta, timezone

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def put_item(sandbox, **change):
    body = {"items": [{"auto_order_item_oid": 50011, **change}]}
    return sandbox.api("PUT", "/auto_order/auto_orders/5001", json=body, params={"_expand": "items"})


def test_the_start_of_today_is_accepted_in_the_dates_own_offset(sandbox):
    offset = timezone(timedelta(hours=-7))
    start = datetime.combine(datetime.now(offset).date(), time(0), tzinfo=offset)
    response = put_item(sandbox, next_shipment_dts=start.isoformat(timespec="milliseconds"))
    assert response.status_code == 200, response.text
    item = response.json()["auto_order"]["items"][0]
    assert datetime.fromisoformat(item["next_shipment_dts"]) == start
    # The old notice (after a shipment already due) is not the refusal it is for a shipment ahead.


def test_yesterday_is_still_refused(sandbox):
    yesterday = datetime.now(UTC) - timedelta(days=1)
    response = put_item(sandbox, next_shipment_dts=yesterday.isoformat())
    assert response.status_code == 400 and "today or in the future" in response.headers["UC-REST-ERROR"]


def test_a_notice_after_a_shipment_ahead_is_still_refused(sandbox):
    shipment = datetime.now(UTC) + timedelta(days=3)
    response = put_item(
        sandbox,
        next_shipment_dts=shipment.isoformat(),
        next_preshipment_notice_dts=(shipment + timedelta(hours=1)).isoformat(),
    )
    assert response.status_code == 400 and "before next_shipment_dts" in response.headers["UC-REST-ERROR"]


def test_a_notice_in_the_past_is_still_refused(sandbox):
    response = put_item(
        sandbox, next_preshipment_notice_dts=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
    )
    assert response.status_code == 400 and "must be in the future" in response.headers["UC-REST-ERROR"]
