"""Change how often (issue 23): only the merchant's frequencies for the item, the next dates shown before
confirming and equal to what UltraCart dates after the write, only items[].frequency (and
arbitrary_schedule_days) written, at most 2 UltraCart calls; refusals, ownership, switch, view-as."""

import itertools
import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client

from portal import ultracart
from portal.core.formatting import day_text
from portal.merchant.models import AuditEntry
from portal.subscriptions.frequency_flows import frequency_next_dates
from portal.subscriptions.item_choices import ItemChange
from portal.subscriptions.summaries import auto_order_fingerprint
from portal.subscriptions.tokens import form_token_issue
from tests.sessions import client_sign_in
from tests.subscriptions_helpers import (
    ACTIVE,
    CANCELED,
    PAUSED,
    changed_fields,
    confirm,
    raw_auto_order,
    review_token,
)

pytestmark = pytest.mark.django_db
URL = f"/account/subscriptions/{ACTIVE}/frequency/"
ITEM = 50011  # Jane's coffee: Weekly, Biweekly, Monthly, Every 2 Months, Every... (make run's item rules)
PROGRAM = 5005  # Seán's tasting program: a fixed multi-step schedule, no frequency


def schedule_dates(sandbox, oid=ACTIVE) -> list[datetime]:
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{oid}", params={"_expand": "items.future_schedules"})
    return [
        datetime.fromisoformat(s["shipment_dts"])
        for s in raw.json()["auto_order"]["items"][0]["future_schedules"]
    ]


def choices(page: str) -> list[str]:
    return re.findall(r'name="frequency" value="([^"]+)"', page)


def test_the_subscription_page_links_each_offered_item(sandbox, jane):
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert f'href="{URL}?item={ITEM}"' in page and "Change how often" in page


def test_only_the_merchants_frequencies_in_plain_words(sandbox, jane):
    page = jane.get(f"{URL}?item={ITEM}").content.decode()
    assert choices(page) == ["Weekly", "Biweekly", "Monthly", "Every 2 Months", "Every..."]
    assert "Every 2 months" in page and "Every month (now)" in page and "Every 2 weeks" in page
    assert 'value="Monthly" required id="id_frequency_2" checked' in page or "checked" in page
    assert 'name="every_days"' in page and 'min="7"' in page and 'max="180"' in page


def test_review_shows_the_next_dates_that_ultracart_then_schedules(sandbox, jane):
    before_dates = schedule_dates(sandbox)
    data = {"item": ITEM, "frequency": "Every 2 Months"}
    review = jane.post(URL, {"step": "review", **data}).content.decode()
    assert "What will change" in review and "Every month" in review and "Every 2 months" in review
    item = ultracart.auto_order_get(auto_order_oid=ACTIVE).items[0]
    expected = frequency_next_dates(item, ItemChange(ITEM, frequency="Every 2 Months"))
    assert len(expected) == 3 and expected[0] == before_dates[0]  # the next shipment keeps its date
    assert "<br>".join(day_text(d) for d in expected) in review  # one date a line
    assert "<br>".join(day_text(d) for d in before_dates[:3]) in review  # what UltraCart has now

    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.clear_requests()
    response = confirm(jane, URL, data, token=review_token(jane, URL, data))
    assert response.status_code == 302 and response["Location"] == f"/account/subscriptions/{ACTIVE}/"
    assert sandbox.operations() == ["getAutoOrder", "updateAutoOrder"]  # the page views cost none
    assert changed_fields(before, raw_auto_order(sandbox, ACTIVE)) == {"items[].frequency"}
    assert tuple(schedule_dates(sandbox)[:3]) == expected  # our arithmetic is UltraCart's

    entry = AuditEntry.objects.get(action="frequency")
    assert (entry.result, entry.email, entry.auto_order_oid) == ("ok", "jane.doe@example.com", ACTIVE)
    assert entry.before["items"][0]["frequency"] == "Monthly"
    assert entry.after["items"][0]["frequency"] == "Every 2 Months"
    assert "frequency=Every 2 Months" in entry.detail
    assert "new frequency" in mail.outbox[0].subject and "now ships every 2 months" in mail.outbox[0].body
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Done. It now ships every 2 months." in page and "every 2 months" in page


