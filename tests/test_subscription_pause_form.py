"""The pause form (issue 22, items 7 and 8): each field is marked for its choice and a static script under
the strict CSP shows only that one; without the script a date typed beside "Until I resume it" is explained,
never dropped; a timed pause that ends before the next shipment says so in the real dates; errors write
dates as the page does, in the page's language."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.merchant.config import portal_settings_get
from portal.subscriptions import plans
from portal.ultracart import auto_order_get
from tests.subscriptions_helpers import ACTIVE, raw_auto_order

pytestmark = pytest.mark.django_db
PAUSE = f"/account/subscriptions/{ACTIVE}/pause/"


def test_each_field_is_marked_for_its_choice_and_the_script_is_ours(sandbox, jane):
    page = jane.get(PAUSE).content.decode()
    assert 'data-show-for="until"' in page and 'data-show-for="shipments"' in page
    assert '<script src="/static/js/choice-fields.js" nonce="' in page
    assert "<script>" not in page  # nothing inline: the CSP allows our files and nonces only


def test_a_date_typed_beside_until_i_resume_it_is_explained_not_dropped(sandbox, jane):
    day = timezone.localdate() + timedelta(days=9)
    response = jane.post(PAUSE, {"step": "review", "mode": "indefinite", "until": day.isoformat()})
    page = response.content.decode()
    assert "You typed a date." in page and 'name="token"' not in page
    assert raw_auto_order(sandbox, ACTIVE)["items"][0]["paused"] is False


def test_a_timed_pause_that_ends_before_the_next_shipment_says_so(sandbox, jane):
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    next_shipment = auto_order_get(auto_order_oid=ACTIVE).next_shipment_at
    assert next_shipment is not None
    ends = timezone.localdate() + timedelta(days=1)
    assert ends + timedelta(days=portal_settings_get().subscription_min_lead_days) < next_shipment.date()
    page = jane.post(PAUSE, {"step": "review", "mode": "until", "until": ends.isoformat()}).content.decode()
    shipment = date_format(timezone.localtime(next_shipment), "DATE_FORMAT")
    assert f"{shipment}, as planned: the pause ends on {date_format(ends, 'DATE_FORMAT')}, before it" in page
    assert "on or after" not in page


def test_a_pause_past_the_next_shipment_names_the_day_it_ships(sandbox, jane):
    ends = timezone.localdate() + timedelta(days=60)
    page = jane.post(PAUSE, {"step": "review", "mode": "until", "until": ends.isoformat()}).content.decode()
    lead = portal_settings_get().subscription_min_lead_days
    assert date_format(ends + timedelta(days=lead), "DATE_FORMAT") in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_errors_write_dates_as_the_page_does(sandbox, jane, language):
    config = portal_settings_get()
    too_late = plans.latest_day(config) + timedelta(days=5)
    url = f"/account/subscriptions/{ACTIVE}/reschedule/"
    page = jane.post(url, {"step": "review", "day": too_late.isoformat()}, HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    with translation.override(language):
        earliest = date_format(plans.earliest_day(config), "DATE_FORMAT")
        latest = date_format(plans.latest_day(config), "DATE_FORMAT")
    assert earliest in text and latest in text
    assert plans.latest_day(config).isoformat() not in text.split('role="alert"')[1][:300]
