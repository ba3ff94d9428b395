"""/healthz: the status in public; the figures only with the health token or to staff."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from portal.ultracart import order_get

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = {"status", "database", "cache", "ultracart"}
STATES = {"ok", "degraded", "error"}
TOKEN = "health-token-for-tests-0123456789"


@pytest.fixture
def one_call_recorded(sandbox):
    order_get(order_id="DEMO-0009100012")  # so there are figures to show (a call this hour, a last call time)


def assert_public(response) -> None:
    assert response.status_code == 200
    body = json.loads(response.content)
    assert set(body) == PUBLIC_KEYS
    assert set(body.values()) <= STATES
    assert not re.search(r"\d", response.content.decode())  # no counts, no timestamps


def test_public_answer_is_the_status_only(client, one_call_recorded, settings):
    settings.PORTAL_HEALTH_TOKEN = TOKEN
    response = client.get("/healthz")
    assert_public(response)
    expected = {"status": "ok", "database": "ok", "cache": "ok", "ultracart": "ok"}
    assert json.loads(response.content) == expected


def test_the_health_token_gets_the_figures(client, one_call_recorded, settings):
    settings.PORTAL_HEALTH_TOKEN = TOKEN
    body = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert body["status"] == "ok"
    assert body["figures"]["ultracart"]["calls_this_hour"] >= 1
    assert body["figures"]["ultracart"]["last_ok_at"]


@pytest.mark.parametrize(
    "header", [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, "Bearer ", "Bearer"]
)
def test_a_wrong_token_gets_the_public_answer(client, one_call_recorded, settings, header):
    settings.PORTAL_HEALTH_TOKEN = TOKEN
    assert_public(client.get("/healthz", headers={"Authorization": header}))


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", ""])
def test_an_empty_setting_admits_no_token(client, one_call_recorded, settings, header):
    settings.PORTAL_HEALTH_TOKEN = ""
    assert_public(client.get("/healthz", headers={"Authorization": header}))


def test_staff_session_gets_the_figures(client, one_call_recorded):
    staff = get_user_model().objects.create_user("ops", password="pw-unused", is_staff=True)
    client.force_login(staff)
    body = client.get("/healthz").json()
    assert body["figures"]["ultracart"]["calls_this_hour"] >= 1


def test_a_signed_in_user_who_is_not_staff_gets_the_public_answer(client, one_call_recorded):
    client.force_login(get_user_model().objects.create_user("someone", password="pw-unused"))
    assert_public(client.get("/healthz"))


def test_the_answer_varies_on_authorization(client):
    assert "Authorization" in client.get("/healthz")["Vary"]


def test_cache_down_is_degraded_not_down(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
