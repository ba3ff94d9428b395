"""The admin: staff only, its path configurable, and its login limited per account and per address."""

import importlib

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        "merchant", password="right-horse-battery", is_staff=True, is_superuser=True
    )


def _login(client: Client, username: str, password: str, ip: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_whatever_the_address(staff):
    for n in range(4):
        assert _login(Client(), "merchant", "wrong", f"198.51.100.{n}").status_code == 200
    assert _login(Client(), "merchant", "wrong", "198.51.100.4").status_code == 429  # the fifth locks
    locked = _login(Client(), "merchant", "right-horse-battery", "192.0.2.1")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()


def test_five_wrong_passwords_lock_the_address_whatever_the_account(staff):
    for n in range(5):
        _login(Client(), f"guess{n}", "wrong", "203.0.113.5")
    assert _login(Client(), "merchant", "right-horse-battery", "203.0.113.5").status_code == 429
    assert _login(Client(), "merchant", "right-horse-battery", "203.0.113.6").status_code == 302


def test_a_right_password_resets_the_count(staff):
    for _ in range(4):
        _login(Client(), "merchant", "wrong", "203.0.113.7")
    assert _login(Client(), "merchant", "right-horse-battery", "203.0.113.7").status_code == 302
    for _ in range(4):
        _login(Client(), "merchant", "wrong", "203.0.113.8")
    assert _login(Client(), "merchant", "right-horse-battery", "203.0.113.9").status_code == 302


def test_customers_and_strangers_are_sent_to_the_admin_login(client):
    from tests.sessions import client_sign_in

    customer = client_sign_in(client, "jane.doe@example.com")
    assert customer.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admin_lists_webhook_deliveries_read_only(staff, client):
    client.force_login(staff)
    page = client.get("/admin/merchant/webhookdelivery/")
    assert page.status_code == 200
    assert client.get("/admin/merchant/webhookdelivery/add/").status_code == 403


def test_the_admin_path_is_a_setting(settings):
    import portal.urls

    settings.ADMIN_URL = "back-office-7f3a/"
    try:
        clear_url_caches()
        importlib.reload(portal.urls)
        assert Client().get("/back-office-7f3a/")["Location"].startswith("/back-office-7f3a/login/")
        assert Client().get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(portal.urls)
        clear_url_caches()
