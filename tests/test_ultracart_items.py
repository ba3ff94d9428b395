"""The catalogue item read (portal/ultracart/items.py) against the sandbox over HTTP: name, price, options;
cached, so a second read is free; an unknown item is NotFound."""

from decimal import Decimal

import pytest

from portal import ultracart
from portal.ultracart import ItemOptionChoice

pytestmark = pytest.mark.django_db


def test_an_item_with_its_price_and_options_once(sandbox):
    mug = ultracart.item_get(item_id="MUG-TRAVEL")
    assert (mug.description, mug.price, mug.currency) == (
        "Insulated travel mug (12 oz)",
        Decimal("14.0"),
        "USD",
    )
    assert mug.options == (ItemOptionChoice("Colour", ("Black", "Sand", "Red"), "Black"),)
    assert ultracart.item_get(item_id="MUG-TRAVEL") == mug
    (request,) = sandbox.requests()
    assert request["operation"] == "getItemByMerchantItemId"
    assert request["path"] == "/rest/v2/item/items/merchant_item_id/MUG-TRAVEL"
    assert request["query"] == {"_expand": "pricing,options"}


def test_an_item_without_options_and_an_unknown_one(sandbox):
    assert ultracart.item_get(item_id="FILTERS-100").options == ()
    with pytest.raises(ultracart.NotFound):
        ultracart.item_get(item_id="NO-SUCH-ITEM")


def test_without_the_expansion_the_sandbox_sends_the_small_item(sandbox):
    body = sandbox.api("GET", "/item/items/merchant_item_id/COFFEE-KENYA").json()
    assert set(body["item"]) == {"merchant_item_oid", "merchant_id", "merchant_item_id", "description"}
