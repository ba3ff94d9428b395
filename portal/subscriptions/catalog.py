"""What the swap and add-on pages say about an item: its name, its price in words, its options.

Items come from UltraCart's catalogue through portal.ultracart.item_get (cached an hour), so a review and its
confirm cost no extra call. An item UltraCart does not know is left out of the choices; an outage is the
caller's to map (the page says it cannot reach the store right now).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from portal import ultracart
from portal.core.formatting import amount_text
from portal.ultracart import AutoOrder, AutoOrderItem, CatalogItem, ItemOption, NotFound, UltraCartError

DEFAULT_CURRENCY = "USD"


def catalog_items(item_ids: Iterable[str]) -> dict[str, CatalogItem]:
    """The items UltraCart knows, by id, in the order given (raises UltraCartError when it cannot answer)."""
    found: dict[str, CatalogItem] = {}
    for item_id in dict.fromkeys(item_ids):
        try:
            found[item_id] = ultracart.item_get(item_id=item_id)
        except NotFound:
            continue
    return found


def catalog_names(item_ids: Iterable[str]) -> dict[str, str]:
    """Item names for a page that must render anyway: an item that cannot be read now shows its id."""
    names: dict[str, str] = {}
    for item_id in dict.fromkeys(item_ids):
        try:
            names[item_id] = ultracart.item_get(item_id=item_id).description or item_id
        except UltraCartError:
            names[item_id] = item_id
    return names


def price_text(value: Decimal | None, *, currency: str) -> str:
    if value is None:
        return "—"
    language = get_language() or settings.LANGUAGE_CODE
    return amount_text(value=value, currency=currency or DEFAULT_CURRENCY, language=language[:2])


def item_price_now(item: AutoOrderItem) -> Decimal | None:
    """What the item's next rebill costs (UltraCart's future schedule), else its last known unit price."""
    return item.future_schedules[0].unit_cost if item.future_schedules else item.unit_price


def limited_price_running(item: AutoOrderItem) -> bool:
    """A special price for a number of rebills (a discount taken) still applies to the next one. A price
    with no end (UltraCart often keeps the price paid as arbitrary_unit_cost) is the item's price."""
    left = item.arbitrary_unit_cost_remaining_orders
    return item.arbitrary_unit_cost is not None and left is not None and left > 0


def list_price(item_id: str) -> Decimal | None:
    """The catalogue's price for an item (cached), which a special price reverts to; None if unknown now."""
    try:
        return ultracart.item_get(item_id=item_id).price
    except UltraCartError:
        return None


def price_for_shipments_words(
    *, special: Decimal, shipments: int, then: Decimal | None, currency: str
) -> str:
    """ "$14.80 for your next 2 shipments, then back to $18.50" """
    words = ngettext(
        "%(price)s for %(count)d shipment", "%(price)s for your next %(count)d shipments", shipments
    ) % {"price": price_text(special, currency=currency), "count": shipments}
    if then is None:
        return words
    return _("%(special)s, then back to %(price)s") % {
        "special": words,
        "price": price_text(then, currency=currency),
    }


def options_words(options: tuple[ItemOption, ...]) -> str:
    return ", ".join(f"{option.name}: {option.value}" for option in options)


def item_words(name: str, options: tuple[ItemOption, ...]) -> str:
    """ "Kenya AA (12 oz) (Grind: Whole bean)" """
    return f"{name} ({options_words(options)})" if options else name


def auto_order_currency(auto_order: AutoOrder) -> str:
    return auto_order.currency_code or DEFAULT_CURRENCY
