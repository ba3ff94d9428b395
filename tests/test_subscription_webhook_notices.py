"""The emails UltraCart's webhooks ask for, through POST /webhooks/ultracart/ with the real payload shapes
(a JSON list of {event: AutoOrder} or {"events": [...]}, plain or gzip then base64), against the sandbox:
the auto order is read again before anything is sent (one getAutoOrder per notice) and the email goes out
only when that read confirms it, to the auto order's own email, once however often it is delivered,
audited, and without an email address in any log line."""

import base64
import gzip
import json
import logging
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from portal import ultracart
from portal.merchant.models import AuditEntry
from portal.subscriptions.models import CustomerNotice
from portal.subscriptions.notices import MAX_NOTICES_PER_DELIVERY

pytestmark = pytest.mark.django_db
URL = "/webhooks/ultracart/"
MARIA, JANE = "maria.garcia@example.es", "jane.doe@example.com"


@pytest.fixture(autouse=True)
def _credentials(settings):
    settings.ULTRACART_WEBHOOK_USERNAME = "uc-hooks"
    settings.ULTRACART_WEBHOOK_PASSWORD = "s3cret-pass"
    settings.PORTAL_BASE_URL = "https://portal.example.com"


def post(body: bytes):
    auth = "Basic " + base64.b64encode(b"uc-hooks:s3cret-pass").decode()
    return Client().post(URL, data=body, content_type="application/json", headers={"Authorization": auth})


def event(name: str, oid: int, email: str = "someone@example.com") -> dict:
    """What UltraCart posts: the auto order (here only its id and the original order's billing email)."""
    return {
        name: {"auto_order_oid": oid, "original_order": {"order_id": "DEMO-X", "billing": {"email": email}}}
    }


def plain(*events: dict) -> bytes:
    return json.dumps(list(events)).encode()


def gzip_base64(*events: dict) -> bytes:
    return base64.b64encode(gzip.compress(json.dumps({"events": list(events)}).encode()))


def audits(action: str) -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(action=action).order_by("id").values_list("result", "detail"))


def html_of(message) -> str:
    return str(message.alternatives[0][0])


@pytest.mark.parametrize("encode", [plain, gzip_base64], ids=["plain", "gzip-base64"])
def test_a_decline_emails_the_customer_once_after_reading_the_auto_order_again(sandbox, encode, caplog):
    sandbox.clear_requests()
    with caplog.at_level(logging.DEBUG):
        assert (
            post(encode(event("auto_order_decline", 5007, email="attacker@example.com"))).status_code == 200
        )
    assert sandbox.operations() == ["getAutoOrder"]  # the fresh read, nothing else
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [MARIA]  # the auto order's email, never the payload's
    # María's order is Spanish and she chose no language: her email is in Spanish.
    assert "No hemos podido cobrar tu tarjeta" in message.subject
    assert "fondos insuficientes" in message.body and "Lo volveremos a intentar el" in message.body
    assert not re.search(r"STRIPE|Gateway|decline_code|failure_message", message.body + html_of(message))
    links = re.findall(r"https://portal\.example\.com/\S+", str(message.body))
    assert len(links) == 2 and all(link.startswith("https://portal.example.com/account/subscriptions/5007/link/?t=")
                                   for link in links)  # fmt: skip
    assert audits("payment_failed_email") == [("ok", "auto_order_decline: sent in es")]
    log_text = "\n".join(record.getMessage() for record in caplog.records)
    assert MARIA not in log_text and "attacker@" not in log_text and "/link/?t=" not in log_text


def test_a_redelivered_or_repeated_decline_sends_nothing_more(sandbox):
    assert post(plain(event("auto_order_decline", 5007))).json()["outcome"] == "applied"
    assert post(plain(event("auto_order_decline", 5007))).json() == {"outcome": "duplicate"}
    # The same decline in another delivery (another body: UltraCart batches as it likes).
    assert post(gzip_base64(event("auto_order_decline", 5007), event("order_update", 0))).status_code == 200
    assert len(mail.outbox) == 1 and CustomerNotice.objects.count() == 1
    assert [result for result, _ in audits("payment_failed_email")] == ["ok", "repeated"]


def test_a_later_failure_of_the_same_subscription_is_a_new_email(sandbox):
    post(plain(event("auto_order_decline", 5007)))
    raw = sandbox.api("GET", "/auto_order/auto_orders/5007", params={"_expand": "items"}).json()["auto_order"]
    sandbox.add_auto_orders({**raw, "credit_card_attempt": 2})
    post(gzip_base64(event("auto_order_decline", 5007)))
    assert len(mail.outbox) == 2


