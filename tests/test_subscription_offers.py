"""Issue 24's save offers against the sandbox over HTTP: the cancel page answers the reason, the discount, the
swap and the one-time add-on each change only their fields (the whole auto order JSON before and after), in
2 UltraCart calls, audited with the offer they came from, with an email in the customer's language."""

import re

import pytest
from django.core import mail
from django.utils.formats import date_format

from portal.merchant.actions import SubscriptionAction
from portal.merchant.models import AuditEntry
from portal.subscriptions import services
from portal.subscriptions.actors import Actor
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.registry import REGISTRY
from portal.ultracart import auto_order_get
from tests.subscriptions_helpers import ACTIVE, JANE, changed_fields, confirm, review_token

pytestmark = pytest.mark.django_db
WHOLE = "items,add_ons,original_order,original_order.billing,original_order.shipping"
BASE = f"/account/subscriptions/{ACTIVE}"
ITEM = 50011  # Jane's coffee on 5001


def whole(sandbox, oid=ACTIVE):
    """Everything a change could touch, as the sandbox stores it (derived schedules left out)."""
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": WHOLE}).json()["auto_order"]
    for item in raw.get("items", []):
        item.pop("future_schedules", None)
    return raw


def schedules(sandbox, oid=ACTIVE):
    body = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": "items.future_schedules"})
    return body.json()["auto_order"]["items"][0]["future_schedules"]


def act(client, sandbox, url, data=None):
    """Review, then confirm; returns the fields that changed and the UltraCart calls of the confirm alone."""
    token = review_token(client, url, data)
    before = whole(sandbox)
    sandbox.clear_requests()
    response = confirm(client, url, data, token=token)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{BASE}/"
    calls = sandbox.operations()
    return changed_fields(before, whole(sandbox)), calls


def cancel_review(client, reason):
    return client.post(f"{BASE}/cancel/", {"step": "review", "reason": reason}).content.decode()


def test_too_expensive_offers_the_discount_and_a_pause_and_records_what_was_shown(sandbox, jane):
    page = cancel_review(jane, "Too expensive")
    assert "Take 20% off your next 2 shipments" in page
    assert "$14.80 for your next 2 shipments, then back to $18.50" in page
    assert f'href="{BASE}/discount/?offer=Too+expensive"' in page
    assert (
        f'href="{BASE}/pause/?offer=Too+expensive"' in page and "Skip the next shipment instead" not in page
    )
    assert "No thanks, cancel subscription" in page  # one click away, on this very page
    shown = AuditEntry.objects.get(action="save_offer_shown")
    assert (shown.result, shown.email, shown.auto_order_oid) == ("ok", JANE, ACTIVE)
    assert shown.detail == "reason=Too expensive offers=discount,pause" and JANE not in shown.detail