def test_every_n_days_writes_the_days_too(sandbox, jane):
    before = raw_auto_order(sandbox, ACTIVE)
    data = {"item": ITEM, "frequency": "Every...", "every_days": "21"}
    review = jane.post(URL, {"step": "review", **data}).content.decode()
    assert "Every 21 days" in review
    assert confirm(jane, URL, data).status_code == 302
    after = raw_auto_order(sandbox, ACTIVE)
    assert changed_fields(before, after) == {"items[].frequency", "items[].arbitrary_schedule_days"}
    assert (after["items"][0]["frequency"], after["items"][0]["arbitrary_schedule_days"]) == ("Every...", 21)
    dates = schedule_dates(sandbox)
    assert {b - a for a, b in itertools.pairwise(dates)} == {timedelta(days=21)}
    assert "every 21 days" in jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()


@pytest.mark.parametrize("days", ["", "6", "181", "2.5", "abc"])
def test_every_n_days_out_of_bounds_is_refused_with_a_clear_message(sandbox, jane, days):
    data = {"item": ITEM, "frequency": "Every...", "every_days": days}
    review = jane.post(URL, {"step": "review", **data})
    assert "Please enter a whole number of days from 7 to 180." in review.content.decode()
    assert 'value="review"' in review.content.decode() and "What will change" not in review.content.decode()


def test_a_frequency_outside_the_merchants_list_is_refused_even_posted_by_hand(sandbox, jane):
    token = review_token(jane, URL, {"item": ITEM, "frequency": "Weekly"})
    before = raw_auto_order(sandbox, ACTIVE)
    for forged in ("Yearly", "Every 3 Months", "Fortnightly"):
        response = jane.post(URL, {"step": "confirm", "token": token, "item": ITEM, "frequency": forged})
        assert response.status_code == 200 and "What will change" not in response.content.decode()
        assert "is not one of the available choices" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert {e.result for e in AuditEntry.objects.filter(action="frequency")} == {"refused"}


def test_the_plan_refuses_a_frequency_the_form_never_offered(sandbox):
    """The server decides: the flow's own check, whatever reaches it."""
    from portal.merchant.config import portal_settings_get
    from portal.subscriptions.errors import ActionRefused
    from portal.subscriptions.frequency_flows import frequency_plan

    auto_order = ultracart.auto_order_get(auto_order_oid=ACTIVE)
    config = portal_settings_get()
    refused = (
        {"item": ITEM, "frequency": "Yearly"},  # not in the merchant's list
        {"item": 99, "frequency": "Weekly"},  # no such item
        {"item": ITEM, "frequency": "Every...", "every_days": 400},  # beyond the bounds
        {"item": ITEM, "frequency": "Monthly"},  # what it is now
    )
    for data in refused:
        with pytest.raises(ActionRefused):
            frequency_plan(auto_order=auto_order, data=data, config=config)


def test_the_current_frequency_is_not_a_change(sandbox, jane):
    review = jane.post(URL, {"step": "review", "item": ITEM, "frequency": "Monthly"}).content.decode()
    assert "That&#x27;s how often it ships now." in review and "What will change" not in review


def test_an_item_on_a_fixed_program_is_never_offered_it(sandbox):
    sean = client_sign_in(Client(), "obrien@example.com")
    page = sean.get(f"/account/subscriptions/{PROGRAM}/").content.decode()
    assert "Change how often" not in page
    assert sean.get(f"/account/subscriptions/{PROGRAM}/frequency/").status_code == 409
    before = raw_auto_order(sandbox, PROGRAM)
    # A valid token (as a page would issue it) does not help: the item offers no frequency.
    seen = auto_order_fingerprint(ultracart.auto_order_get(auto_order_oid=PROGRAM))
    token = form_token_issue(
        email="obrien@example.com", auto_order_oid=PROGRAM, action="frequency", seen=seen
    )
    forged = sean.post(
        f"/account/subscriptions/{PROGRAM}/frequency/",
        {"step": "confirm", "token": token, "item": 50051, "frequency": "Monthly"},
    )
    assert forged.status_code == 200 and "What will change" not in forged.content.decode()
    assert raw_auto_order(sandbox, PROGRAM) == before
    assert AuditEntry.objects.get(action="frequency").result == "refused"


