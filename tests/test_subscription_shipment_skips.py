"""Skip one chosen later shipment, and undo it, through the pages against the sandbox: our record is the skip
(a fresh read, no UltraCart write), with a review, a one-time token, ownership, audit, email, the merchant's
switch, the limits (lead days, max days ahead, in a row) and view-as refused."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from portal.merchant.models import AuditEntry
from portal.subscriptions.models import ShipmentSkip
from tests.sessions import client_sign_in, merchant_staff
from tests.shipment_dates import shipment_days, shown
from tests.subscriptions_helpers import ACTIVE, CANCELED, JANE, PAUSED, confirm, raw_auto_order, review_token

pytestmark = pytest.mark.django_db
SKIP = f"/account/subscriptions/{ACTIVE}/skip_shipment/"
UNSKIP = f"/account/subscriptions/{ACTIVE}/unskip_shipment/"
NEXT = FEB = MARCH = APRIL = ""  # set per test from the sandbox (below)


@pytest.fixture(autouse=True)
def days(sandbox) -> None:
    """Jane's 5001 ships about 30 days from now, then monthly: its next four shipment days (the sandbox)."""
    global NEXT, FEB, MARCH, APRIL  # named for the demo's first run (Jan. 1, then Feb. 1, ...)
    NEXT, FEB, MARCH, APRIL = shipment_days(sandbox, ACTIVE)[:4]


def skip(client: Client, day: str):
    return confirm(client, SKIP, {"shipment": day})


def row(page: str, day: str) -> str:
    return page.split(f'data-shipment="{day}"')[1].split("</li>\n")[0]


def test_skip_a_chosen_shipment_is_our_record_one_read_and_no_write(sandbox, jane):
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.clear_requests()
    token = review_token(jane, SKIP, {"shipment": FEB})  # the review: the page's one read, then cached
    assert sandbox.operations() == ["getAutoOrder"]
    sandbox.clear_requests()
    response = jane.post(SKIP, {"step": "confirm", "token": token, "shipment": FEB})
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"
    assert sandbox.operations() == ["getAutoOrder"]  # the fresh read: ownership, the shipment still scheduled
    assert raw_auto_order(sandbox, ACTIVE) == before  # nothing written to UltraCart now
    record = ShipmentSkip.objects.get(auto_order_oid=ACTIVE)
    assert (record.status, record.shipment_on, record.email) == ("pending", date.fromisoformat(FEB), JANE)
    assert record.run_at == record.shipment_at - timedelta(days=2)  # the lead days: the worker runs then
    entry = AuditEntry.objects.get(action="skip_shipment")
    assert (entry.result, entry.detail) == ("ok", f"shipment={FEB}")
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    until = shown(date.fromisoformat(FEB) - timedelta(days=3))  # the run is 2 days before: the day before it
    assert f"The shipment of {shown(FEB)} is skipped. You can undo it until {until}." in page
    assert 'data-skipped="yes"' in row(page, FEB) and "Undo</button></form>" in row(page, FEB)
    assert f"until {until}" in row(page, FEB)
    assert 'data-skipped="yes"' not in row(page, MARCH)
    assert len(mail.outbox) == 1 and "A shipment is skipped" in mail.outbox[0].subject
    assert f"You skipped the shipment of {shown(FEB)}" in mail.outbox[0].body
    assert f"Next shipment: {shown(NEXT)}." in mail.outbox[0].body


def test_undo_restores_it_with_one_read_and_no_write(sandbox, jane):
    skip(jane, FEB)
    mail.outbox.clear()
    before = raw_auto_order(sandbox, ACTIVE)
    token = review_token(jane, UNSKIP, {"shipment": FEB})
    sandbox.clear_requests()
    response = jane.post(UNSKIP, {"step": "confirm", "token": token, "shipment": FEB})
    assert response.status_code == 302
    assert sandbox.operations() == ["getAutoOrder"] and raw_auto_order(sandbox, ACTIVE) == before
    assert ShipmentSkip.objects.get(auto_order_oid=ACTIVE).status == "canceled"
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert f"The shipment of {shown(FEB)} is back on your schedule." in page
    assert 'data-skipped="yes"' not in page and f'value="{FEB}"' in row(page, FEB)  # skippable again
    assert AuditEntry.objects.filter(action="unskip_shipment", result="ok").count() == 1
    assert "A skipped shipment is back on" in mail.outbox[0].subject