def test_a_disable_says_the_subscription_stopped(sandbox, settings):
    assert post(plain(event("auto_order_disable", 5004))).status_code == 200
    (message,) = mail.outbox
    assert message.to == ["obrien@example.com"] and "We couldn't charge your card" in message.subject
    assert (
        "Your bank declined the card." in message.body and "on hold until the card is updated" in message.body
    )
    assert "/account/subscriptions/5004/link/?t=" in message.body


@pytest.mark.parametrize("oid", [5001, 5003])  # active and fine; canceled
def test_a_decline_the_fresh_read_does_not_confirm_sends_nothing(sandbox, oid):
    assert post(plain(event("auto_order_decline", oid))).status_code == 200
    assert mail.outbox == [] and not CustomerNotice.objects.exists()
    skipped = "auto_order_decline: UltraCart's fresh read does not confirm it"
    assert audits("payment_failed_email") == [("skipped", skipped)]


def test_an_unknown_auto_order_sends_nothing(sandbox):
    assert post(plain(event("auto_order_decline", 999999))).status_code == 200
    assert mail.outbox == [] and audits("payment_failed_email")[0][0] == "not_found"


def test_ultracart_down_sends_nothing_and_a_later_delivery_does(sandbox):
    sandbox.fault(status=503, operations=["getAutoOrder"])
    assert post(plain(event("auto_order_decline", 5007))).status_code == 200  # the cache part still applied
    assert mail.outbox == [] and not CustomerNotice.objects.exists()
    assert audits("payment_failed_email")[0][0] == "failed"
    sandbox.clear_faults()
    post(gzip_base64(event("auto_order_decline", 5007)))
    assert len(mail.outbox) == 1


def test_a_preshipment_reminder_says_when_what_and_about_how_much(sandbox):
    sandbox.clear_requests()
    assert post(gzip_base64(event("auto_order_preshipment", 5001))).status_code == 200
    assert sandbox.operations() == ["getAutoOrder"]
    (message,) = mail.outbox
    fresh = ultracart.auto_order_get(auto_order_oid=5001)
    item = fresh.items[0]
    assert message.to == [JANE] and "Your next shipment is on" in message.subject
    assert f"{item.quantity.normalize():f} × {item.description}: $" in message.body
    unit_cost = fresh.items[0].future_schedules[0].unit_cost
    assert unit_cost is not None
    estimated = unit_cost * item.quantity
    assert f"Estimated price: ${estimated.quantize(Decimal('0.01'))}" in message.body
    html = html_of(message)
    assert "Skip this shipment" in html and "Change the date" in html and "Manage your subscription" in html
    links = re.findall(r'href="(https://portal\.example\.com/[^"]+)"', html)
    assert len(links) == 3 and all("/account/subscriptions/5001/link/?t=" in link for link in links)
    assert audits("shipment_reminder_email") == [("ok", "auto_order_preshipment: sent in en")]
    post(plain(event("auto_order_preshipment", 5001)))  # another delivery of it
    assert len(mail.outbox) == 1


def test_the_reminder_follows_the_customers_chosen_language(sandbox):
    from portal.core.languages import customer_language_set

    customer_language_set(email=JANE, language="es")
    post(plain(event("auto_order_preshipment", 5001)))
    (message,) = mail.outbox
    assert "Tu próximo envío es el" in message.subject and "Precio estimado" in message.body


@pytest.mark.parametrize("oid", [5002, 5003, 5004])  # paused, canceled, stopped: no shipment to remind of
def test_no_reminder_without_a_coming_shipment(sandbox, oid):
    post(plain(event("auto_order_preshipment", oid)))
    assert mail.outbox == [] and audits("shipment_reminder_email")[0][0] == "skipped"


def test_other_auto_order_events_send_nothing(sandbox):
    sandbox.clear_requests()
    post(
        plain(
            event("auto_order_update", 5007),
            event("auto_order_rebill", 5001),
            event("auto_order_cancel", 5003),
        )
    )
    assert mail.outbox == [] and sandbox.operations() == []


def test_a_delivery_reads_at_most_the_cap(sandbox, settings):
    settings.ULTRACART_CALLS_PER_VISITOR_MINUTE = 2  # the webhook's reads are not a visitor's
    sandbox.clear_requests()
    events = [event("auto_order_decline", 8000 + n) for n in range(MAX_NOTICES_PER_DELIVERY + 5)]
    assert post(plain(*events)).status_code == 200
    assert sandbox.operations() == ["getAutoOrder"] * MAX_NOTICES_PER_DELIVERY
