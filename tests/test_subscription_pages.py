"""The list and detail pages: plain words, dates, links, and what they cost in UltraCart calls."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from portal.subscriptions.presentation import frequency_words, status_words
from portal.ultracart import AutoOrderItem, AutoOrderStatus
from portal.ultracart.parsing_auto_orders import auto_order_from_json
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, FAILED, PAUSED, review_token

pytestmark = pytest.mark.django_db


def test_list_shows_each_subscription_in_plain_words(sandbox, jane):
    page = jane.get("/account/subscriptions/").content.decode()
    assert 'data-status="active"' in page and 'data-status="paused"' in page
    assert "every month" in page and "every 2 months" in page
    assert "× 1" in page and "Next shipment" in page and "Next charge" in page
    assert f"/account/subscriptions/{ACTIVE}/" in page and f"/account/subscriptions/{PAUSED}/" in page
    assert "5003" not in page  # María's


def test_detail_shows_the_next_six_shipments_and_past_orders(sandbox, jane):
    page = jane.get(f"/account/subscriptions/{PAUSED}/").content.decode()
    assert 'href="/orders/DEMO-0009100001/"' in page and 'href="/orders/DEMO-0009100004/"' in page
    active = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    upcoming = active.split('id="upcoming-title"')[1].split("</ol>")[0]
    assert upcoming.count("data-shipment=") == 6  # the priced schedule (tests/test_subscription_schedule.py)


def test_failed_charge_banner_links_to_the_card_update(sandbox):
    obrien = client_sign_in(Client(), "obrien@example.com")
    page = obrien.get(f"/account/subscriptions/{FAILED}/").content.decode()
    assert 'role="alert"' in page and f"/account/subscriptions/{FAILED}/card/" in page


def test_call_counts_cold_and_warm(sandbox, jane):
    jane.get("/account/subscriptions/")
    list_cold = sandbox.operations()
    sandbox.clear_requests()
    jane.get("/account/subscriptions/")
    list_warm = sandbox.operations()
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    detail_cold = sandbox.operations()
    sandbox.clear_requests()
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    detail_warm = sandbox.operations()
    print(f"list cold={list_cold} warm={list_warm}; detail cold={detail_cold} warm={detail_warm}")
    assert list_cold == ["getAutoOrdersByQuery"] and list_warm == []
    assert detail_cold == ["getAutoOrder"] and detail_warm == []


def _item(**fields) -> AutoOrderItem:
    raw = {
        "auto_order_oid": 1,
        "status": "active",
        "items": [{"original_item_id": "X", "frequency": "Monthly"}],
    }
    base = auto_order_from_json(raw).items[0]
    return replace(base, **fields)


@pytest.mark.parametrize(
    ("slug", "label", "words"),
    [
        ("monthly", "Monthly", "every month"),
        ("every_2_months", "Every 2 Months", "every 2 months"),
        ("weekly", "Weekly", "every week"),
        ("biweekly", "Biweekly", "every 2 weeks"),
        ("every_10_days", "Every 10 Days", "every 10 days"),
        ("yearly", "Yearly", "every year"),
        ("unknown", "Every Full Moon", "Every Full Moon"),
        ("every", "Every...", "Every..."),
    ],
)
def test_frequency_words(slug, label, words):
    assert frequency_words(_item(frequency=slug, frequency_label=label)) == words


def test_frequency_words_in_spanish():
    with translation.override("es"):
        assert frequency_words(_item(frequency="every_2_months")) == "cada 2 meses"
        assert frequency_words(_item(frequency="monthly")) == "cada mes"


def test_status_words_never_break():
    ao = auto_order_from_json({"auto_order_oid": 1, "status": "teleported", "items": [{"paused": True}]})
    assert status_words(ao, resume_at=None).key == "unknown"
    assert status_words(ao, resume_at=None).label == "teleported"
    merged = replace(ao, status=AutoOrderStatus.MERGED)
    assert status_words(merged, resume_at=None).label == "Merged into another subscription"
    assert _item(quantity=Decimal(2)).quantity == 2


def test_the_pages_speak_spanish(sandbox, jane):
    page = jane.get("/account/subscriptions/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        "Tus suscripciones" in page and "cada mes" in page and "cada 2 meses" in page and "En pausa" in page
    )


def test_an_action_costs_two_calls_and_refreshes_the_cache(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/skip/"
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    token = review_token(jane, url)  # the confirmation page: the cached copy
    sandbox.clear_requests()
    jane.post(url, {"step": "confirm", "token": token})
    assert sandbox.operations() == ["getAutoOrder", "updateAutoOrder"]  # fresh read, then the write
    sandbox.clear_requests()
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    assert sandbox.operations() == []  # the write's answer is the new cached copy
