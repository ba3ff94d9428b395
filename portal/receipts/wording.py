"""UltraCart's codes in the shopper's words: refund and cancel reasons, payment methods, card types,
tracking statuses and countries.

Every function answers in the active language (order pages and invoices run under the order's language).
A code we do not know never reaches the page as-is: it becomes a neutral phrase, because "CustomerCancel"
or "InfoReceived" means nothing to a shopper. Free text a merchant typed (it has spaces, like "Arrived
broken") is theirs to word and is shown as typed.
"""

import re
from decimal import Decimal

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal.core.card_words import card_type_text
from portal.ultracart.models import Address, Order

_REASONS: dict[str, Promise] = {
    "customercancel": gettext_lazy("you canceled the order"),
    "customercanceled": gettext_lazy("you canceled the order"),
    "customerrequest": gettext_lazy("at your request"),
    "customerreturn": gettext_lazy("you returned the items"),
    "return": gettext_lazy("you returned the items"),
    "returned": gettext_lazy("you returned the items"),
    "damaged": gettext_lazy("the items arrived damaged"),
    "defective": gettext_lazy("the items were defective"),
    "wrongitem": gettext_lazy("we sent the wrong items"),
    "notreceived": gettext_lazy("the order did not arrive"),
    "itemnotreceived": gettext_lazy("the order did not arrive"),
    "lostinshipping": gettext_lazy("the order was lost in transit"),
    "outofstock": gettext_lazy("the items were out of stock"),
    "backorder": gettext_lazy("the items were out of stock"),
    "duplicate": gettext_lazy("the order was placed twice"),
    "duplicateorder": gettext_lazy("the order was placed twice"),
    "fraud": gettext_lazy("the payment could not be verified"),
    "fraudulent": gettext_lazy("the payment could not be verified"),
    "pricingerror": gettext_lazy("a pricing error"),
    "shippingdelay": gettext_lazy("a shipping delay"),
    "toomuchproduct": gettext_lazy("you had too much product"),
    "toexpensive": gettext_lazy("the price"),
    "tooexpensive": gettext_lazy("the price"),
    "nolongerneeded": gettext_lazy("you no longer needed it"),
    "other": gettext_lazy("other reasons"),
}
_PAYMENT_METHODS: dict[str, Promise] = {
    "credit card": gettext_lazy("Card"),
    "paypal": gettext_lazy("PayPal"),
    "paypal fastlane": gettext_lazy("PayPal"),
    "apple pay": gettext_lazy("Apple Pay"),
    "google pay": gettext_lazy("Google Pay"),
    "amazon": gettext_lazy("Amazon Pay"),
    "amazon sc": gettext_lazy("Amazon Pay"),
    "affirm": gettext_lazy("Affirm"),
    "venmo": gettext_lazy("Venmo"),
    "check": gettext_lazy("Check"),
    "echeck": gettext_lazy("Electronic check"),
    "cash": gettext_lazy("Cash"),
    "cod": gettext_lazy("Cash on delivery"),
    "money order": gettext_lazy("Money order"),
    "purchase order": gettext_lazy("Purchase order"),
    "wire transfer": gettext_lazy("Bank transfer"),
    "loanhero": gettext_lazy("Financing"),
}
_TRACKING_STATUSES: dict[str, Promise] = {
    "pending": gettext_lazy("Waiting for the carrier"),
    "inforeceived": gettext_lazy("Label created"),
    "intransit": gettext_lazy("In transit"),
    "outfordelivery": gettext_lazy("Out for delivery"),
    "attemptfail": gettext_lazy("Delivery attempted"),
    "availableforpickup": gettext_lazy("Ready for pickup"),
    "delivered": gettext_lazy("Delivered"),
    "exception": gettext_lazy("Delivery problem"),
    "expired": gettext_lazy("No recent updates"),
}
_COUNTRIES: dict[str, Promise] = {
    "US": gettext_lazy("United States"),
    "CA": gettext_lazy("Canada"),
    "MX": gettext_lazy("Mexico"),
    "GB": gettext_lazy("United Kingdom"),
    "IE": gettext_lazy("Ireland"),
    "ES": gettext_lazy("Spain"),
    "PT": gettext_lazy("Portugal"),
    "FR": gettext_lazy("France"),
    "DE": gettext_lazy("Germany"),
    "IT": gettext_lazy("Italy"),
    "NL": gettext_lazy("Netherlands"),
    "BE": gettext_lazy("Belgium"),
    "AT": gettext_lazy("Austria"),
    "CH": gettext_lazy("Switzerland"),
    "SE": gettext_lazy("Sweden"),
    "DK": gettext_lazy("Denmark"),
    "NO": gettext_lazy("Norway"),
    "FI": gettext_lazy("Finland"),
    "PL": gettext_lazy("Poland"),
    "AU": gettext_lazy("Australia"),
    "NZ": gettext_lazy("New Zealand"),
    "JP": gettext_lazy("Japan"),
    "AR": gettext_lazy("Argentina"),
    "BR": gettext_lazy("Brazil"),
    "CL": gettext_lazy("Chile"),
    "CO": gettext_lazy("Colombia"),
    "PE": gettext_lazy("Peru"),
    "IL": gettext_lazy("Israel"),
}
_NOT_A_WORD = re.compile(r"[^a-z]")


