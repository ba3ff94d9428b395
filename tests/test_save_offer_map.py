"""The merchant's save offers by cancel reason (Portal settings): parsed as written, refused with the line
that is wrong, checked against the cancel reasons, and the defaults answer every default reason."""

import pytest
from django.core.exceptions import ValidationError

from portal.merchant.config import portal_settings_defaults
from portal.merchant.save_offer_map import save_offer_map_parse
from portal.merchant.settings_records import portal_settings_update

pytestmark = pytest.mark.django_db


def test_lines_give_each_reasons_offers_in_order():
    parsed = save_offer_map_parse(
        "Too expensive: discount\r\nToo much product: frequency, quantity | Other: pause"
    )
    assert parsed == (
        ("Too expensive", ("discount",)),
        ("Too much product", ("frequency", "quantity")),
        ("Other", ("pause",)),
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Too expensive discount", "Line 1: write the reason, a colon and its offers"),
        ("Too expensive: refund", "refund is not an offer"),
        ("Too expensive:", "give at least one offer"),
        ("A: pause, skip, discount, swap", "at most 3 offers"),
        ("A: pause\nA: skip", "A appears twice"),
        (": pause", "write the reason"),
    ],
)
def test_a_bad_line_is_refused_with_what_is_wrong(text, words):
    with pytest.raises(ValidationError) as error:
        save_offer_map_parse(text)
    assert words in error.value.messages[0]


def test_every_default_reason_has_an_offer_and_the_discount_terms_are_twenty_percent_for_two():
    config = portal_settings_defaults()
    assert config.subscription_cancel_reasons
    for reason in config.subscription_cancel_reasons:
        assert config.save_offers_for(reason), reason
    assert config.save_offers_for("Too expensive") == ("discount", "pause")
    assert config.save_offers_for("Moving") == ("shipping_address", "pause")
    assert config.save_offers_for("Not a reason") is None  # the generic pause and skip (offers.py)
    assert (config.subscription_discount_percent, config.subscription_discount_orders) == (20, 2)


def test_saved_settings_keep_the_map_and_refuse_a_reason_customers_cannot_pick():
    saved = portal_settings_update(
        changes={"subscription_save_offer_map": "Moving: pause\nToo expensive: discount, skip"}, actor="m"
    )
    assert saved.save_offers_for("Too expensive") == ("discount", "skip")
    with pytest.raises(ValidationError) as error:
        portal_settings_update(changes={"subscription_save_offer_map": "Too pricey: discount"}, actor="m")
    assert "Too pricey: not one of the cancel reasons" in str(error.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [("subscription_discount_percent", 4), ("subscription_discount_percent", 51),
     ("subscription_discount_orders", 0), ("subscription_discount_orders", 13)],
)  # fmt: skip
def test_the_discount_terms_have_bounds(field, value):
    with pytest.raises(ValidationError) as error:
        portal_settings_update(changes={field: value}, actor="m")
    assert field in error.value.message_dict
