"""Redirects repeat the token or order id in Location: never stored; /thank-you needs no redirect at all."""

from urllib.parse import quote

import pytest
from django.http import HttpResponseNotModified
from django.urls import path

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"


def test_https_redirect_with_a_token_is_not_stored(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/thank-you/", {"OrderToken": "DEMO:AbC/dEf+GhI="})
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert "OrderToken=" in response["Location"]  # why it must not be stored
    assert response["Cache-Control"] == "no-store"


def test_thank_you_without_the_slash_is_served_directly(client, sandbox):
    token = sandbox.token_for(ORDER)
    response = client.get(f"/thank-you?OrderToken={quote(token, safe='')}")
    assert response.status_code == 200
    assert "Thank you, Jane" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_missing_slash_redirect_for_an_order_is_not_stored(client):
    response = client.get(f"/orders/{ORDER}")
    assert response.status_code == 301
    assert response["Location"] == f"/orders/{ORDER}/"
    assert response["Cache-Control"] == "no-store"


def test_a_redirect_that_sets_its_own_cache_control_keeps_it(client):
    # The favicon carries no order data and may be cached for a day.
    assert client.get("/favicon.ico")["Cache-Control"] == "public, max-age=86400"


urlpatterns = [path("not-modified", lambda request: HttpResponseNotModified())]


@pytest.mark.urls("tests.test_redirects_no_store")
def test_not_modified_is_no_redirect_and_keeps_its_freshness(client):
    # A 304 has no Location: no-store on it would make the browser drop the copy it is told to keep.
    response = client.get("/not-modified")
    assert response.status_code == 304
    assert not response.has_header("Cache-Control")
