"""A card's brand in words, for every page and email that names a card (receipts, invoices, subscriptions)."""

from django.utils.translation import gettext as _

# Brand names: the same in every language.
_CARD_TYPES = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "master card": "Mastercard",
    "amex": "American Express",
    "american express": "American Express",
    "discover": "Discover",
    "diners club": "Diners Club",
    "jcb": "JCB",
}


def card_type_text(*, card_type: str) -> str:
    return _CARD_TYPES.get(card_type.strip().lower(), "") or _("Card")
