"""The pages of the address, stop after, reactivate and order now actions: offered where they apply, with
the merchant's switch, to the owner only, one-time tokens, read-only while viewing as, UltraCart's limits in
the address form, the card update beside reactivating, and Spanish."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from portal.merchant.models import AuditEntry
from tests.sessions import client_sign_in, merchant_staff
from tests.subscriptions_helpers import ACTIVE, CANCELED, PAUSED, confirm, raw_auto_order, review_token
from tests.test_subscription_changes_address import MARIA, NEW_ADDRESS

pytestmark = pytest.mark.django_db
MERGED = 5006  # María's, merged into 5003
MINE = {
    "shipping_address": (ACTIVE, NEW_ADDRESS, "jane.doe@example.com"),
    "stop_after": (ACTIVE, {"orders": "2", "reason": "Moving"}, "jane.doe@example.com"),
    "order_now": (ACTIVE, None, "jane.doe@example.com"),
    "reactivate": (CANCELED, None, MARIA),
}
ORDER_SECTIONS = "billing,shipping,item,payment,summary,coupon,checkout,taxes,auto_order,internal"


def signed_in(email):
    return client_sign_in(Client(), email)


def detail(client, oid, **headers):
    return client.get(f"/account/subscriptions/{oid}/", **headers).content.decode()


def test_janes_active_subscription_offers_order_now_address_and_an_end(sandbox, jane):
    page = detail(jane, ACTIVE)
    for path in ("order_now", "shipping_address", "stop_after"):
        assert f'href="/account/subscriptions/{ACTIVE}/{path}/"' in page, path
    assert "/reactivate/" not in page
    assert 'data-address="ship-to"' in page and "42 Harbor View Rd" in page and "Portland OR 97205" in page


def test_a_paused_one_offers_the_address_and_an_end_but_not_order_now(sandbox, jane):
    page = detail(jane, PAUSED)
    assert f"/{PAUSED}/shipping_address/" in page and f"/{PAUSED}/stop_after/" in page
    assert (
        "/order_now/" not in page
        and jane.get(f"/account/subscriptions/{PAUSED}/order_now/").status_code == 409
    )


def test_marias_canceled_one_offers_to_reactivate_and_nothing_else_new(sandbox):
    page = detail(signed_in(MARIA), CANCELED)
    assert f'href="/account/subscriptions/{CANCELED}/reactivate/"' in page
    assert "/order_now/" not in page and "/shipping_address/" not in page and "/stop_after/" not in page


def test_a_merged_one_says_it_cannot_be_reactivated_and_offers_no_button(sandbox):
    maria = signed_in(MARIA)
    page = detail(maria, MERGED)
    assert "merged into another one, so it can't be reactivated" in page
    assert "/reactivate/" not in page
    refused = maria.get(f"/account/subscriptions/{MERGED}/reactivate/")
    assert refused.status_code == 409 and 'name="token"' not in refused.content.decode()


def test_reactivate_review_warns_about_missed_shipments_and_shows_the_new_date(sandbox):
    review = signed_in(MARIA).get(f"/account/subscriptions/{CANCELED}/reactivate/").content.decode()
    assert "otherwise the shipments missed while it was off could be billed at once" in review
    day = date_format(timezone.localdate() + timedelta(days=2), "DATE_FORMAT")
    assert f"Next charge</th><td>none</td><td><strong>{day}</strong>" in review
    assert f"your next shipment moves to {day}: otherwise" in review
    assert "/card/" not in review  # the card on file is good


def expire_card(sandbox, order_id):
    response = sandbox.api("GET", f"/order/orders/{order_id}", params={"_expand": ORDER_SECTIONS})
    order = response.json()["order"]
    order["payment"]["credit_card"].update(card_expiration_month=1, card_expiration_year=2020)
    sandbox.add_orders(order)


def test_an_expired_card_is_offered_for_update_beside_reactivating(sandbox):
    expire_card(sandbox, "DEMO-0009100002")
    maria = signed_in(MARIA)
    review = maria.get(f"/account/subscriptions/{CANCELED}/reactivate/").content.decode()
    assert "The card on file has expired." in review and 'data-card="expired"' in review
    assert f'href="/account/subscriptions/{CANCELED}/card/"' in review
    response = maria.get(f"/account/subscriptions/{CANCELED}/card/")
    assert response.status_code == 302 and "/update-billing/" in response["Location"]


@pytest.mark.parametrize("action", sorted(MINE))
def test_a_strangers_subscription_is_the_same_404_as_a_missing_one(sandbox, action):
    oid, _data, _owner = MINE[action]
    stranger = signed_in("obrien@example.com")
    theirs, missing = (
        stranger.get(f"/account/subscriptions/{oid}/{action}/"),
        stranger.get(f"/account/subscriptions/999999/{action}/"),
    )
    assert theirs.status_code == missing.status_code == 404
    assert "We couldn&#x27;t find that subscription" in theirs.content.decode()


@pytest.mark.parametrize("action", sorted(MINE))
def test_a_strangers_confirm_with_the_owners_token_changes_nothing(sandbox, action):
    oid, data, owner = MINE[action]
    token = review_token(signed_in(owner), f"/account/subscriptions/{oid}/{action}/", data)
    before = raw_auto_order(sandbox, oid)
    response = confirm(
        signed_in("obrien@example.com"), f"/account/subscriptions/{oid}/{action}/", data, token
    )
    assert response.status_code == 404
    assert raw_auto_order(sandbox, oid) == before
    entry = AuditEntry.objects.get(action=action)
    assert (entry.result, entry.email) == ("not_found", "obrien@example.com")


@pytest.mark.parametrize("action", sorted(MINE))
def test_a_forged_token_is_refused_and_a_used_one_acts_once(sandbox, action):
    oid, data, owner = MINE[action]
    customer, url = signed_in(owner), f"/account/subscriptions/{oid}/{action}/"
    before = raw_auto_order(sandbox, oid)
    forged = confirm(customer, url, data, token="forged")
    assert forged.status_code == 409 and "This form has expired" in forged.content.decode()
    assert raw_auto_order(sandbox, oid) == before
    token = review_token(customer, url, data)
    assert confirm(customer, url, data, token).status_code == 302
    after = raw_auto_order(sandbox, oid)
    sandbox.clear_requests()
    again = confirm(customer, url, data, token)
    assert again.status_code == 302 and "already handled" in detail(customer, oid)
    assert raw_auto_order(sandbox, oid) == after
    assert [e.result for e in AuditEntry.objects.filter(action=action).order_by("id")] == [
        "refused",
        "ok",
        "repeated",
    ]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("action", sorted(MINE))
def test_switched_off_it_is_not_offered_and_a_confirm_is_refused(sandbox, settings, action):
    oid, data, owner = MINE[action]
    customer, url = signed_in(owner), f"/account/subscriptions/{oid}/{action}/"
    token = review_token(customer, url, data)  # reviewed while it was on
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "resume", "skip", "reschedule", "cancel", "update_card"]
    assert f"/{action}/" not in detail(customer, oid)
    assert customer.get(url).status_code == 409
    before = raw_auto_order(sandbox, oid)
    response = confirm(customer, url, data, token)
    assert response.status_code == 409 and "isn&#x27;t available" in response.content.decode()
    assert raw_auto_order(sandbox, oid) == before
    assert mail.outbox == []


@pytest.mark.parametrize("action", sorted(MINE))
def test_read_only_while_viewing_as_the_customer(sandbox, client, action):
    oid, data, owner = MINE[action]
    client.force_login(merchant_staff("merchant", "view_as_customer"))
    assert client.post("/admin/view-as-customer/", {"email": owner}).status_code == 302
    assert f"/{action}/" not in detail(client, oid)
    before = raw_auto_order(sandbox, oid)
    sandbox.clear_requests()
    for response in (
        client.get(f"/account/subscriptions/{oid}/{action}/"),
        client.post(
            f"/account/subscriptions/{oid}/{action}/", {"step": "confirm", "token": "x", **(data or {})}
        ),
    ):
        assert response.status_code == 403 and "Read-only" in response.content.decode()
    assert not [r for r in sandbox.requests() if r["method"] == "PUT"]
    assert raw_auto_order(sandbox, oid) == before and mail.outbox == []


@pytest.mark.parametrize(
    ("field", "limit"), [("address1", 50), ("address2", 50), ("city", 32), ("postal_code", 20)]
)
def test_the_address_form_says_ultracarts_limits(sandbox, jane, field, limit):
    url = f"/account/subscriptions/{ACTIVE}/shipping_address/"
    too_long = {**NEW_ADDRESS, field: "x" * (limit + 1)}
    page = jane.post(url, {"step": "review", **too_long}).content.decode()
    assert f"Please use at most {limit} characters here (this has {limit + 1})." in page
    assert 'aria-invalid="true"' in page and 'name="token"' not in page
    # Posted straight to confirm (a hostile form): refused, audited by field name, nothing written.
    token = review_token(jane, url, NEW_ADDRESS)
    before = raw_auto_order(sandbox, ACTIVE)
    assert confirm(jane, url, too_long, token).status_code == 200
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert AuditEntry.objects.get(action="shipping_address").detail == f"invalid form: {field}"


def test_the_address_form_needs_a_two_letter_country_and_the_required_lines(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/shipping_address/"
    page = jane.post(
        url, {"step": "review", **NEW_ADDRESS, "country_code": "USA", "city": ""}
    ).content.decode()
    assert "Please use the two-letter country code, e.g. US or ES." in page
    assert "Please fill this in." in page


def test_an_email_posted_with_the_address_is_ignored(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/shipping_address/"
    hostile = {**NEW_ADDRESS, "email": "thief@example.com"}
    assert confirm(jane, url, hostile).status_code == 302
    raw = sandbox.api(
        "GET",
        f"/auto_order/auto_orders/{ACTIVE}",
        params={"_expand": "original_order.billing,original_order.shipping"},
    ).json()["auto_order"]["original_order"]
    assert raw["billing"]["email"] == "jane.doe@example.com" and "email" not in raw["shipping"]


def test_stop_after_needs_a_number_and_a_reason_from_the_lists(sandbox, jane):
    url = f"/account/subscriptions/{ACTIVE}/stop_after/"
    for data in ({"orders": "13", "reason": "Moving"}, {"orders": "2", "reason": "Because"}):
        page = jane.post(url, {"step": "review", **data}).content.decode()
        assert "Select a valid choice" in page and 'name="token"' not in page


def test_canceling_says_it_can_be_reactivated_only_when_the_merchant_allows_it(sandbox, jane, settings):
    url = f"/account/subscriptions/{ACTIVE}/cancel/"
    assert (
        "You can reactivate it from this page later."
        in jane.post(url, {"step": "review", "reason": "Moving"}).content.decode()
    )
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["cancel"]
    assert (
        "Canceling cannot be undone."
        in jane.post(url, {"step": "review", "reason": "Moving"}).content.decode()
    )


def test_order_now_is_not_offered_for_a_shipment_already_due_today(sandbox, jane):
    assert confirm(jane, f"/account/subscriptions/{ACTIVE}/order_now/").status_code == 302
    assert jane.get(f"/account/subscriptions/{ACTIVE}/order_now/").status_code == 409


def test_the_pages_and_emails_in_spanish(sandbox, jane):
    es = {"HTTP_ACCEPT_LANGUAGE": "es"}
    page = detail(jane, ACTIVE, **es)
    assert "Pedir ahora" in page and "Cambiar la dirección de envío" in page and "Se envía a" in page
    order_now = jane.get(f"/account/subscriptions/{ACTIVE}/order_now/", **es).content.decode()
    assert "sale con los pedidos de esta noche" in order_now
    address = jane.get(f"/account/subscriptions/{ACTIVE}/shipping_address/", **es).content.decode()
    assert "Código postal" in address
    review = jane.post(
        f"/account/subscriptions/{ACTIVE}/stop_after/",
        {"step": "review", "orders": "2", "reason": "Moving"},
        **es,
    ).content.decode()
    assert "2 envíos más" in review
    url = f"/account/subscriptions/{ACTIVE}/order_now/"
    jane.post(url, {"step": "confirm", "token": review_token(jane, url)}, **es)
    maria, url = signed_in(MARIA), f"/account/subscriptions/{CANCELED}/reactivate/"
    assert "Reactivar" in detail(maria, CANCELED, **es)
    review = maria.get(url, **es).content.decode()
    assert "se podrían cobrar de golpe los envíos" in review
    maria.post(url, {"step": "confirm", "token": review_token(maria, url)}, **es)
    assert [m.subject.split(" · ")[0] for m in mail.outbox] == [
        "Tu próximo envío sale esta noche",
        "Tu suscripción está reactivada",
    ]
    assert "sale con los pedidos de esta noche" in mail.outbox[0].body
    assert "vuelve a estar activa" in mail.outbox[1].body


def test_ending_after_n_shipments_needs_a_cancel_reason_in_the_settings():
    from tests.test_portal_settings import refused

    assert "at least one cancel reason" in refused(
        "subscription_cancel_reasons", subscription_actions=["stop_after"], subscription_cancel_reasons=""
    )
