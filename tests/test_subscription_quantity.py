"""Change quantity (issue 23): whole numbers within the merchant's bounds only, the new price per shipment as
an estimate in the page's language and the order's currency, only items[].arbitrary_quantity written, at most
2 UltraCart calls; refusals, ownership, switch, view-as, a failed write."""

import pytest
from django.core import mail
from django.test import Client

from portal.merchant.models import AuditEntry
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import (
    ACTIVE,
    CANCELED,
    changed_fields,
    confirm,
    raw_auto_order,
    review_token,
)

pytestmark = pytest.mark.django_db
URL = f"/account/subscriptions/{ACTIVE}/quantity/"
ITEM = 50011  # Jane's coffee, $18.50 a bag, quantity 1 of 1-4 (make run's item rules)
PROGRAM = 5005


def test_the_subscription_page_links_it(sandbox, jane):
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert f'href="{URL}?item={ITEM}"' in page and "Change quantity" in page


def test_the_form_shows_the_bounds_and_the_current_quantity(sandbox, jane):
    page = jane.get(f"{URL}?item={ITEM}").content.decode()
    assert 'name="quantity" value="1"' in page and 'min="1"' in page and 'max="4"' in page
    assert "A whole number from 1 to 4." in page


def test_review_estimates_the_price_per_shipment_then_only_the_quantity_is_written(sandbox, jane):
    data = {"item": ITEM, "quantity": "3"}
    review = jane.post(URL, {"step": "review", **data}).content.decode()
    assert "Quantity per shipment" in review
    assert "Estimated price per shipment, before tax and shipping" in review
    assert "<td>$18.50</td>" in review and "<td><strong>$55.50</strong></td>" in review
    before = raw_auto_order(sandbox, ACTIVE)
    token = review_token(jane, URL, data)
    sandbox.clear_requests()
    response = confirm(jane, URL, data, token=token)
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"
    assert sandbox.operations() == ["getAutoOrder", "updateAutoOrder"]
    after = raw_auto_order(sandbox, ACTIVE)
    assert changed_fields(before, after) == {"items[].arbitrary_quantity"}
    assert after["items"][0]["arbitrary_quantity"] == 3.0

    entry = AuditEntry.objects.get(action="quantity")
    assert (entry.result, entry.auto_order_oid, entry.detail) == ("ok", ACTIVE, f"item={ITEM} quantity=3")
    assert (entry.before["items"][0]["quantity"], entry.after["items"][0]["quantity"]) == ("1", "3")
    assert "new quantity" in mail.outbox[0].subject and "now brings 3 per shipment" in mail.outbox[0].body
    sandbox.clear_requests()
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Done. You now get 3 per shipment." in page and "× 3" in page
    jane.get(f"{URL}?item={ITEM}")
    assert sandbox.operations() == []  # revisiting costs no call: the write refreshed our copy


@pytest.mark.parametrize("quantity", ["0", "2.5", "99", "abc", "", "-1"])
def test_anything_but_a_whole_number_within_bounds_is_refused_with_a_clear_message(sandbox, jane, quantity):
    token = review_token(jane, URL, {"item": ITEM, "quantity": "2"})
    before = raw_auto_order(sandbox, ACTIVE)
    review = jane.post(URL, {"step": "review", "item": ITEM, "quantity": quantity}).content.decode()
    assert "Please enter a whole number from 1 to 4." in review and "What will change" not in review
    forged = jane.post(URL, {"step": "confirm", "token": token, "item": ITEM, "quantity": quantity})
    assert forged.status_code == 200 and "Please enter a whole number from 1 to 4." in forged.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert AuditEntry.objects.get(action="quantity").result == "refused"


def test_the_same_quantity_is_not_a_change(sandbox, jane):
    review = jane.post(URL, {"step": "review", "item": ITEM, "quantity": "1"}).content.decode()
    assert "That&#x27;s the quantity you get now." in review