def test_undo_after_the_lead_time_says_plainly_it_is_too_late(sandbox, jane):
    skip(jane, FEB)
    ShipmentSkip.objects.update(run_at=timezone.now() - timedelta(minutes=1))  # its run has come
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Too late to undo" in row(page, FEB) and "unskip_shipment" not in row(page, FEB)
    response = jane.post(UNSKIP, {"step": "review", "shipment": FEB})
    assert response.status_code == 409
    assert f"It&#x27;s too late to undo the skip of {shown(FEB)}: the store needs 2 days&#x27; notice" in (
        response.content.decode()
    )
    assert ShipmentSkip.objects.get().status == "pending"


def test_the_next_shipment_is_the_plain_skip(sandbox, jane):
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert f"/account/subscriptions/{ACTIVE}/skip/" in row(page, NEXT) and "skip_shipment" not in row(
        page, NEXT
    )
    response = jane.post(SKIP, {"step": "review", "shipment": NEXT})  # a crafted post
    assert response.status_code == 409
    assert "That is your next shipment: to skip it, use “Skip next shipment”." in response.content.decode()
    assert not ShipmentSkip.objects.exists()


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("april", "You can skip shipments up to"),  # past the max days ahead (90)
        ("feb+1", "That date isn&#x27;t one of your upcoming shipments."),
        ("not-a-date", "Please choose a shipment from your schedule."),
    ],
)
def test_a_shipment_that_cannot_be_skipped_is_refused_in_plain_words(sandbox, jane, day, words):
    day = {"april": APRIL, "feb+1": (date.fromisoformat(FEB) + timedelta(days=1)).isoformat()}.get(day, day)
    response = jane.post(SKIP, {"step": "review", "shipment": day})
    assert response.status_code in (200, 409) and words in response.content.decode()
    assert "Skip this shipment" not in response.content.decode()
    confirmed = jane.post(SKIP, {"step": "confirm", "token": "x", "shipment": day})
    assert confirmed.status_code in (200, 409) and not ShipmentSkip.objects.exists()


