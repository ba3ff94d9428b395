"""The admin's "View as customer": staff only, CSRF, audited, read-only; the staff session unchanged after."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.core.identity import VIEW_AS_SESSION_KEY
from portal.merchant.models import AuditEntry
from portal.receipts.models import ConversionView
from tests.sessions import client_sign_in, merchant_staff
from tests.subscriptions_helpers import ACTIVE, FAILED, JANE, PAUSED, raw_auto_order

pytestmark = pytest.mark.django_db
FORM = "/admin/view-as-customer/"
STOP = "/admin/view-as-customer/stop/"
JANES_ORDER = "DEMO-0009100012"
MARIAS_ORDER = "DEMO-0009100009"
SEAN = "obrien@example.com"
SEANS_ORDER = "DEMO-0009100007"
READ_ONLY = "Read-only: you are viewing as a customer"
# What acting as the customer would send to UltraCart: auto order writes, the receipt email, a card link.
WRITES = {"pauseAutoOrder", "updateAutoOrder", "resendReceipt", "getAutoOrderUpdateBillingUrl"}


@pytest.fixture
def staff(db) -> User:
    return merchant_staff("merchant", "view_as_customer")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def viewing(staff_client, sandbox):
    response = staff_client.post(FORM, {"email": "Jane.Doe@example.com"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    return staff_client


def plant(client: Client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()
    assert session.session_key is not None
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key


def test_the_admin_index_links_to_it(staff_client):
    assert f'href="{FORM}"' in staff_client.get("/admin/").content.decode()


def test_staff_see_the_customers_portal_under_a_banner(viewing):
    home = viewing.get("/account/").content.decode()
    assert "Viewing as <strong>jane.doe@example.com</strong>" in home and "Stop viewing" in home
    assert JANES_ORDER in home and f'action="{STOP}"' in home
    for path in (
        "/account/orders/",
        f"/orders/{JANES_ORDER}/",
        "/account/subscriptions/",
        f"/account/subscriptions/{ACTIVE}/",
    ):
        page = viewing.get(path)
        assert (
            page.status_code == 200
            and "Viewing as <strong>jane.doe@example.com</strong>" in page.content.decode()
        )
    assert viewing.get(f"/orders/{MARIAS_ORDER}/").status_code == 404  # still only Jane's orders


def test_start_and_every_page_are_audited_with_the_staff_user(viewing):
    start = AuditEntry.objects.get(action="view_as_start")
    assert (start.email, start.detail, start.client_address) == (JANE, "staff=merchant", "127.0.0.1")
    viewing.get("/account/")
    viewing.get(f"/orders/{JANES_ORDER}/")
    viewing.get(f"/account/subscriptions/{ACTIVE}/")
    pages = AuditEntry.objects.filter(action="view_as_page").order_by("id")
    assert [(p.detail, p.order_id, p.auto_order_oid) for p in pages] == [
        ("staff=merchant page=accounts:home", "", None),
        ("staff=merchant page=receipts:receipt", JANES_ORDER, None),
        ("staff=merchant page=subscriptions:detail", "", ACTIVE),
    ]
    assert {p.email for p in pages} == {JANE}
    assert {p.result for p in pages} == {"ok"}


def test_an_action_page_opened_while_viewing_as_is_audited_as_refused(viewing):
    assert viewing.get(f"/account/subscriptions/{ACTIVE}/pause/").status_code == 403
    page = AuditEntry.objects.filter(action="view_as_page").latest("id")
    assert (page.result, page.auto_order_oid) == ("refused", ACTIVE)


def test_the_pages_show_no_action_buttons_or_forms(viewing):
    detail = viewing.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    for action in ("pause", "skip", "reschedule", "cancel", "card"):
        assert f"/account/subscriptions/{ACTIVE}/{action}/" not in detail
    assert (
        f"/account/subscriptions/{PAUSED}/resume/"
        not in viewing.get(f"/account/subscriptions/{PAUSED}/").content.decode()
    )
    assert (
        f"/account/subscriptions/{FAILED}/card/"
        not in viewing.get(f"/account/subscriptions/{FAILED}/").content.decode()
    )
    receipt = viewing.get(f"/orders/{JANES_ORDER}/").content.decode()
    assert "/resend-receipt/" not in receipt
    assert "/account/sign-out/" not in receipt  # "Stop viewing" instead of "Sign out"
    # The same pages for Jane herself have them, so the checks above can fail.
    jane = client_sign_in(Client(), JANE)
    assert (
        f"/account/subscriptions/{ACTIVE}/pause/"
        in jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    )
    assert "/resend-receipt/" in jane.get(f"/orders/{JANES_ORDER}/").content.decode()


ACTION_REQUESTS = [
    (
        "post",
        f"/account/subscriptions/{ACTIVE}/pause/",
        {"step": "confirm", "mode": "indefinite", "token": "x"},
    ),
    (
        "post",
        f"/account/subscriptions/{ACTIVE}/pause/",
        {"step": "confirm", "mode": "until", "until": "2030-01-01"},
    ),
    ("post", f"/account/subscriptions/{PAUSED}/resume/", {"step": "confirm", "token": "x"}),
    ("post", f"/account/subscriptions/{ACTIVE}/skip/", {"step": "confirm", "token": "x"}),
    ("post", f"/account/subscriptions/{ACTIVE}/reschedule/", {"step": "confirm", "day": "2030-01-01"}),
    ("post", f"/account/subscriptions/{ACTIVE}/cancel/", {"step": "confirm", "reason": "Too much"}),
    ("post", f"/account/subscriptions/{ACTIVE}/pause/", {"step": "review", "mode": "indefinite"}),
    ("get", f"/account/subscriptions/{ACTIVE}/pause/", None),
    ("get", f"/account/subscriptions/{ACTIVE}/cancel/", None),
    ("get", f"/account/subscriptions/{FAILED}/card/", None),
    ("post", f"/orders/{JANES_ORDER}/resend-receipt/", {}),
    ("post", "/account/sign-in/", {"email": "someone@example.com"}),
    ("post", "/account/sign-in/code/", {"code": "123456"}),
]


@pytest.mark.parametrize(("method", "path", "data"), ACTION_REQUESTS)
def test_every_action_is_refused_with_no_write(viewing, sandbox, method, path, data):
    before = {oid: raw_auto_order(sandbox, oid) for oid in (ACTIVE, PAUSED, FAILED)}
    sandbox.clear_requests()
    response = getattr(viewing, method)(path, data or {})
    assert response.status_code == 403 and READ_ONLY in response.content.decode()
    assert "Viewing as <strong>jane.doe@example.com</strong>" in response.content.decode()
    assert not [r for r in sandbox.requests() if r["operation"] in WRITES or r["method"] in ("PUT", "DELETE")]
    assert {oid: raw_auto_order(sandbox, oid) for oid in before} == before
    assert mail.outbox == []
    assert not AuditEntry.objects.exclude(action__startswith="view_as").exists()


def test_a_refused_post_is_audited(viewing):
    viewing.post(f"/orders/{JANES_ORDER}/resend-receipt/")
    entry = AuditEntry.objects.get(action="view_as_refused")
    assert (entry.result, entry.email, entry.detail) == (
        "refused",
        JANE,
        "staff=merchant page=receipts:resend_receipt",
    )


def test_the_thank_you_link_while_viewing_as_is_no_first_view_and_no_grant(viewing, sandbox):
    page = viewing.get("/thank-you/", {"OrderToken": sandbox.token_for(JANES_ORDER)})
    assert page.status_code == 200 and not ConversionView.objects.exists()
    assert "order_grants" not in viewing.session and "sign_in_email_hint" not in viewing.session


def test_sign_out_ends_view_as_and_keeps_the_admin_sign_in(viewing):
    response = viewing.post("/account/sign-out/")
    assert response["Location"] == FORM
    assert VIEW_AS_SESSION_KEY not in viewing.session
    assert viewing.get("/admin/").status_code == 200
    assert viewing.get("/account/")["Location"].startswith("/account/sign-in/")
    assert AuditEntry.objects.get(action="view_as_stop").detail == "staff=merchant"


def test_the_admin_stays_the_staff_members_own_under_a_script_prefix(viewing):
    """Served under a prefix (SCRIPT_NAME /portal), "Stop viewing" and other admin POSTs still work."""
    response = viewing.post(STOP, SCRIPT_NAME="/portal")
    assert response.status_code == 302 and VIEW_AS_SESSION_KEY not in viewing.session


def test_stop_restores_the_staff_session_unchanged_and_nothing_leaks(staff_client, sandbox):
    """The staff member is also signed in as a customer (Sean) and holds a grant of one of Maria's orders."""
    staff_client.get("/thank-you/", {"OrderToken": sandbox.token_for(MARIAS_ORDER)})
    plant(staff_client, customer_email=SEAN)
    assert staff_client.get(f"/orders/{MARIAS_ORDER}/").status_code == 200
    before = dict(staff_client.session.items())  # as the view-as finds it (Sean's own pages may write to it)
    staff_client.post(FORM, {"email": JANE})
    assert SEANS_ORDER not in staff_client.get("/account/").content.decode()  # Sean's sign-in stays out
    assert staff_client.get(f"/orders/{SEANS_ORDER}/").status_code == 404
    assert staff_client.get(f"/orders/{MARIAS_ORDER}/").status_code == 404  # and so does the grant
    staff_client.post(STOP)
    assert dict(staff_client.session.items()) == before
    home = staff_client.get("/account/").content.decode()
    assert SEANS_ORDER in home and "Viewing as" not in home
    assert staff_client.get(f"/orders/{MARIAS_ORDER}/").status_code == 200  # the grant still works


