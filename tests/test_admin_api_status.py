"""The admin's API status page: credentials checked with one call, the budget, breakers, cache, errors."""

import pytest
from django.contrib.auth.models import User

from portal.ultracart import order_get

pytestmark = pytest.mark.django_db
URL = "/admin/api-status/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_user("merchant", is_staff=True, is_superuser=True))
    return client


def test_it_checks_the_credentials_with_one_call_and_shows_the_figures(staff_client, sandbox, settings):
    settings.ULTRACART_MAX_ATTEMPTS = 1
    sandbox.fault(status=500, operations=["getOrder"], count=1)
    with pytest.raises(Exception):
        order_get(order_id="DEMO-0009100001")
    sandbox.clear_requests()
    page = staff_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "accepted" in html and "Calls in the last hour" in html and "all closed" in html
    assert "getOrder" in html and "500" in html  # the recent error, with UltraCart's request id column
    assert sandbox.operations() == ["getAutoOrderCancelReasons"]


def test_refused_credentials_are_said(staff_client, sandbox, settings):
    settings.ULTRACART_API_KEY = "wrong-key"
    assert "refused" in staff_client.get(URL).content.decode()


def test_only_staff(client, sandbox):
    assert client.get(URL)["Location"].startswith("/admin/login/")
    assert sandbox.operations() == []


def test_the_admin_index_links_to_it(staff_client):
    assert 'href="/admin/api-status/"' in staff_client.get("/admin/").content.decode()