def test_too_close_to_the_lead_days(sandbox, jane, settings):
    soon = (timezone.now() + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    weekly = {"auto_order_item_oid": 50011, "frequency": "Weekly", "next_shipment_dts": soon.isoformat(),
              "next_preshipment_notice_dts": (soon - timedelta(hours=12)).isoformat()}  # fmt: skip
    assert (
        sandbox.api("PUT", f"/auto_order/auto_orders/{ACTIVE}", json={"items": [weekly]}).status_code == 200
    )
    settings.PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS = 10  # the second shipment is 9 days away, the third 16
    second, third = ((soon + timedelta(days=days)).date().isoformat() for days in (7, 14))
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "skip_shipment" not in row(page, second) and "skip_shipment" in row(page, third)
    response = jane.post(SKIP, {"step": "review", "shipment": second})
    assert response.status_code == 409
    assert "is too close to skip: the store needs 10 days&#x27; notice." in response.content.decode()


def test_skips_in_a_row_are_capped(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_MAX_SKIPS = 1
    settings.PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD = 100  # the third shipment is 86 to 92 days away
    assert skip(jane, FEB).status_code == 302
    response = jane.post(SKIP, {"step": "review", "shipment": MARCH})
    assert (
        response.status_code == 409
        and "You can skip at most 1 shipment in a row." in response.content.decode()
    )
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "skip_shipment" not in row(page, MARCH)
    # The plain skip of Jan. 1 would make Jan. 1 and Feb. 1 two in a row: not offered either.
    assert f"/account/subscriptions/{ACTIVE}/skip/" not in page
    assert jane.get(f"/account/subscriptions/{ACTIVE}/skip/").status_code == 409


def test_two_apart_are_not_in_a_row(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_MAX_SKIPS = 1
    settings.PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD = 150
    assert skip(jane, FEB).status_code == 302
    assert skip(jane, APRIL).status_code == 302  # March ships in between
    assert ShipmentSkip.objects.filter(status="pending").count() == 2


def test_a_forged_or_reused_token_is_refused(sandbox, jane):
    forged = jane.post(SKIP, {"step": "confirm", "token": "forged", "shipment": FEB})
    assert forged.status_code == 409 and "This form has expired" in forged.content.decode()
    token = review_token(jane, SKIP, {"shipment": FEB})
    assert jane.post(SKIP, {"step": "confirm", "token": token, "shipment": FEB}).status_code == 302
    again = jane.post(SKIP, {"step": "confirm", "token": token, "shipment": FEB}, follow=True)
    assert "That request was already handled" in again.content.decode()
    assert ShipmentSkip.objects.count() == 1
    results = list(
        AuditEntry.objects.filter(action="skip_shipment").order_by("id").values_list("result", flat=True)
    )
    assert results == ["refused", "ok", "repeated"]


def test_the_token_of_one_action_does_not_confirm_the_other(sandbox, jane):
    skip(jane, FEB)
    token = review_token(jane, SKIP, {"shipment": MARCH})
    response = jane.post(UNSKIP, {"step": "confirm", "token": token, "shipment": FEB})
    assert response.status_code == 409 and ShipmentSkip.objects.get().status == "pending"


def test_another_customers_subscription_is_not_found(sandbox, jane):
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    token = review_token(jane, SKIP, {"shipment": FEB})
    assert maria.get(SKIP).status_code == 404
    response = maria.post(SKIP, {"step": "confirm", "token": token, "shipment": FEB})
    assert response.status_code == 404 and not ShipmentSkip.objects.exists()
    assert jane.get(f"/account/subscriptions/{CANCELED}/skip_shipment/").status_code == 404  # María's
    assert AuditEntry.objects.get(email="maria.garcia@example.es").result == "not_found"


def test_a_paused_subscription_offers_no_chosen_skip(sandbox, jane):
    assert jane.get(f"/account/subscriptions/{PAUSED}/skip_shipment/").status_code == 409
    assert "skip_shipment" not in jane.get(f"/account/subscriptions/{PAUSED}/").content.decode()


def test_the_merchants_switch_turns_it_off(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["skip", "pause", "cancel"]
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "skip_shipment" not in page and len(re.findall('data-shipment="', page)) == 6  # still priced
    response = jane.post(SKIP, {"step": "review", "shipment": FEB})
    assert response.status_code == 409 and "isn&#x27;t available" in response.content.decode()
    assert not ShipmentSkip.objects.exists()


def test_in_spanish_the_review_the_message_and_the_email(sandbox, jane):
    headers = {"HTTP_ACCEPT_LANGUAGE": "es"}
    review = jane.post(SKIP, {"step": "review", "shipment": FEB}, **headers).content.decode()
    with translation.override("es"):
        feb = shown(FEB)
    assert f"Envío del {feb}" in review and "Saltar este envío" in review
    token = re.search(r'name="token" value="([^"]+)"', review).group(1)
    jane.post(SKIP, {"step": "confirm", "token": token, "shipment": FEB}, **headers)
    page = jane.get(f"/account/subscriptions/{ACTIVE}/", **headers).content.decode()
    assert f"El envío del {feb} se ha omitido." in page and "Omitido" in row(page, FEB)
    assert "Deshacer" in row(page, FEB)
    assert f"Omitiste el envío del {feb}" in mail.outbox[0].body


@pytest.fixture
def viewing(client, sandbox):
    client.force_login(merchant_staff("merchant", "view_as_customer"))
    assert client.post("/admin/view-as-customer/", {"email": "jane.doe@example.com"}).status_code == 302
    return client


def test_view_as_shows_the_schedule_and_refuses_both(viewing, sandbox):
    page = viewing.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert len(re.findall('data-shipment="', page)) == 6 and "skip_shipment" not in page
    for url in (SKIP, UNSKIP):
        response = viewing.post(url, {"step": "confirm", "token": "x", "shipment": FEB})
        assert response.status_code == 403
        assert viewing.post(url, {"step": "review", "shipment": FEB}).status_code == 403
    assert not ShipmentSkip.objects.exists()
