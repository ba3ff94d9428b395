"""Update card is no dead end (issue 22, item 5): the subscription page shows the card on file, the button
says UltraCart's secure page opens, and the sandbox's stand-in for that page is in the customer's language,
records the new card's last four digits and expiry, and links back to the portal."""

import re

import pytest
import requests
from django.test import Client

from portal.ultracart.parsing_auto_orders import auto_order_from_json
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import ACTIVE, FAILED

pytestmark = pytest.mark.django_db


def card_on_file(client, oid: int) -> str:
    page = client.get(f"/account/subscriptions/{oid}/").content.decode()
    match = re.search(r'data-card="on-file">([^<]*)<', page)
    assert match, "no card on file on the page"
    return match.group(1)


def billing_page(jane, oid: int = ACTIVE, language: str = "en") -> tuple[str, requests.Response]:
    response = jane.get(f"/account/subscriptions/{oid}/card/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    url = response["Location"]
    return url, requests.get(url, timeout=5)


def test_the_page_shows_the_card_on_file_and_says_where_the_button_goes(sandbox, jane):
    assert card_on_file(jane, ACTIVE).startswith("Visa ending in 1111, expires 09/")
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Update card on UltraCart's secure page" in page


def test_the_card_is_parsed_from_the_original_orders_payment_and_nothing_more():
    auto_order = auto_order_from_json({
        "auto_order_oid": 1,
        "original_order": {"payment": {"credit_card": {
            "card_type": "AMEX", "card_number": "***********0005", "card_expiration_month": 13,
            "card_expiration_year": 2031, "card_number_token": "secret-token",
        }}},
    })  # fmt: skip
    assert auto_order.card is not None
    assert (auto_order.card.card_type, auto_order.card.last4) == ("AMEX", "0005")
    assert auto_order.card.expiration_month is None  # 13 is no month
    assert "secret-token" not in repr(auto_order)


def test_the_sandbox_page_is_in_the_customers_language_with_a_way_back(sandbox, jane):
    url, page = billing_page(jane, language="es")
    assert "lang=es" in url and "return=" in url
    assert page.status_code == 200 and '<html lang="es">' in page.text
    assert "Actualiza tu tarjeta" in page.text and "Volver a tu suscripción" in page.text
    assert f'href="http://testserver/account/subscriptions/{ACTIVE}/"' in page.text


def test_a_new_card_is_recorded_and_shown_on_the_way_back(sandbox, jane):
    jane.get(f"/account/subscriptions/{ACTIVE}/")  # the old card is cached now
    url, page = billing_page(jane)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text)
    assert ticket
    form = {"ticket": ticket.group(1), "number": "5555 5555 5555 4444", "month": "3", "year": "2031"}
    saved = requests.post(url, data=form, timeout=5)
    assert saved.status_code == 200 and "ending in 4444 is saved" in saved.text
    assert "5555 5555" not in saved.text
    assert card_on_file(jane, ACTIVE) == "Mastercard ending in 4444, expires 03/2031"


def test_the_sandbox_page_refuses_a_bad_or_forged_form_and_keeps_the_card(sandbox, jane):
    url, page = billing_page(jane)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)
    bad = requests.post(url, data={"ticket": ticket, "number": "12", "month": "1", "year": "2031"}, timeout=5)
    assert bad.status_code == 400 and "13 to 19 digits" in bad.text
    card = {"number": "4242424242424242", "month": "1", "year": "2031"}
    forged = requests.post(url, data={"ticket": "x", **card}, timeout=5)
    assert forged.status_code == 400 and "expired" in forged.text
    assert card_on_file(jane, ACTIVE).startswith("Visa ending in 1111")


def test_a_failed_charge_banner_says_where_the_button_goes(sandbox):
    obrien = client_sign_in(Client(), "obrien@example.com")
    page = obrien.get(f"/account/subscriptions/{FAILED}/").content.decode()
    assert "Update your card on UltraCart's secure page" in page
    assert card_on_file(obrien, FAILED)
