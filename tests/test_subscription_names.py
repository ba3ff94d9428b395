"""Which subscription is this? (issue 22, item 6): the product's name in titles (and emails, see
test_subscription_emails.py); two of the same product told apart by frequency and next date; the status
written the same way on the home page, the list and the detail page."""

import re

import pytest

from tests.subscriptions_helpers import ACTIVE, PAUSED, raw_auto_order

pytestmark = pytest.mark.django_db
COFFEE = "Monthly Coffee Club – Ethiopia Yirgacheffe (12 oz)"


def links_to(page: str, oid: int) -> list[str]:
    found = re.findall(rf'<a href="/account/subscriptions/{oid}/">(.*?)</a>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for text in found]


def test_the_detail_and_action_pages_are_titled_with_the_product(sandbox, jane):
    detail = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert re.search(r"<title>Monthly Coffee Club", detail)
    assert re.search(r'<h1 id="sub-title">Monthly Coffee Club', detail)
    skip = jane.get(f"/account/subscriptions/{ACTIVE}/skip/").content.decode()
    assert re.search(r"<title>Skip your next shipment · Monthly Coffee Club", skip)


def test_two_of_the_same_product_are_told_apart_by_frequency_and_next_date(sandbox, jane):
    for url in ("/account/", "/account/subscriptions/"):
        page = jane.get(url).content.decode()
        active, paused = links_to(page, ACTIVE)[0], links_to(page, PAUSED)[0]
        assert active.startswith(COFFEE) and paused.startswith(COFFEE)
        assert active != paused, url
        assert "every month" in active and "next shipment" in active
        assert "every 2 months" in paused


def test_two_identical_schedules_are_told_apart_by_the_next_date(sandbox, jane):
    paused = raw_auto_order(sandbox, PAUSED)
    paused["items"][0].update(frequency="Monthly", paused=False)
    sandbox.add_auto_orders(paused)
    page = jane.get("/account/subscriptions/").content.decode()
    assert links_to(page, ACTIVE)[0] != links_to(page, PAUSED)[0]


def test_a_single_subscription_is_named_without_extra_words(sandbox, jane):
    raw = raw_auto_order(sandbox, PAUSED)
    raw["original_order_id"] = "DEMO-0009100008"  # the sampler order: another product
    sandbox.add_auto_orders(raw)
    page = jane.get("/account/subscriptions/").content.decode()
    assert links_to(page, ACTIVE)[0] == COFFEE


def test_the_status_is_written_the_same_way_everywhere(sandbox, jane):
    home = jane.get("/account/").content.decode()
    listing = jane.get("/account/subscriptions/").content.decode()
    detail = jane.get(f"/account/subscriptions/{PAUSED}/").content.decode()
    for page in (home, listing, detail):
        assert re.search(r'class="badge badge--warn"[^>]*>Paused<', page)
        assert ">paused<" not in page
