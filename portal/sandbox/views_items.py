"""ItemApi: getItemByMerchantItemId, from the catalogue (catalog.py), with the expansions the portal asks for.

Without `_expand` UltraCart sends a small item (oid, id, description); `pricing` adds the price and its
currency, `options` the options with their values (the first is the default).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse

from portal.sandbox.catalog import CATALOG
from portal.sandbox.wire import ApiError, envelope, expansions

_FIRST_OID = 880001  # merchant_item_oid, in the catalogue's order


def _item_json(item_id: str, expand: set[str]) -> dict[str, Any]:
    item = CATALOG[item_id]
    data: dict[str, Any] = {
        "merchant_item_oid": _FIRST_OID + list(CATALOG).index(item_id),
        "merchant_id": "DEMO",
        "merchant_item_id": item.item_id,
        "description": item.description,
    }
    if "pricing" in expand:
        data["pricing"] = {"cost": item.price, "currency_code": item.currency}
    if "options" in expand:
        data["options"] = [
            {
                "name": label,
                "label": label,
                "type": "dropdown",
                "required": True,
                "values": [
                    {"value": value, "default_value": index == 0, "display_order": index + 1}
                    for index, value in enumerate(values)
                ],
            }
            for label, values in item.options.items()
        ]
    return data


def get_item_by_merchant_item_id(request: HttpRequest, merchant_item_id: str) -> HttpResponse:
    if merchant_item_id not in CATALOG:
        raise ApiError(404, f"Item {merchant_item_id} not found.", object_id=merchant_item_id)
    return envelope("item", _item_json(merchant_item_id, expansions(request)))