def test_the_view_as_ends_by_itself_after_an_hour(viewing):
    value = dict(viewing.session[VIEW_AS_SESSION_KEY])
    value["at"] = (timezone.now() - timedelta(minutes=61)).isoformat()
    plant(viewing, **{VIEW_AS_SESSION_KEY: value})
    assert viewing.get("/account/")["Location"].startswith("/account/sign-in/")


def test_only_staff_may_start_it(client, sandbox):
    assert client.get(FORM)["Location"].startswith("/admin/login/")
    assert client.post(FORM, {"email": JANE})["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create_user("shopper"))
    assert client.post(FORM, {"email": JANE})["Location"].startswith("/admin/login/")
    assert VIEW_AS_SESSION_KEY not in client.session and not AuditEntry.objects.exists()


def test_staff_without_the_view_as_permission_are_refused(client, sandbox):
    """Staff whose job is elsewhere in the admin (webhooks, say) must not read customers' portals."""
    client.force_login(merchant_staff("webhooks", "view_webhookdelivery", "preview_thank_you"))
    assert client.get(FORM).status_code == 403 and client.post(FORM, {"email": JANE}).status_code == 403
    assert VIEW_AS_SESSION_KEY not in client.session and not AuditEntry.objects.exists()
    assert f'href="{FORM}"' not in client.get("/admin/").content.decode()


def test_a_withdrawn_permission_ends_the_view_as_at_once(viewing, staff):
    staff.user_permissions.clear()
    assert viewing.get("/account/")["Location"].startswith("/account/sign-in/")


def test_a_forged_session_key_gives_a_non_staff_visitor_nothing(client, sandbox, staff):
    value = {"email": JANE, "staff": staff.pk, "at": timezone.now().isoformat()}
    plant(client, **{VIEW_AS_SESSION_KEY: value})  # anonymous, naming a real staff user
    assert client.get("/account/")["Location"].startswith("/account/sign-in/")
    shopper = User.objects.create_user("shopper")
    client.force_login(shopper)
    plant(client, **{VIEW_AS_SESSION_KEY: {**value, "staff": shopper.pk}})  # signed in, not staff
    assert client.get("/account/")["Location"].startswith("/account/sign-in/")
    colleague = Client()
    colleague.force_login(User.objects.create_user("colleague", is_staff=True))
    plant(colleague, **{VIEW_AS_SESSION_KEY: value})  # staff, but someone else's view-as
    assert colleague.get("/account/")["Location"].startswith("/account/sign-in/")
    assert not AuditEntry.objects.exists()


def test_a_forged_key_does_not_block_a_customers_own_actions(client, sandbox, staff):
    client_sign_in(client, JANE)
    plant(
        client, **{VIEW_AS_SESSION_KEY: {"email": JANE, "staff": staff.pk, "at": timezone.now().isoformat()}}
    )
    page = client.get(f"/account/subscriptions/{ACTIVE}/pause/")
    assert page.status_code == 200 and "Viewing as" not in page.content.decode()


def test_csrf_is_required(sandbox, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(FORM, {"email": JANE}).status_code == 403
    assert VIEW_AS_SESSION_KEY not in client.session
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(FORM).content.decode()).group(
        1
    )
    assert client.post(FORM, {"email": JANE, "csrfmiddlewaretoken": token}).status_code == 302
    assert client.post(STOP).status_code == 403
    assert VIEW_AS_SESSION_KEY in client.session


def test_a_bad_email_is_said_on_the_form(staff_client):
    response = staff_client.post(FORM, {"email": "not-an-email"})
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()


def test_the_language_switch_still_works_while_viewing_as(viewing):
    response = viewing.post("/i18n/setlang/", {"language": "es", "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "Viendo como <strong>jane.doe@example.com</strong>" in viewing.get("/account/").content.decode()
