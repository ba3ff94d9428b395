"""The customer's chosen language wins over the order's; the order's applies only when nobody chose."""

import io

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from portal.core.models import CustomerLanguage
from tests.sessions import client_sign_in

pytestmark = pytest.mark.django_db

MARIA = "maria.garcia@example.es"
MARIA_USD = "DEMO-0009100005"  # an English-language USD order: 2 x 7.90
MARIA_EUR = "DEMO-0009100009"  # her Spanish EUR order
SPANISH_BROWSER = {"Accept-Language": "es-ES,es;q=0.9"}


def choose(client: Client, language: str) -> None:
    back = {"Referer": "http://testserver/account/"}
    assert client.post("/i18n/setlang/", {"language": language}, headers=back).status_code == 302


def test_without_a_choice_an_order_page_speaks_the_orders_language(client, sandbox):
    client_sign_in(client, MARIA)
    html = client.get(f"/orders/{MARIA_USD}/", headers=SPANISH_BROWSER).content.decode()
    assert '<html lang="en">' in html and "Need help?" in html


def test_a_chosen_language_wins_over_the_orders(client, sandbox):
    client_sign_in(client, MARIA)
    choose(client, "es")
    response = client.get(f"/orders/{MARIA_USD}/", headers=SPANISH_BROWSER)
    html = response.content.decode()
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in html and "¿Necesitas ayuda?" in html and "Need help?" not in html
    assert '<option value="es" selected' in html  # the picker shows what the page speaks
    # USD in Spanish number format, as the EUR amounts already are; never "$15.80" on a Spanish page.
    assert "15,80\u00a0US$" in html and "$15.80" not in html
    # UltraCart's receipt exists in the order's language only: the page lists the items in Spanish instead.
    assert "Artículos" in html


def test_english_chosen_on_a_spanish_order(client, sandbox):
    client_sign_in(client, MARIA)
    choose(client, "en")
    html = client.get(f"/orders/{MARIA_EUR}/", headers=SPANISH_BROWSER).content.decode()
    assert '<html lang="en">' in html and "Need help?" in html
    assert "€" in html and ",50\u00a0€" not in html  # "€12.50", as English writes euros


def test_the_invoice_speaks_the_chosen_language(client, sandbox, invoice_renders):
    client_sign_in(client, "jane.doe@example.com")
    choose(client, "es")
    response = client.get("/orders/DEMO-0009100011/invoice.pdf")
    assert response.status_code == 200
    assert invoice_renders.call_args.kwargs["language"] == "es"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Factura" in text and "US$" in text


def test_a_signed_in_customers_choice_follows_them_to_another_device(client, sandbox):
    client_sign_in(client, MARIA)
    choose(client, "es")
    assert CustomerLanguage.objects.get().language == "es"
    other_device = client_sign_in(Client(), MARIA)
    response = other_device.get(f"/orders/{MARIA_USD}/")
    assert '<html lang="es">' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"  # asked once per device
    choose(other_device, "en")
    assert '<html lang="en">' in client_sign_in(Client(), MARIA).get("/account/").content.decode()


def test_a_visitor_who_is_not_signed_in_keeps_no_choice_on_the_server(client, sandbox):
    choose(client, "es")
    assert not CustomerLanguage.objects.exists()
