"""The merchant's item catalogue, as far as auto orders need it: list prices, options, multi-step programs.

UltraCart prices a rebill at the item's own price unless the auto order item carries an `arbitrary_unit_cost`
(which `arbitrary_unit_cost_remaining_orders` can limit to the next N rebills). Items that are not here but
appear on an order are known too (an order line carries its own price); those have no program.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProgramStep:
    """One step of a multi-step (fixed) auto order program: which item ships, then how long until the next."""

    item_id: str
    days_to_next: int


@dataclass(frozen=True)
class CatalogItem:
    item_id: str
    description: str
    price: float
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label -> allowed values
    # A fixed program: each rebill sends the next step's item; the last step repeats. Items on a program have
    # no `frequency` on the auto order item (UltraCart: "Frequency of the rebill if not a fixed schedule").
    steps: tuple[ProgramStep, ...] = ()
    currency: str = "USD"  # getItemByMerchantItemId's pricing.currency_code


_GRIND: dict[str, tuple[str, ...]] = {"Grind": ("Whole bean", "Drip", "Espresso", "French press")}
CATALOG: dict[str, CatalogItem] = {
    item.item_id: item
    for item in (
        CatalogItem(
            "COFFEE-MONTHLY", "Monthly Coffee Club \u2013 Ethiopia Yirgacheffe (12 oz)", 18.5, _GRIND
        ),
        CatalogItem("COFFEE-KENYA", "Monthly Coffee Club \u2013 Kenya AA (12 oz)", 19.5, _GRIND),
        CatalogItem("DECAF-MONTHLY", "Decaf Club \u2013 Colombia (12 oz)", 16.0, _GRIND),
        CatalogItem("TE-VERDE", "Té verde japonés (100 g)", 7.9, currency="EUR"),
        CatalogItem("TE-ROJO", "Té rojo Pu-erh (100 g)", 8.4, currency="EUR"),
        CatalogItem("FILTERS-100", "Paper filters, pack of 100", 4.5),
        CatalogItem("MUG-TRAVEL", "Insulated travel mug (12 oz)", 14.0, {"Colour": ("Black", "Sand", "Red")}),
        CatalogItem(
            "TASTING-TRIO",
            "Roaster's tasting program: light roast now, then medium, then dark every month",
            12.0,
            steps=(ProgramStep("TASTING-MEDIUM", 30), ProgramStep("TASTING-DARK", 30)),
        ),
        CatalogItem("TASTING-MEDIUM", "Tasting program, step 2: medium roast (8 oz)", 12.0),
        CatalogItem("TASTING-DARK", "Tasting program: dark roast (12 oz)", 17.0),
    )
}


def catalog_item(item_id: str) -> CatalogItem | None:
    return CATALOG.get(item_id)


def item_price(item_id: str, *, fallback: float) -> float:
    """The item's list price; `fallback` (what the auto order item was bought at) for items not catalogued."""
    found = CATALOG.get(item_id)
    return found.price if found else fallback


def program_steps(item: dict[str, Any]) -> tuple[ProgramStep, ...]:
    """The steps of the program the auto order item follows; () for an item on a simple frequency."""
    found = CATALOG.get(str(item.get("original_item_id", "")))
    return found.steps if found else ()
