"""The merchant's per-item rules (Portal settings): parsed as written, refused with the line that is wrong."""

import pytest
from django.core.exceptions import ValidationError

from portal.merchant.config import portal_settings_defaults
from portal.merchant.item_rules import ItemRule, add_on_items_parse, item_rules_parse


def test_a_line_gives_the_items_frequencies_quantity_and_swaps():
    text = "COFFEE-MONTHLY: frequencies=Weekly, Monthly, Every...; quantity=1-4; swap=COFFEE-KENYA"
    (rule,) = item_rules_parse(text)
    assert rule == ItemRule("COFFEE-MONTHLY", ("Weekly", "Monthly", "Every..."), 1, 4, ("COFFEE-KENYA",))
    assert rule.quantity_offered


def test_lines_split_on_newlines_and_bars_and_keys_may_be_left_out():
    rules = item_rules_parse("A-1: quantity=2-3\r\nB-2: swap=A-1 | C-3: frequencies=Yearly")
    assert [r.item_id for r in rules] == ["A-1", "B-2", "C-3"]
    assert rules[1].frequencies == () and not rules[1].quantity_offered and rules[1].swaps == ("A-1",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("COFFEE frequencies=Weekly", "Line 1: start with the item id"),
        ("A: frequencies=Daily", "Daily is not an UltraCart frequency"),
        ("A: quantity=0-4", "quantity is a range"),
        ("A: quantity=5-2", "quantity is a range"),
        ("A: quantity=1-101", "quantity is a range"),
        ("A: colour=red", "'colour' is not frequencies"),
        ("A: swap", "should read key=value"),
        ("A: quantity=1-2\nA: swap=B", "A appears twice"),
        ("A: swap=has space", "is not an item id"),
    ],
)
def test_a_bad_line_is_refused_with_what_is_wrong(text, words):
    with pytest.raises(ValidationError) as error:
        item_rules_parse(text)
    assert words in error.value.messages[0]


def test_an_item_without_a_line_offers_nothing():
    rule = portal_settings_defaults().item_rule("NOT-IN-THE-RULES")
    assert rule.frequencies == () and not rule.quantity_offered and rule.swaps == ()


def test_the_sandbox_defaults_offer_janes_coffee_frequencies_quantity_a_swap_and_two_add_ons():
    config = portal_settings_defaults()
    rule = config.item_rule("COFFEE-MONTHLY")
    assert "Every..." in rule.frequencies and rule.quantity_offered and rule.swaps == ("COFFEE-KENYA",)
    assert config.subscription_add_on_items == ("FILTERS-100", "MUG-TRAVEL")


def test_add_on_items_one_per_line_without_repeats():
    assert add_on_items_parse("FILTERS-100\n\nMUG-TRAVEL\nFILTERS-100") == ("FILTERS-100", "MUG-TRAVEL")
    with pytest.raises(ValidationError):
        add_on_items_parse("not an id")
