"""Issue 23's address, stop after, reactivate and order now, each against the sandbox over HTTP: the whole
auto order JSON (original order included) before and after, only the intended fields changed; 2 UltraCart
calls per action and none to look again; the email, the audit entry; a failed write changes nothing."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from portal.merchant.models import AuditEntry
from portal.ultracart.auto_orders import AUTO_ORDER_EXPANSION
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, CANCELED, FAILED, changed_fields, confirm, review_token

pytestmark = pytest.mark.django_db

MARIA = "maria.garcia@example.es"
NEW_ADDRESS = {
    "first_name": "Jane",
    "last_name": "Doe",
    "company": "",
    "address1": "7 Lighthouse Lane",
    "address2": "Apt 3",
    "city": "Astoria",
    "state_region": "OR",
    "postal_code": "97103",
    "country_code": "us",  # the form upper-cases it
    "phone": "503-555-0142",
}


def whole(sandbox, oid):
    """Everything the portal reads and writes back, original order included (derived schedules left out)."""
    params = {"_expand": AUTO_ORDER_EXPANSION}
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params=params).json()["auto_order"]
    for item in raw.get("items", []):
        item.pop("future_schedules", None)
    return raw


def act(client, sandbox, oid, action, data=None):
    """Review, then confirm; the confirm alone is measured in UltraCart calls."""
    url = f"/account/subscriptions/{oid}/{action}/"
    token = review_token(client, url, data)
    before = whole(sandbox, oid)
    sandbox.clear_requests()
    response = confirm(client, url, data, token=token)
    calls = sandbox.operations()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/account/subscriptions/{oid}/"
    return before, whole(sandbox, oid), calls


def assert_looking_again_is_free(client, sandbox, oid, action):
    sandbox.clear_requests()
    assert client.get(f"/account/subscriptions/{oid}/").status_code == 200
    client.get(f"/account/subscriptions/{oid}/{action}/")
    assert sandbox.operations() == []


def test_address_writes_only_the_original_orders_shipping(sandbox, jane):
    before, after, calls = act(jane, sandbox, ACTIVE, "shipping_address", NEW_ADDRESS)
    assert changed_fields(before, after) == {
        "original_order.shipping.address1",
        "original_order.shipping.city",
        "original_order.shipping.postal_code",
    }
    assert after["original_order"]["shipping"]["country_code"] == "US"
    assert after["original_order"]["billing"] == before["original_order"]["billing"]  # billing.email too
    assert calls == ["getAutoOrder", "updateAutoOrder"]
    entry = AuditEntry.objects.get(action="shipping_address")
    assert (entry.result, entry.email, entry.order_id) == ("ok", "jane.doe@example.com", "DEMO-0009100012")
    assert entry.detail == "fields=address1,city,postal_code"  # names, never the address itself
    assert "Lighthouse" not in str(entry.before) + str(entry.after)
    message = mail.outbox[0]
    assert (
        "shipping address" in message.subject and "7 Lighthouse Lane, Apt 3, Astoria OR 97103" in message.body
    )
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Saved. Your future shipments go to the new address." in page
    assert "7 Lighthouse Lane" in page and 'data-address="ship-to"' in page
    assert_looking_again_is_free(jane, sandbox, ACTIVE, "shipping_address")


def test_address_review_shows_old_and_new_and_says_future_shipments(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/shipping_address/"
    form = jane.get(url).content.decode()
    assert 'value="42 Harbor View Rd"' in form and 'value="Portland"' in form  # prefilled from shipping
    assert 'autocomplete="shipping address-line1"' in form and "maxlength" not in form
    review = jane.post(url, {"step": "review", **NEW_ADDRESS}).content.decode()
    assert "42 Harbor View Rd<br>" in review and "7 Lighthouse Lane<br>" in review
    assert "Future shipments go to the new address." in review


def test_a_new_phone_is_written_as_the_day_phone(sandbox, jane):
    before, after, _calls = act(
        jane, sandbox, ACTIVE, "shipping_address", {**NEW_ADDRESS, "phone": "555-0100"}
    )
    assert changed_fields(before, after) == {
        "original_order.shipping.address1",
        "original_order.shipping.city",
        "original_order.shipping.postal_code",
        "original_order.shipping.day_phone",
        "original_order.shipping.day_phone_e164",  # UltraCart's derived copy, dropped as stale
    }
    assert after["original_order"]["shipping"]["day_phone"] == "555-0100"


def test_stop_after_writes_the_count_and_the_reason(sandbox, jane):
    before, after, calls = act(
        jane, sandbox, ACTIVE, "stop_after", {"orders": "3", "reason": "Too expensive"}
    )
    assert changed_fields(before, after) == {"cancel_after_next_x_orders", "cancel_reason"}
    assert (after["cancel_after_next_x_orders"], after["cancel_reason"]) == (3, "Too expensive")
    assert after["status"] == "active"
    assert calls == ["getAutoOrder", "updateAutoOrder"]
    assert AuditEntry.objects.get(action="stop_after").detail == "orders=3 reason=Too expensive"
    assert "ends after 3 more shipments" in mail.outbox[0].body
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Ends after 3 more shipments." in page and "Change when it ends" in page
    assert "The last one is on" in page
    assert_looking_again_is_free(jane, sandbox, ACTIVE, "stop_after")


def test_stop_after_review_shows_the_last_shipments_date(sandbox, jane):
    raw = sandbox.api(
        "GET", f"/auto_order/auto_orders/{ACTIVE}", params={"_expand": "items.future_schedules"}
    ).json()["auto_order"]
    third = datetime.fromisoformat(raw["items"][0]["future_schedules"][2]["shipment_dts"])
    review = jane.post(
        f"/account/subscriptions/{ACTIVE}/stop_after/", {"step": "review", "orders": "3", "reason": "Moving"}
    ).content.decode()
    assert "3 more shipments" in review and "no end set" in review
    last = date_format(timezone.localtime(third), "DATE_FORMAT")
    assert f"Last shipment</th><td>—</td><td><strong>{last}</strong>" in review


def test_reactivate_moves_the_missed_shipment_on_then_enables(sandbox):
    maria = client_sign_in(Client(), MARIA)
    before, after, calls = act(maria, sandbox, CANCELED, "reactivate")
    assert changed_fields(before, after) == {
        "enabled",
        "status",
        "items[].next_shipment_dts",  # yesterday's, moved on in the same write
        "next_attempt",  # UltraCart's own, recomputed
        "canceled_dts",  # UltraCart's record of the cancel, gone with it
        "canceled_by_user",
        "cancel_reason",
    }
    assert (after["status"], after["enabled"]) == ("active", True)
    moved = datetime.fromisoformat(after["items"][0]["next_shipment_dts"])
    assert moved.date() == timezone.localdate() + timedelta(days=2)  # PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS
    assert calls == ["getAutoOrder", "updateAutoOrder"]
    assert AuditEntry.objects.get(action="reactivate").result == "ok"
    assert "reactivated" in mail.outbox[0].subject and "is active again" in mail.outbox[0].body
    page = maria.get(f"/account/subscriptions/{CANCELED}/").content.decode()
    assert 'data-status="active"' in page and "Your subscription is active again. Next shipment:" in page
    assert_looking_again_is_free(maria, sandbox, CANCELED, "pause")
    # The copy cached from the write's answer reads as UltraCart's own (no stale cancel_reason): the next
    # action, reviewed on it, is not "changed meanwhile".
    _before, after_order_now, _calls = act(maria, sandbox, CANCELED, "order_now")
    assert "cancel_reason" not in after_order_now


def test_reactivate_a_subscription_stopped_after_a_failed_charge(sandbox):
    obrien = client_sign_in(Client(), "obrien@example.com")
    review = obrien.get(f"/account/subscriptions/{FAILED}/reactivate/").content.decode()
    assert "The last charge didn" in review and f"/account/subscriptions/{FAILED}/card/" in review
    _before, after, _calls = act(obrien, sandbox, FAILED, "reactivate")
    assert after["status"] == "active"
    assert datetime.fromisoformat(after["items"][0]["next_shipment_dts"]) > timezone.now()


def test_order_now_moves_the_next_shipment_to_today(sandbox, jane):
    before, after, calls = act(jane, sandbox, ACTIVE, "order_now")
    assert changed_fields(before, after) == {
        "items[].next_shipment_dts",
        "items[].next_preshipment_notice_dts",
        "next_attempt",  # UltraCart's, recomputed from the new date
    }
    shipment = datetime.fromisoformat(after["items"][0]["next_shipment_dts"])
    notice = datetime.fromisoformat(after["items"][0]["next_preshipment_notice_dts"])
    assert timezone.localdate(shipment) == timezone.localdate()
    assert timezone.now() < notice < shipment
    assert calls == ["getAutoOrder", "updateAutoOrder"]
    assert "goes out tonight" in mail.outbox[0].subject
    assert "goes out with tonight's orders" in mail.outbox[0].body
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Your next shipment goes out with tonight&#x27;s orders." in page
    assert "shipped" not in page.lower()
    assert "/order_now/" not in page  # due today already: not offered again
    assert_looking_again_is_free(jane, sandbox, ACTIVE, "skip")


def test_order_now_in_the_merchants_time_zone(sandbox, jane, settings):
    settings.PORTAL_TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: often another day than UTC
    _before, after, _calls = act(jane, sandbox, ACTIVE, "order_now")
    written = after["items"][0]["next_shipment_dts"]
    assert written.endswith("+14:00")
    with timezone.override("Pacific/Kiritimati"):
        assert datetime.fromisoformat(written).date() == timezone.localdate()


FAILING = [
    (ACTIVE, "shipping_address", NEW_ADDRESS, "jane.doe@example.com"),
    (ACTIVE, "stop_after", {"orders": "2", "reason": "Moving"}, "jane.doe@example.com"),
    (ACTIVE, "order_now", None, "jane.doe@example.com"),
    (CANCELED, "reactivate", None, MARIA),
]


@pytest.mark.parametrize(("oid", "action", "data", "email"), FAILING)
def test_a_failed_ultracart_write_changes_nothing_and_says_so(sandbox, oid, action, data, email):
    customer = client_sign_in(Client(), email)
    url = f"/account/subscriptions/{oid}/{action}/"
    token = review_token(customer, url, data)
    before = whole(sandbox, oid)
    sandbox.fault(status=500, operations=["updateAutoOrder"])
    response = confirm(customer, url, data, token=token)
    sandbox.clear_faults()
    assert response.status_code == 503
    assert "We couldn&#x27;t reach our store systems, so nothing was changed." in response.content.decode()
    assert whole(sandbox, oid) == before
    entry = AuditEntry.objects.get(action=action)
    assert entry.result == "failed" and entry.after == {}
    assert mail.outbox == []
