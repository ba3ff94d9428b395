"""Per-item subscription rules the merchant sets in Portal settings: which frequencies customers may choose,
how many they may order, what they may swap to; and which items may be added once to a shipment.

UltraCart restricts none of these, so the merchant decides. One line per item, as the merchant reads it:

    COFFEE-MONTHLY: frequencies=Weekly, Biweekly, Monthly, Every...; quantity=1-4; swap=COFFEE-KENYA

Frequencies are UltraCart's own labels; "Every..." lets the customer choose "every N days". A key left out
offers nothing of its kind for that item. The environment spells the lines with "|" between them.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from portal.ultracart.parsing_auto_orders import FREQUENCIES

QUANTITY_CEILING = 100  # a bound on a typo, not a business rule
MAX_ITEM_RULES = 200
ITEM_RULES_HELP = (
    "One line per item: the frequencies customers may choose, how many, what they may swap to. E.g. "
    "COFFEE-MONTHLY: frequencies=Weekly, Monthly, Every...; quantity=1-4; swap=COFFEE-KENYA "
    '("Every..." = every N days). An item without a line offers none of these.'
)
_ITEM_ID = re.compile(r"[^\s:;,=|]{1,20}")  # UltraCart's merchant item ids are at most 20 characters


@dataclass(frozen=True, slots=True)
class ItemRule:
    item_id: str
    frequencies: tuple[str, ...] = ()  # UltraCart labels the customer may choose ("Every..." = every N days)
    quantity_min: int = 0  # 0: quantity is not offered for this item
    quantity_max: int = 0
    swaps: tuple[str, ...] = ()  # item ids the customer may swap this one for

    @property
    def quantity_offered(self) -> bool:
        return self.quantity_max > self.quantity_min >= 1 or self.quantity_max == self.quantity_min >= 2


def _lines(value: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\r\n|]+", value) if line.strip()]


def _item_id(text: str, *, where: str) -> str:
    if not _ITEM_ID.fullmatch(text):
        raise ValidationError(f"{where}: {text!r} is not an item id (1-20 characters, no spaces).")
    return text


def _quantity(text: str, *, where: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,3})\s*-\s*(\d{1,3})", text)
    low, high = (int(match[1]), int(match[2])) if match else (0, 0)
    if not match or not 1 <= low <= high <= QUANTITY_CEILING:
        raise ValidationError(f"{where}: quantity is a range such as 1-4 (whole numbers, 1 to 100).")
    return low, high


def _rule(line: str, *, number: int) -> ItemRule:
    where = f"Line {number}"
    item_text, colon, rest = line.partition(":")
    if not colon:
        raise ValidationError(
            f"{where}: start with the item id and a colon, e.g. COFFEE-MONTHLY: quantity=1-4"
        )
    item_id = _item_id(item_text.strip(), where=where)
    frequencies: tuple[str, ...] = ()
    swaps: tuple[str, ...] = ()
    low = high = 0
    for part in (p.strip() for p in rest.split(";") if p.strip()):
        key, equals, value = (s.strip() for s in part.partition("="))
        values = [v.strip() for v in value.split(",") if v.strip()]
        if not equals or not values:
            raise ValidationError(f"{where}: {part!r} should read key=value.")
        if key == "frequencies":
            unknown = [v for v in values if v not in FREQUENCIES]
            if unknown:
                raise ValidationError(
                    f"{where}: {', '.join(unknown)} is not an UltraCart frequency ({', '.join(FREQUENCIES)})."
                )
            frequencies = tuple(dict.fromkeys(values))
        elif key == "quantity":
            low, high = _quantity(value, where=where)
        elif key == "swap":
            swaps = tuple(dict.fromkeys(_item_id(v, where=where) for v in values if v != item_id))
        else:
            raise ValidationError(f"{where}: {key!r} is not frequencies, quantity or swap.")
    return ItemRule(item_id, frequencies, low, high, swaps)


def item_rules_parse(value: str) -> tuple[ItemRule, ...]:
    """The rules a text holds; raises ValidationError naming the first bad line."""
    rules = [_rule(line, number=n) for n, line in enumerate(_lines(value), start=1)]
    ids = [rule.item_id for rule in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValidationError(f"Each item has one line: {', '.join(repeated)} appears twice.")
    if len(rules) > MAX_ITEM_RULES:
        raise ValidationError(f"At most {MAX_ITEM_RULES} items ({len(rules)} given).")
    return tuple(rules)


def validate_item_rules(value: str) -> None:
    item_rules_parse(value)


def add_on_items_parse(value: str) -> tuple[str, ...]:
    ids = [_item_id(line, where=f"Line {n}") for n, line in enumerate(_lines(value), start=1)]
    return tuple(dict.fromkeys(ids))


def validate_add_on_items(value: str) -> None:
    add_on_items_parse(value)
