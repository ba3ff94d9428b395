"""The next charge comes from the same schedule as the next shipment (issue 22, item 1): it moves with a skip
or a reschedule, there is none while paused indefinitely or after a cancel, none before a timed pause ends,
and UltraCart's next_attempt is shown only as a retry date after a declined charge. The sandbox recomputes
next_attempt as UltraCart does."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.subscriptions_helpers import ACTIVE, PAUSED, confirm, raw_auto_order

pytestmark = pytest.mark.django_db


def page_dates(client, oid: int) -> dict[str, str]:
    """{"next-shipment": "2027-01-05", "next-charge": "..." or the words shown} from the detail page."""
    page = client.get(f"/account/subscriptions/{oid}/").content.decode()
    found = {}
    for name, inner in re.findall(r'data-date="([a-z-]+)">(.*?)</dd>', page):
        stamp = re.search(r'datetime="([0-9-]+)"', inner)
        found[name] = stamp.group(1) if stamp else inner.strip()
    return found


def act(client, oid: int, action: str, data=None) -> None:
    response = confirm(client, f"/account/subscriptions/{oid}/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def day_of(stamp: str) -> str:
    return timezone.localtime(datetime.fromisoformat(stamp)).date().isoformat()


def test_a_skip_moves_the_charge_with_the_shipment(sandbox, jane):
    act(jane, ACTIVE, "skip")
    raw = raw_auto_order(sandbox, ACTIVE)
    dates = page_dates(jane, ACTIVE)
    assert dates["next-shipment"] == dates["next-charge"] == day_of(raw["items"][0]["next_shipment_dts"])
    assert raw["next_attempt"] == raw["items"][0]["next_shipment_dts"]  # UltraCart's agrees


def test_a_reschedule_moves_the_charge_with_the_shipment(sandbox, jane):
    day = timezone.localdate() + timedelta(days=11)
    act(jane, ACTIVE, "reschedule", {"day": day.isoformat()})
    dates = page_dates(jane, ACTIVE)
    assert dates["next-shipment"] == dates["next-charge"] == day.isoformat()


def test_paused_until_resumed_has_no_next_charge_even_when_ultracart_keeps_a_next_attempt(sandbox, jane):
    raw = raw_auto_order(sandbox, PAUSED)
    raw["next_attempt"] = raw["items"][0]["next_shipment_dts"]  # a stale next_attempt on a paused one
    sandbox.add_auto_orders(raw)
    dates = page_dates(jane, PAUSED)
    assert "next-shipment" not in dates
    assert dates["next-charge"] == "None until you resume"


def test_a_pause_takes_the_charge_away(sandbox, jane):
    act(jane, ACTIVE, "pause", {"mode": "indefinite"})
    assert page_dates(jane, ACTIVE) == {"next-charge": "None until you resume"}
    assert "next_attempt" not in raw_auto_order(sandbox, ACTIVE)


def test_a_timed_pause_has_no_charge_before_it_ends(sandbox, jane):
    day = timezone.localdate() + timedelta(days=40)
    act(jane, ACTIVE, "pause", {"mode": "until", "until": day.isoformat()})
    dates = page_dates(jane, ACTIVE)
    assert dates["next-charge"] >= day.isoformat()
    assert dates["next-shipment"] == dates["next-charge"]


def test_a_cancel_leaves_no_next_charge(sandbox, jane):
    act(jane, ACTIVE, "cancel", {"reason": "Too expensive"})
    assert page_dates(jane, ACTIVE) == {"next-charge": "None"}


def test_after_a_declined_charge_the_retry_date_is_ultracarts_next_attempt(sandbox, jane):
    raw = raw_auto_order(sandbox, ACTIVE)
    retry = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    raw.update(failure_reason="Credit card declined.", credit_card_attempt=1, next_attempt=retry.isoformat())
    sandbox.add_auto_orders(raw)
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Payment retry" in page
    assert page_dates(jane, ACTIVE)["next-charge"] == timezone.localtime(retry).date().isoformat()


# The sandbox, as UltraCart: next_attempt follows the items' dates and pause flags.


def _put(sandbox, oid: int, raw: dict) -> dict:
    response = sandbox.api("PUT", f"/auto_order/auto_orders/{oid}", json=raw, params={"_expand": "items"})
    assert response.status_code == 200, response.text
    return response.json()["auto_order"]


def test_sandbox_recomputes_next_attempt_when_a_date_changes(sandbox):
    raw = raw_auto_order(sandbox, ACTIVE)
    moved = (datetime.fromisoformat(raw["items"][0]["next_shipment_dts"]) + timedelta(days=9)).isoformat()
    raw["items"][0]["next_shipment_dts"] = moved
    assert _put(sandbox, ACTIVE, raw)["next_attempt"] == moved


def test_sandbox_drops_next_attempt_while_every_item_is_paused_and_restores_it_on_resume(sandbox):
    path = f"/auto_order/auto_orders/{ACTIVE}/pause"
    paused = sandbox.api("PUT", path, json={}, params={"_expand": "items"})
    assert "next_attempt" not in paused.json()["auto_order"]
    raw = raw_auto_order(sandbox, ACTIVE)
    raw["items"][0]["paused"] = False
    assert _put(sandbox, ACTIVE, raw)["next_attempt"] == raw["items"][0]["next_shipment_dts"]


def test_sandbox_keeps_a_next_attempt_the_caller_sets(sandbox):
    raw = raw_auto_order(sandbox, ACTIVE)
    chosen = (timezone.now() + timedelta(days=4)).replace(microsecond=0).isoformat()
    later = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    raw["items"][0]["next_shipment_dts"] = later.isoformat()
    raw["items"][0]["next_preshipment_notice_dts"] = (later - timedelta(days=3)).isoformat()
    raw["next_attempt"] = chosen
    assert _put(sandbox, ACTIVE, raw)["next_attempt"] == chosen
