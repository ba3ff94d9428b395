"""Catalogue items, as far as a subscriber's choices need them: the name, the price and the options.

One read, ItemApi's getItemByMerchantItemId (GET /item/items/merchant_item_id/{id}, expansions `pricing`
and `options`), cached for an hour with the usual stale copy: the swap and add-on pages show what an item
is and costs before the customer confirms, and the confirm reuses the review's copy (no extra call).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from portal.ultracart.cache import TTL_ITEM, cache_read_through, key_item
from portal.ultracart.client import ultracart_request
from portal.ultracart.errors import NotFound
from portal.ultracart.parsing import _decimal, _dict, _list, _str

ITEM_EXPANSION = "pricing,options"
_OPERATION = "getItemByMerchantItemId"


@dataclass(frozen=True, slots=True)
class ItemOptionChoice:
    """An option the customer picks a value of ("Grind": "Whole bean", "Drip", ...)."""

    name: str
    values: tuple[str, ...]
    default: str  # the value UltraCart marks default_value, else the first


@dataclass(frozen=True, slots=True)
class CatalogItem:
    item_id: str
    description: str
    price: Decimal | None  # pricing.cost; None when UltraCart gave no price
    currency: str  # pricing.currency_code ("" when absent)
    options: tuple[ItemOptionChoice, ...]


def _option(raw: Any) -> ItemOptionChoice | None:
    data = _dict(raw)
    name = _str(data.get("name")) or _str(data.get("label"))
    values = [_dict(v) for v in _list(data.get("values"))]
    texts = tuple(dict.fromkeys(_str(v.get("value")) for v in values if _str(v.get("value"))))
    if not name or not texts:  # a free-text or single-purpose option: nothing for a customer to choose
        return None
    default = next((_str(v.get("value")) for v in values if v.get("default_value") is True), texts[0])
    return ItemOptionChoice(name=name, values=texts, default=default if default in texts else texts[0])


def item_from_json(raw: Any) -> CatalogItem:
    data = _dict(raw)
    pricing = _dict(data.get("pricing"))
    options = tuple(o for o in map(_option, _list(data.get("options"))) if o is not None)
    return CatalogItem(
        item_id=_str(data.get("merchant_item_id")),
        description=_str(data.get("description")),
        price=_decimal(pricing.get("cost")),
        currency=_str(pricing.get("currency_code")).upper(),
        options=options,
    )


def _fetch(item_id: str) -> CatalogItem:
    body = ultracart_request(
        operation=_OPERATION,
        method="GET",
        path=f"/item/items/merchant_item_id/{quote(item_id, safe='')}",
        params={"_expand": ITEM_EXPANSION},
    )
    raw = body.get("item")
    if not isinstance(raw, dict) or not raw.get("merchant_item_id"):
        raise NotFound("UltraCart answered without an item", operation=_OPERATION)
    return item_from_json(raw)


def item_get(*, item_id: str) -> CatalogItem:
    """The item by its merchant item id (cached); NotFound when UltraCart has no such item."""
    return cache_read_through(
        operation=_OPERATION, key=key_item(item_id), ttl=TTL_ITEM, fetch=lambda: _fetch(item_id)
    )