def _code_key(code: str) -> str:
    return _NOT_A_WORD.sub("", code.lower())


# "You canceled the order" is untrue of an order that had shipped: it was returned or refunded on request.
_CANCEL_CODES = frozenset({"customercancel", "customercanceled"})


def reason_text(*, code: str, shipped: bool = False) -> str:
    """A refund or cancel reason, as the end of "Reason: …"; "" when UltraCart gave none."""
    code = code.strip()
    if not code:
        return ""
    if shipped and _code_key(code) in _CANCEL_CODES:
        return str(_REASONS["customerrequest"])
    known = _REASONS.get(_code_key(code))
    if known is not None:
        return str(known)
    if " " in code:  # a merchant's own sentence, not a code
        return code
    return str(_REASONS["other"])


def payment_text(*, order: Order) -> str:
    """ "Visa ending in 1111", "PayPal", or a neutral "Payment received" for a method we do not know."""
    if order.card_type or order.card_last4:
        card = card_type_text(card_type=order.card_type)
        if order.card_last4:
            return _("%(card)s ending in %(last4)s") % {"card": card, "last4": order.card_last4}
        return card
    method = _PAYMENT_METHODS.get(order.payment_method.strip().lower())
    if method is not None:
        return str(method)
    return _("Payment received") if order.payment_method else ""


def tracking_status_text(*, status: str) -> str:
    if not status.strip():
        return ""
    return str(_TRACKING_STATUSES.get(_code_key(status), gettext_lazy("Shipped")))


def country_name(*, code: str) -> str:
    name = _COUNTRIES.get(code.strip().upper())
    return str(name) if name is not None else code


def address_lines(*, address: Address) -> tuple[str, ...]:
    """Address.lines with the country by name; the region is left out when it only repeats the city."""
    region = "" if address.state_region == address.city else address.state_region
    city_line = " ".join(part for part in (address.postal_code, address.city) if part)
    if address.country_code.upper() in {"US", "CA", "AU"}:
        city_line = " ".join(part for part in (address.city, region, address.postal_code) if part)
    elif region:
        city_line = f"{city_line} ({region})" if city_line else region
    candidates = (address.company, address.address1, address.address2, city_line)
    lines = [line for line in candidates if line]
    if address.country_code:
        lines.append(country_name(code=address.country_code))
    return tuple(lines)


def tax_label(*, rate: Decimal | None) -> str:
    """One tax label for an order, the same on the page, the redacted page and the invoice."""
    if not rate:
        # Its own context: Spanish says "IVA" on orders, as UltraCart's receipt does, "Impuestos" elsewhere.
        return pgettext("the tax line of an order", "Tax")
    percent = (rate * 100).normalize()
    if percent == percent.to_integral_value():
        percent = percent.quantize(Decimal(1))  # 20, not 2E+1
    percent_text = formats.number_format(percent, use_l10n=True)
    return _("Tax (%(rate)s%%)") % {"rate": percent_text}


def order_tax_label(*, order: Order) -> str:
    rate = next((line.rate for line in order.taxes if line.rate), None)
    return tax_label(rate=rate)
