"""The admin's "Preview thank-you page": staff only, CSRF, audited; no snippet, no first view, no grant."""

import re
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client

from portal.merchant.models import AuditEntry
from portal.merchant.preview import preview_order_open
from portal.receipts.models import ConversionView
from tests.sessions import merchant_staff

pytestmark = pytest.mark.django_db
FORM = "/admin/preview-thank-you/"
PAGE = "/admin/preview-thank-you/page/"
ORDER = "DEMO-0009100012"
MARKER = "merchant-conversion-marker"
BANNER = "the customer sees this page without this banner; conversion tracking is off"


@pytest.fixture
def merchant_tracking(tmp_path, settings):
    """A merchant's filled-in conversion block (as in test_thank_you_conversion.py)."""
    partial = tmp_path / "receipts" / "partials" / "conversion_tracking.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<script nonce="{{ csp_nonce }}">window.conversion = "' + MARKER + '";</script>')
    templates: list[dict[str, Any]] = [dict(django_settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


@pytest.fixture
def staff(db) -> User:
    return merchant_staff("merchant", "preview_thank_you")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def open_preview(client, order_id=ORDER):
    return client.post(FORM, {"order_id": order_id})


def test_the_admin_index_links_to_it(staff_client):
    assert f'href="{FORM}"' in staff_client.get("/admin/").content.decode()


def test_the_preview_has_the_banner_and_no_snippet_and_records_no_first_view(
    staff_client, sandbox, merchant_tracking
):
    response = open_preview(staff_client)
    assert response.status_code == 302 and response["Location"].startswith(f"{PAGE}?p=")
    assert sandbox.operations() == ["generateOrderToken", "getOrderByToken"]
    page = staff_client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Merchant preview" in html and BANNER in html
    assert ORDER in html and "Thank you, Jane" in html  # the thank-you page itself, as the link shows it
    assert MARKER not in html
    assert not ConversionView.objects.exists()
    assert "no-store" in page["Cache-Control"] and page["X-Robots-Tag"] == "noindex"
    # The customer's own first view afterwards is still the counted one, with the snippet.
    customer = Client().get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert MARKER in customer.content.decode() and BANNER not in customer.content.decode()
    assert ConversionView.objects.filter(order_id=ORDER).count() == 1


def test_it_is_audited_with_the_staff_user_and_order_id(staff_client, sandbox):
    open_preview(staff_client)
    entry = AuditEntry.objects.get(action="merchant_preview")
    assert (entry.result, entry.order_id, entry.detail) == ("ok", ORDER, "staff=merchant")
    assert entry.client_address == "127.0.0.1"


def test_the_staff_browser_is_not_given_the_order(staff_client, sandbox):
    staff_client.get(open_preview(staff_client)["Location"])
    assert "order_grants" not in staff_client.session and "sign_in_email_hint" not in staff_client.session
    assert staff_client.get(f"/orders/{ORDER}/").status_code == 404
    assert staff_client.get(f"/orders/{ORDER}/invoice.pdf").status_code == 404


def test_the_preview_page_offers_no_working_actions(staff_client, sandbox):
    html = staff_client.get(open_preview(staff_client)["Location"]).content.decode()
    assert "/resend-receipt/" not in html and "invoice.pdf" not in html
    assert re.search(r'<button[^>]*type="button" disabled>', html)


def test_only_staff_may_open_the_form_or_a_preview(client, sandbox, staff):
    link = preview_order_open(order_id=ORDER, staff_id=staff.pk).signed
    sandbox.clear_requests()
    for response in (client.get(FORM), client.post(FORM, {"order_id": ORDER}), client.get(PAGE, {"p": link})):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create_user("shopper"))  # signed in, but not staff
    assert client.get(PAGE, {"p": link})["Location"].startswith("/admin/login/")
    assert sandbox.operations() == [] and not AuditEntry.objects.exists()


def test_staff_without_the_preview_permission_are_refused(client, sandbox):
    """Staff whose job is elsewhere in the admin (webhooks, say) must not read customers' orders."""
    other = merchant_staff("webhooks", "view_webhookdelivery", "view_as_customer")
    link = preview_order_open(order_id=ORDER, staff_id=other.pk).signed
    sandbox.clear_requests()
    client.force_login(other)
    for response in (client.get(FORM), client.post(FORM, {"order_id": ORDER}), client.get(PAGE, {"p": link})):
        assert response.status_code == 403
    assert sandbox.operations() == [] and not AuditEntry.objects.exists()
    assert f'href="{FORM}"' not in client.get("/admin/").content.decode()


def test_a_preview_link_is_for_its_staff_user_only_and_short_lived(staff_client, sandbox, staff):
    other = User.objects.create_user("colleague", is_staff=True)
    link = preview_order_open(order_id=ORDER, staff_id=other.pk).signed
    assert staff_client.get(PAGE, {"p": link})["Location"] == FORM
    assert staff_client.get(PAGE, {"p": link + "x"})["Location"] == FORM
    own = preview_order_open(order_id=ORDER, staff_id=staff.pk).signed
    with mock.patch("portal.merchant.preview.PREVIEW_MINUTES", -1):
        assert staff_client.get(PAGE, {"p": own})["Location"] == FORM
    assert staff_client.get(PAGE, {"p": own}).status_code == 200


def test_a_visitor_cannot_trigger_preview_behaviour(client, sandbox, merchant_tracking, staff):
    """No preview switch on the public page: query flags and planted session keys change nothing."""
    session = client.session
    session.update({"merchant_preview": True, "preview": ORDER, "_auth_user_id": str(staff.pk)})
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    token = sandbox.token_for(ORDER)
    html = client.get("/thank-you/", {"OrderToken": token, "preview": "1", "p": "x"}).content.decode()
    assert MARKER in html and "Merchant preview" not in html  # a real first view, counted
    assert ConversionView.objects.filter(order_id=ORDER).count() == 1


def test_csrf_is_required(sandbox, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(FORM, {"order_id": ORDER}).status_code == 403
    assert sandbox.operations() == [] and not AuditEntry.objects.exists()
    form = client.get(FORM).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert client.post(FORM, {"order_id": ORDER, "csrfmiddlewaretoken": token}).status_code == 302


def test_a_malformed_order_id_is_refused_on_the_form_without_a_call(staff_client, sandbox):
    response = open_preview(staff_client, "not an id!")
    assert response.status_code == 400 and "That is not an UltraCart order id." in response.content.decode()
    assert sandbox.operations() == [] and not AuditEntry.objects.exists()


def test_an_unknown_order_is_said_on_the_form(staff_client, sandbox):
    response = open_preview(staff_client, "DEMO-0000000404")
    assert (
        response.status_code == 404 and "UltraCart has no order DEMO-0000000404." in response.content.decode()
    )
    assert AuditEntry.objects.get(action="merchant_preview").result == "not_found"


@pytest.mark.parametrize("status", [500, 0])  # an error answer, and a dropped connection
def test_ultracart_down_is_said_on_the_form(staff_client, sandbox, settings, status):
    settings.ULTRACART_MAX_ATTEMPTS = 1
    sandbox.fault(status=status, operations=["generateOrderToken"])
    response = open_preview(staff_client)
    assert response.status_code == 503 and "UltraCart did not answer just now" in response.content.decode()
    assert AuditEntry.objects.get(action="merchant_preview").result == "unavailable"


def test_previews_use_up_no_shoppers_guessing_limits(staff_client, sandbox, settings):
    """Staff misses are not guesses: a shopper at the same address still gets their page afterwards."""
    settings.PORTAL_TOKEN_MISSES_PER_HOUR = 1
    settings.PORTAL_TOKEN_MISSES_PER_BLOCK = 2
    with mock.patch("portal.receipts.guard.token_lookup_reserve") as reserve:
        for n in range(5):
            assert open_preview(staff_client, f"DEMO-000000040{n}").status_code == 404
        assert reserve.call_count == 0
    shopper = Client().get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert shopper.status_code == 200


def test_an_old_order_is_previewed_as_its_link_shows_it_now_shortened(staff_client, sandbox):
    html = staff_client.get(open_preview(staff_client, "DEMO-0009100011")["Location"]).content.decode()
    assert "its link now shows the shortened page" in html
    assert "42 Harbor View Rd" not in html and "jane.doe@example.com" not in html
    fresh = staff_client.get(open_preview(staff_client)["Location"]).content.decode()
    assert "42 Harbor View Rd" in fresh and "shortened page" not in fresh
