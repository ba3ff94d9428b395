"""Failed-payment recovery: the one rule (payment_failures.py) on the sandbox's demo auto orders and on edge
shapes, and its banner on the account home and the subscription page, in English and Spanish, with the reason
in plain words (never the gateway's text), the retry day and the card update."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from portal import ultracart
from portal.subscriptions.payment_failures import FailureKind, payment_failure_detect
from portal.ultracart.parsing_auto_orders import auto_order_from_json
from tests.sessions import client_sign_in

pytestmark = pytest.mark.django_db
MARIA, SEAN = "maria.garcia@example.es", "obrien@example.com"
DECLINED, STOPPED = 5007, 5004
# What UltraCart's failure_reason holds besides the reason: none of it may reach a customer.
GATEWAY_WORDS = (
    "Gateway",
    "STRIPE",
    "decline_code",
    "failure_message",
    "card_declined",
    "rotatingTransaction",
)


def _shape(**fields) -> ultracart.AutoOrder:
    raw = {
        "auto_order_oid": 9001,
        "status": "active",
        "enabled": True,
        "items": [
            {"original_item_id": "X", "frequency": "Monthly", "next_shipment_dts": "2030-01-01T00:00:00Z"}
        ],
        **fields,
    }
    return auto_order_from_json(raw)


def test_the_sandboxs_declined_auto_order_is_retried_in_two_days(sandbox):
    failure = payment_failure_detect(auto_order=ultracart.auto_order_get(auto_order_oid=DECLINED))
    assert failure is not None and failure.kind is FailureKind.INSUFFICIENT_FUNDS
    assert not failure.stopped and failure.attempts == 1
    assert failure.retry_at is not None
    assert timedelta(days=1) < failure.retry_at - timezone.now() < timedelta(days=3)


def test_the_sandboxs_disabled_auto_order_stopped_after_its_last_try(sandbox):
    failure = payment_failure_detect(auto_order=ultracart.auto_order_get(auto_order_oid=STOPPED))
    assert failure is not None and failure.kind is FailureKind.DECLINED
    assert failure.stopped and failure.retry_at is None and failure.attempts == 3


@pytest.mark.parametrize("oid", [5001, 5002, 5003, 5005, 5006])
def test_the_other_demo_auto_orders_have_nothing_to_recover(sandbox, oid):
    assert payment_failure_detect(auto_order=ultracart.auto_order_get(auto_order_oid=oid)) is None


@pytest.mark.parametrize(
    ("fields", "kind", "stopped", "retries"),
    [
        ({"credit_card_attempt": 2}, FailureKind.CARD_PROBLEM, False, False),  # attempts, no text
        ({"failure_reason": "Card expired (code 54)"}, FailureKind.EXPIRED_CARD, False, False),
        ({"failure_reason": "Do not honor", "next_attempt": "2999-01-01T00:00:00Z"}, FailureKind.CARD_PROBLEM,
         False, True),
        ({"failure_reason": "declined", "next_attempt": "2001-01-01T00:00:00Z"}, FailureKind.DECLINED, False,
         False),  # a retry date in the past says nothing
        ({"failure_reason": "declined", "next_attempt": "2999-01-01T00:00:00Z", "status": "disabled",
          "disabled_dts": "2026-01-01T00:00:00Z"}, FailureKind.DECLINED, True, False),
        ({"credit_card_attempt": 3, "status": "disabled", "disabled_dts": "2026-01-01T00:00:00Z"},
         FailureKind.CARD_PROBLEM, True, False),
    ],
)  # fmt: skip
def test_edge_shapes(fields, kind, stopped, retries):
    failure = payment_failure_detect(auto_order=_shape(**fields))
    assert failure is not None and failure.kind is kind and failure.stopped is stopped
    assert (failure.retry_at is not None) is retries


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"failure_reason": "   "},
        {"next_attempt": "2999-01-01T00:00:00Z"},  # a next attempt alone is the normal schedule
        {"status": "canceled", "failure_reason": "declined", "credit_card_attempt": 2},
        {"status": "merged", "failure_reason": "declined"},
        {
            "status": "disabled",
            "disabled_dts": "2026-01-01T00:00:00Z",
        },  # stopped by the merchant, not a charge
        {"status": "something new", "failure_reason": "declined"},
    ],
)
def test_shapes_without_a_failed_charge(fields):
    assert payment_failure_detect(auto_order=_shape(**fields)) is None


def test_a_paused_declined_auto_order_shows_no_retry_day():
    paused = _shape(failure_reason="declined", next_attempt="2999-01-01T00:00:00Z",
                    items=[{"original_item_id": "X", "paused": True}])  # fmt: skip
    failure = payment_failure_detect(auto_order=paused)
    assert failure is not None and failure.retry_at is None and not failure.stopped


def _retry_day() -> str:
    failure = payment_failure_detect(auto_order=ultracart.auto_order_get(auto_order_oid=DECLINED))
    assert failure is not None and failure.retry_at is not None
    return timezone.localtime(failure.retry_at).date().isoformat()


def test_marias_home_and_subscription_say_why_when_and_how_to_fix_it(sandbox):
    maria = client_sign_in(Client(), MARIA)
    maria.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = maria.get("/account/").content.decode()
    assert 'data-payment-failure="insufficient_funds"' in home
    assert "We couldn't charge your card for" in home and "insufficient funds" in home
    assert f'data-retry="{_retry_day()}"' in home and "We&#x27;ll try again on" in home
    assert f'href="/account/subscriptions/{DECLINED}/card/"' in home
    page = maria.get(f"/account/subscriptions/{DECLINED}/").content.decode()
    assert 'role="alert"' in page and "Your last payment didn" in page and "insufficient funds" in page
    assert f'href="/account/subscriptions/{DECLINED}/card/"' in page and "We&#x27;ll try again on" in page
    for text in (home, page):
        assert not any(word in text for word in GATEWAY_WORDS)


def test_the_banner_in_spanish(sandbox):
    maria = client_sign_in(Client(), MARIA)
    maria.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    home = maria.get("/account/").content.decode()
    assert "No hemos podido cobrar tu tarjeta" in home and "fondos insuficientes" in home
    assert "Lo volveremos a intentar el" in home
    page = maria.get(f"/account/subscriptions/{DECLINED}/").content.decode()
    assert "Actualiza tu tarjeta" in page and "fondos insuficientes" in page


def test_a_stopped_subscription_says_it_is_on_hold(sandbox):
    sean = client_sign_in(Client(), SEAN)
    page = sean.get(f"/account/subscriptions/{STOPPED}/").content.decode()
    assert 'data-retry="stopped"' in page and "on hold until the card is updated" in page
    assert "Your bank declined the card." in page
    assert not any(word in page for word in GATEWAY_WORDS)


def test_no_banner_where_nothing_failed(sandbox, jane):
    assert "data-payment-failure" not in jane.get("/account/").content.decode()
    assert "data-payment-failure" not in jane.get("/account/subscriptions/5001/").content.decode()


def test_without_the_card_update_switch_the_banner_has_no_button(sandbox, settings):
    settings.PORTAL_SUBSCRIPTION_ACTIONS = "pause,resume,skip,reschedule,cancel"
    maria = client_sign_in(Client(), MARIA)
    home = maria.get("/account/").content.decode()
    assert "data-payment-failure" in home and f"/account/subscriptions/{DECLINED}/card/" not in home