def test_a_reason_the_map_leaves_out_gets_pause_and_skip(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_SAVE_OFFER_MAP = "Too expensive: discount"
    page = cancel_review(jane, "Other")
    assert "Pause instead" in page and "Skip the next shipment instead" in page and "Take 20%" not in page


def test_no_thanks_cancels_in_one_click_with_the_reason(sandbox, jane):
    url = f"{BASE}/cancel/"
    fields, calls = act(jane, sandbox, url, {"reason": "Too expensive"})
    assert {"enabled", "status", "cancel_reason", "canceled_by_user"} <= fields
    assert whole(sandbox)["cancel_reason"] == "Too expensive" and calls == ["getAutoOrder", "updateAutoOrder"]


def test_the_discount_writes_a_price_for_two_shipments_and_it_reverts_by_itself(sandbox, jane):
    assert "Take 20%" in cancel_review(jane, "Too expensive")
    url = f"{BASE}/discount/?offer=Too+expensive"
    review = jane.get(url).content.decode()
    assert "$18.50" in review and "$14.80 for your next 2 shipments, then back to $18.50" in review
    fields, calls = act(jane, sandbox, url)
    assert fields == {"items[].arbitrary_unit_cost", "items[].arbitrary_unit_cost_remaining_orders"}
    assert calls == ["getAutoOrder", "updateAutoOrder"]  # the item's list price was read on the review
    item = whole(sandbox)["items"][0]
    assert (item["arbitrary_unit_cost"], item["arbitrary_unit_cost_remaining_orders"]) == (14.8, 2)
    assert "arbitrary_percentage_discount" not in item
    assert [s["unit_cost"] for s in schedules(sandbox)[:4]] == [14.8, 14.8, 18.5, 18.5]
    entry = AuditEntry.objects.get(action="discount")
    assert entry.result == "ok" and "save offer for cancel reason 'Too expensive'" in entry.detail
    assert "unit_cost=14.80 orders=2 was=18.5" in entry.detail
    (message,) = mail.outbox
    assert "Your lower price is set" in message.subject and "$14.80 each" in message.body
    page = jane.get(f"{BASE}/").content.decode()
    assert "next 2 shipments are $14.80 each" in page
    assert "Take 20%" not in cancel_review(jane, "Too expensive")  # no second discount while one runs


def test_the_discount_is_only_a_save_offer(sandbox, jane):
    for url in (f"{BASE}/discount/", f"{BASE}/discount/?offer=Other", f"{BASE}/discount/?offer=Nope"):
        response = jane.get(url)
        assert (
            response.status_code == 409 and "This offer is made when you cancel" in response.content.decode()
        )
    before = whole(sandbox)
    token = review_token(jane, f"{BASE}/skip/")  # a real token, for another page
    response = jane.post(f"{BASE}/discount/", {"step": "confirm", "token": token})
    assert response.status_code == 409 and whole(sandbox) == before


def test_the_discount_in_spanish(sandbox, jane):
    url = f"{BASE}/discount/?offer=Too+expensive"
    review = jane.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "18,50\u00a0US$" in review and "14,80\u00a0US$ para tus próximos 2 envíos" in review
    token = re.search(r'name="token" value="([^"]+)"', review)
    assert token
    response = jane.post(url, {"step": "confirm", "token": token.group(1)}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Tu precio más bajo" in message.subject and "Gracias por quedarte" in message.body


def test_a_swap_writes_the_item_and_its_options(sandbox, jane):
    page = jane.get(f"{BASE}/swap/").content.decode()
    assert "Monthly Coffee Club – Kenya AA (12 oz) · $19.50" in page
    assert '<option value="Whole bean" selected>' in page  # the grind she has, kept by default
    data = {"choice": f"{ITEM}:COFFEE-KENYA", "option_0_0": "Drip"}
    review = jane.post(f"{BASE}/swap/", {"step": "review", **data}).content.decode()
    assert "Monthly Coffee Club – Kenya AA (12 oz) (Grind: Drip)" in review
    # Her price is kept on the item with no end (arbitrary_unit_cost), so UltraCart keeps charging it.
    assert "<td><strong>$18.50</strong></td>" in review
    fields, calls = act(jane, sandbox, f"{BASE}/swap/", data)
    assert fields == {"items[].arbitrary_item_id", "items[].options[].value"}  # Grind: Whole bean -> Drip
    assert calls == ["getAutoOrder", "updateAutoOrder"]
    item = whole(sandbox)["items"][0]
    assert item["arbitrary_item_id"] == "COFFEE-KENYA" and item["options"] == [
        {"label": "Grind", "value": "Drip"}
    ]
    assert {(s["item_id"], s["unit_cost"]) for s in schedules(sandbox)} == {("COFFEE-KENYA", 18.5)}
    assert "Swapped" in mail.outbox[0].subject or "swapped" in mail.outbox[0].subject
    detail = jane.get(f"{BASE}/").content.decode()
    assert "Monthly Coffee Club – Kenya AA (12 oz)" in detail  # what ships now
    back = jane.get(f"{BASE}/swap/").content.decode()
    assert "Ethiopia Yirgacheffe (12 oz) · $18.50" in back  # and it can be swapped back
    assert AuditEntry.objects.get(action="swap").detail == "item=COFFEE-MONTHLY to=COFFEE-KENYA options=1"


def test_a_swap_at_the_list_price_shows_the_new_items_price(sandbox, jane):
    raw = whole(sandbox)
    del raw["items"][0]["arbitrary_unit_cost"]
    sandbox.add_auto_orders({k: v for k, v in raw.items() if k != "original_order"})
    data = {"choice": f"{ITEM}:COFFEE-KENYA", "option_0_0": "Whole bean"}
    review = jane.post(f"{BASE}/swap/", {"step": "review", **data}).content.decode()
    assert "<td><strong>$19.50</strong></td>" in review
    act(jane, sandbox, f"{BASE}/swap/", data)
    assert {s["unit_cost"] for s in schedules(sandbox)} == {19.5}


def test_an_add_on_joins_the_next_shipment_and_the_existing_one_stays(sandbox, jane):
    raw = whole(sandbox)
    kept = {"item_id": "FILTERS-100", "quantity": 1, "next_x_orders": 3}
    sandbox.add_auto_orders({**{k: v for k, v in raw.items() if k != "original_order"}, "add_ons": [kept]})
    page = jane.get(f"{BASE}/add_on/").content.decode()
    assert "Insulated travel mug (12 oz) · $14.00" in page and "Paper filters, pack of 100 · $4.50" in page
    data = {"item": "MUG-TRAVEL", "option_1_0": "Sand", "quantity": "2"}
    review = jane.post(f"{BASE}/add_on/", {"step": "review", **data}).content.decode()
    next_day = auto_order_get(auto_order_oid=ACTIVE).next_shipment_at
    assert next_day is not None
    assert "Insulated travel mug (12 oz) (Colour: Sand) × 2" in review and "$28.00 (2 at $14.00)" in review
    assert date_format(next_day, "DATE_FORMAT") in review  # the shipment it goes with
    fields, calls = act(jane, sandbox, f"{BASE}/add_on/", data)
    assert fields == {"add_ons"} and calls == ["getAutoOrder", "updateAutoOrder"]
    mug = {
        "item_id": "MUG-TRAVEL",
        "quantity": 2,
        "next_x_orders": 1,
        "options": [{"label": "Colour", "value": "Sand"}],
    }
    assert whole(sandbox)["add_ons"] == [kept, mug]
    detail = jane.get(f"{BASE}/").content.decode()
    assert "Insulated travel mug (12 oz) (Colour: Sand)" in detail and "with your next shipment" in detail
    assert "Paper filters, pack of 100" in detail and "with your next 3 shipments" in detail
    assert "added to your next shipment" in mail.outbox[0].subject


def test_a_failed_write_changes_nothing_and_says_so(sandbox, jane):
    url = f"{BASE}/add_on/"
    data = {"item": "FILTERS-100", "quantity": "1"}
    token = review_token(jane, url, data)
    before = whole(sandbox)
    sandbox.fault(status=500, operations=["updateAutoOrder"])
    response = confirm(jane, url, data, token=token)
    sandbox.clear_faults()
    assert response.status_code == 503 and "nothing was changed" in response.content.decode()
    assert whole(sandbox) == before and mail.outbox == []
    assert AuditEntry.objects.get(action="add_on").result == "failed"


def test_a_target_off_the_swap_list_is_refused_by_the_service_too(sandbox, jane):
    """Past the form (which refuses it too): the plan checks the merchant's list itself."""
    before = whole(sandbox)
    reviewed = auto_order_get(auto_order_oid=ACTIVE)
    with pytest.raises(ActionRefused):
        services.action_perform(
            actor=Actor(email=JANE, client_address="127.0.0.1", language="en"), auto_order_oid=ACTIVE,
            entry=REGISTRY[SubscriptionAction.SWAP],
            data={"item_oid": ITEM, "item_id": "DECAF-MONTHLY", "options": ()},
            reviewed=reviewed, form_token=None,
        )  # fmt: skip
    assert whole(sandbox) == before and AuditEntry.objects.get(action="swap").result == "refused"


def test_the_add_on_price_comes_from_the_catalogue(sandbox, jane):
    data = {"item": "FILTERS-100", "quantity": "3"}
    review = jane.post(f"{BASE}/add_on/", {"step": "review", **data}).content.decode()
    assert "$13.50 (3 at $4.50)" in review