def test_an_item_the_merchant_gives_no_bounds_is_not_offered_it(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_ITEM_RULES = "COFFEE-MONTHLY: frequencies=Monthly, Weekly"
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Change quantity" not in page and "Change how often" in page
    assert jane.get(URL).status_code == 409


def test_an_item_not_offered_on_this_auto_order_is_refused(sandbox, jane):
    before = raw_auto_order(sandbox, ACTIVE)
    for item in ("50051", "999", "x"):
        review = jane.post(URL, {"step": "review", "item": item, "quantity": "2"}).content.decode()
        assert "That item can&#x27;t be changed here." in review and "What will change" not in review
    assert raw_auto_order(sandbox, ACTIVE) == before


def test_the_merchants_switch_off_hides_it_and_refuses_the_post(sandbox, jane, settings):
    data = {"item": ITEM, "quantity": "2"}
    token = review_token(jane, URL, data)
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "frequency"]
    assert "Change quantity" not in jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert jane.get(URL).status_code == 409
    before = raw_auto_order(sandbox, ACTIVE)
    assert confirm(jane, URL, data, token=token).status_code == 409
    assert raw_auto_order(sandbox, ACTIVE) == before


def test_someone_elses_auto_order_is_not_found(sandbox, jane):
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    assert maria.get(f"{URL}?item={ITEM}").status_code == 404
    assert jane.get(f"/account/subscriptions/{CANCELED}/quantity/").status_code == 404
    token = review_token(jane, URL, {"item": ITEM, "quantity": "2"})
    before = raw_auto_order(sandbox, ACTIVE)
    stolen = maria.post(URL, {"step": "confirm", "token": token, "item": ITEM, "quantity": "2"})
    assert stolen.status_code == 404 and raw_auto_order(sandbox, ACTIVE) == before


def test_a_forged_or_reused_token_is_refused(sandbox, jane):
    data = {"item": ITEM, "quantity": "2"}
    before = raw_auto_order(sandbox, ACTIVE)
    assert confirm(jane, URL, data, token="forged").status_code == 409
    assert raw_auto_order(sandbox, ACTIVE) == before
    token = review_token(jane, URL, data)
    assert confirm(jane, URL, data, token=token).status_code == 302
    assert confirm(jane, URL, {**data, "quantity": "4"}, token=token).status_code == 302
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["arbitrary_quantity"] == 2.0
    assert sandbox.operations().count("updateAutoOrder") == 1


def test_a_confirm_reviewed_on_another_quantity_is_refused(sandbox, jane):
    """Another tab changed the quantity after this review (the fingerprint holds it): nothing written."""
    token = review_token(jane, URL, {"item": ITEM, "quantity": "2"})
    assert confirm(jane, URL, {"item": ITEM, "quantity": "4"}).status_code == 302
    response = confirm(jane, URL, {"item": ITEM, "quantity": "2"}, token=token)
    assert response.status_code == 409 and "changed meanwhile" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["arbitrary_quantity"] == 4.0


def test_a_failed_ultracart_write_changes_nothing_and_says_so(sandbox, jane):
    data = {"item": ITEM, "quantity": "2"}
    token = review_token(jane, URL, data)
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.fault(status=500, operations=["updateAutoOrder"])
    response = confirm(jane, URL, data, token=token)
    sandbox.clear_faults()
    assert response.status_code == 503 and "nothing was changed" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(action="quantity")
    assert entry.result == "failed" and entry.after == {} and mail.outbox == []


def test_in_spanish_the_estimate_is_written_the_spanish_way(sandbox, jane):
    jane.cookies["django_language"] = "es"
    review = jane.post(URL, {"step": "review", "item": ITEM, "quantity": "3"}).content.decode()
    assert "Precio estimado por envío" in review and "Cantidad por envío" in review
    assert "<td><strong>55,50\u00a0US$</strong></td>" in review
    assert confirm(jane, URL, {"item": ITEM, "quantity": "3"}).status_code == 302
    assert "3 por envío" in mail.outbox[0].body