def test_an_item_without_a_rule_is_not_offered_it(sandbox, jane, settings):
    settings.PORTAL_SUBSCRIPTION_ITEM_RULES = "COFFEE-KENYA: frequencies=Monthly"
    assert "Change how often" not in jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert jane.get(URL).status_code == 409


def test_the_merchants_switch_off_hides_it_and_refuses_the_post(sandbox, jane, settings):
    token = review_token(jane, URL, {"item": ITEM, "frequency": "Weekly"})
    settings.PORTAL_SUBSCRIPTION_ACTIONS = ["pause", "quantity"]
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Change how often" not in page and "Change quantity" in page
    assert jane.get(URL).status_code == 409
    before = raw_auto_order(sandbox, ACTIVE)
    response = confirm(jane, URL, {"item": ITEM, "frequency": "Weekly"}, token=token)
    assert response.status_code == 409 and raw_auto_order(sandbox, ACTIVE) == before


def test_someone_elses_auto_order_is_not_found(sandbox, jane):
    maria = client_sign_in(Client(), "maria.garcia@example.es")
    assert maria.get(f"{URL}?item={ITEM}").status_code == 404
    assert jane.get(f"/account/subscriptions/{CANCELED}/frequency/").status_code == 404
    token = review_token(jane, URL, {"item": ITEM, "frequency": "Weekly"})
    before = raw_auto_order(sandbox, ACTIVE)
    stolen = maria.post(URL, {"step": "confirm", "token": token, "item": ITEM, "frequency": "Weekly"})
    assert stolen.status_code == 404 and raw_auto_order(sandbox, ACTIVE) == before


def test_a_forged_or_reused_token_is_refused(sandbox, jane):
    data = {"item": ITEM, "frequency": "Weekly"}
    before = raw_auto_order(sandbox, ACTIVE)
    forged = confirm(jane, URL, data, token="forged:token")
    assert forged.status_code == 409 and "This form has expired" in forged.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    token = review_token(jane, URL, data)
    assert confirm(jane, URL, data, token=token).status_code == 302
    after = raw_auto_order(sandbox, ACTIVE)
    assert confirm(jane, URL, {**data, "frequency": "Biweekly"}, token=token).status_code == 302
    assert raw_auto_order(sandbox, ACTIVE) == after  # used once
    assert [e.result for e in AuditEntry.objects.filter(action="frequency").order_by("id")] == [
        "refused", "ok", "repeated"]  # fmt: skip


def test_a_failed_ultracart_write_changes_nothing_and_says_so(sandbox, jane):
    data = {"item": ITEM, "frequency": "Biweekly"}
    token = review_token(jane, URL, data)
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.fault(status=500, operations=["updateAutoOrder"])
    response = confirm(jane, URL, data, token=token)
    sandbox.clear_faults()
    assert response.status_code == 503 and "nothing was changed" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    entry = AuditEntry.objects.get(action="frequency")
    assert entry.result == "failed" and entry.after == {} and mail.outbox == []


def test_a_paused_subscription_may_change_it_and_is_told_when_it_starts(sandbox, jane):
    url = f"/account/subscriptions/{PAUSED}/frequency/"
    item = raw_auto_order(sandbox, PAUSED)["items"][0]["auto_order_item_oid"]
    review = jane.post(url, {"step": "review", "item": item, "frequency": "Monthly"}).content.decode()
    assert (
        "none until you resume" in review and "every month from your next shipment after you resume" in review
    )


def test_in_spanish(sandbox, jane):
    jane.cookies["django_language"] = "es"
    page = jane.get(f"{URL}?item={ITEM}").content.decode()
    assert "Cada 2 meses" in page and "Cada mes (ahora)" in page
    review = jane.post(URL, {"step": "review", "item": ITEM, "frequency": "Every 2 Months"}).content.decode()
    assert "Qué cambiará" in review or "cambiar" in review.lower()
    assert confirm(jane, URL, {"item": ITEM, "frequency": "Every 2 Months"}).status_code == 302
    assert "cada 2 meses" in mail.outbox[0].body
