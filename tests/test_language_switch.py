"""The visible language switch: it remembers the choice, and an order page speaks it too."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_switch_remembers_the_choice(client):
    page = client.get("/account/sign-in/").content.decode()
    assert 'action="/i18n/setlang/"' in page and '<option value="es"' in page
    back = {"HTTP_REFERER": "http://testserver/account/sign-in/"}
    response = client.post("/i18n/setlang/", {"language": "es"}, **back)
    assert response.status_code == 302 and response["Location"] == "http://testserver/account/sign-in/"
    assert "Entra para ver tus pedidos" in client.get("/account/sign-in/").content.decode()


def test_it_needs_the_csrf_token(client):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "es"}).status_code == 403


def test_an_order_page_speaks_the_chosen_language(client, sandbox):
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    token = sandbox.token_for("DEMO-0009100012")  # an English order
    html = client.get("/thank-you/", {"OrderToken": token}).content.decode()
    assert '<html lang="es">' in html
