"""The discount, swap and add-on pages are as safe as every action's: someone else's subscription is the same
404 as a missing one, a choice off the merchant's lists is refused even when posted by hand, a forged or
used token acts never or once, view-as is read-only, the merchant's switches hide them, and an offer the
portal cannot make is simply not shown."""

import pytest
from django.core import mail
from django.test import Client

from portal.merchant.models import AuditEntry
from portal.subscriptions import registry
from tests.sessions import client_sign_in, merchant_staff
from tests.subscriptions_helpers import CANCELED, confirm, review_token
from tests.test_subscription_offers import BASE, ITEM, cancel_review, whole

pytestmark = pytest.mark.django_db
PROGRAM = 5005  # Seán's multi-step tasting program
PAGES = ["discount/?offer=Too+expensive", "swap/", "add_on/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_strangers_subscription_is_the_same_404_as_a_missing_one(sandbox, jane, path):
    stranger, missing = (
        jane.get(f"/account/subscriptions/{CANCELED}/{path}"),
        jane.get(f"/account/subscriptions/9/{path}"),
    )
    assert stranger.status_code == missing.status_code == 404


def test_a_strangers_confirm_changes_nothing(sandbox, jane):
    token = review_token(jane, f"{BASE}/add_on/", {"item": "FILTERS-100", "quantity": "1"})
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    before = whole(sandbox)
    response = maria.post(
        f"{BASE}/add_on/", {"step": "confirm", "token": token, "item": "FILTERS-100", "quantity": "1"}
    )
    assert response.status_code == 404 and whole(sandbox) == before
    assert AuditEntry.objects.get(email="maria.garcia@example.es").result == "not_found"


def test_a_swap_target_off_the_list_is_refused_even_posted_by_hand(sandbox, jane):
    before = whole(sandbox)
    token = review_token(jane, f"{BASE}/swap/", {"choice": f"{ITEM}:COFFEE-KENYA", "option_0_0": "Drip"})
    data = {"step": "confirm", "token": token, "choice": f"{ITEM}:DECAF-MONTHLY", "option_0_0": "Drip"}
    response = jane.post(f"{BASE}/swap/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert whole(sandbox) == before and mail.outbox == []
    entry = AuditEntry.objects.get(action="swap")
    assert (entry.result, entry.detail) == ("refused", "invalid form: choice")


@pytest.mark.parametrize(
    "data",
    [{"item": "DECAF-MONTHLY", "quantity": "1"}, {"item": "FILTERS-100", "quantity": "6"},
     {"item": "MUG-TRAVEL", "quantity": "1", "option_1_0": "Chartreuse"}],
)  # fmt: skip
def test_an_add_on_off_the_list_or_out_of_bounds_is_refused(sandbox, jane, data):
    before = whole(sandbox)
    token = review_token(jane, f"{BASE}/add_on/", {"item": "FILTERS-100", "quantity": "1"})
    response = jane.post(f"{BASE}/add_on/", {"step": "confirm", "token": token, **data})
    assert response.status_code == 200 and whole(sandbox) == before
    assert AuditEntry.objects.get(action="add_on").result == "refused"


def test_a_forged_token_is_refused_and_a_used_one_acts_once(sandbox, jane):
    url = f"{BASE}/discount/?offer=Too+expensive"
    forged = jane.post(url, {"step": "confirm", "token": "forged"})
    assert forged.status_code == 409 and "This form has expired" in forged.content.decode()
    token = review_token(jane, url)
    assert confirm(jane, url, token=token).status_code == 302
    after = whole(sandbox)
    again = confirm(jane, url, token=token)
    assert again.status_code == 302 and whole(sandbox) == after
    results = list(
        AuditEntry.objects.filter(action="discount").order_by("id").values_list("result", flat=True)
    )
    assert results == ["refused", "ok", "repeated"] and len(mail.outbox) == 1


def test_never_on_a_multi_step_program(sandbox, settings):
    settings.PORTAL_SUBSCRIPTION_ITEM_RULES = "TASTING-TRIO: swap=COFFEE-KENYA"
    sean = client_sign_in(Client(), "obrien@example.com")
    assert "/swap/" not in sean.get(f"/account/subscriptions/{PROGRAM}/").content.decode()
    assert sean.get(f"/account/subscriptions/{PROGRAM}/swap/").status_code == 409
    assert sean.get(f"/account/subscriptions/{PROGRAM}/discount/?offer=Too+expensive").status_code == 409


def test_the_merchants_switches_hide_them(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "skip", "cancel"]
    page = jane.get(f"{BASE}/").content.decode()
    assert "/swap/" not in page and "/add_on/" not in page
    for path in PAGES:
        assert jane.get(f"{BASE}/{path}").status_code == 409
    review = cancel_review(jane, "Too expensive")
    assert "Take 20%" not in review and "Pause instead" in review


def test_the_save_offers_switch_turns_every_offer_off(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_SAVE_OFFERS = False
    review = cancel_review(jane, "Too expensive")
    assert (
        "Pause instead" not in review
        and "Take 20%" not in review
        and ">Cancel subscription</button>" in review
    )
    assert not AuditEntry.objects.filter(action="save_offer_shown").exists()


def test_an_offer_without_a_page_or_not_allowed_now_is_not_shown(sandbox, jane, settings, monkeypatch):
    settings.PORTAL_SUBSCRIPTION_SAVE_OFFER_MAP = "Other: skip, pause, swap"
    monkeypatch.delitem(registry.PAGES, "skip")  # as an action another branch has not built yet
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "skip", "cancel"]  # swap switched off
    review = cancel_review(jane, "Other")
    assert (
        "Pause instead" in review
        and "Skip the next shipment" not in review
        and "another product" not in review
    )
    assert AuditEntry.objects.get(action="save_offer_shown").detail == "reason=Other offers=pause"


def test_a_pause_taken_from_the_offer_records_the_reason(sandbox, jane):
    url = f"{BASE}/pause/?offer=Too+expensive"
    assert 'name="offer" value="Too expensive"' in jane.get(url).content.decode()
    response = confirm(jane, url, {"mode": "indefinite"})
    assert response.status_code == 302
    assert "save offer for cancel reason 'Too expensive'" in AuditEntry.objects.get(action="pause").detail


@pytest.fixture
def viewing(client, sandbox):
    client.force_login(merchant_staff("merchant", "view_as_customer"))
    assert client.post("/admin/view-as-customer/", {"email": "jane.doe@example.com"}).status_code == 302
    return client


@pytest.mark.parametrize("path", PAGES)
def test_view_as_is_refused_with_no_write(viewing, sandbox, path):
    before = whole(sandbox)
    assert viewing.get(f"{BASE}/{path}").status_code == 403
    assert viewing.post(f"{BASE}/{path}", {"step": "confirm", "token": "x"}).status_code == 403
    assert whole(sandbox) == before and mail.outbox == []
    assert "/swap/" not in viewing.get(f"{BASE}/").content.decode()


def test_the_pages_cost_few_calls(sandbox, jane):
    """Cold: the subscription (1) and each item shown (1 each, cached an hour); warm: none."""
    sandbox.clear_requests()
    jane.get(f"{BASE}/swap/")
    assert sandbox.operations() == ["getAutoOrder", "getItemByMerchantItemId"]
    sandbox.clear_requests()
    jane.get(f"{BASE}/add_on/")
    assert sandbox.operations() == ["getItemByMerchantItemId", "getItemByMerchantItemId"]
    sandbox.clear_requests()
    cancel_review(jane, "Too expensive")  # the discount's list price
    assert sandbox.operations() == ["getItemByMerchantItemId"]
    sandbox.clear_requests()
    jane.get(f"{BASE}/swap/"), jane.get(f"{BASE}/add_on/"), cancel_review(jane, "Too expensive")
    assert sandbox.operations() == []
