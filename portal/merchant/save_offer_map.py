"""Which save offers answer which cancel reason: the merchant's map in Portal settings, one line per reason.

    Too much product: frequency, quantity
    Too expensive: discount
    Moving: shipping_address
    Other: pause, skip

The offers are subscription action names (SAVE_OFFER_ACTIONS). A customer who picks a reason sees its offers
beside "No thanks, cancel"; an offer whose action is switched off, not available in the subscription's state
or not built in this portal is simply not shown. A reason without a line gets the generic pause and skip.
The environment spells the lines with "|" between them.
"""

import re

from django.core.exceptions import ValidationError

from portal.merchant.actions import SubscriptionAction

A = SubscriptionAction
# What a cancel reason may be answered with: each opens its own page (the discount is offered nowhere else).
SAVE_OFFER_ACTIONS = (
    A.PAUSE, A.SKIP, A.RESCHEDULE, A.DISCOUNT, A.SWAP, A.FREQUENCY, A.QUANTITY, A.SHIPPING_ADDRESS,
)  # fmt: skip
GENERIC_SAVE_OFFERS = (A.PAUSE, A.SKIP)  # for a reason the map does not name
MAX_OFFERS_PER_REASON = 3  # the page stays short and kind
SAVE_OFFER_MAP_HELP = (
    "One line per cancel reason: the offers shown when a customer picks it, e.g. "
    '"Too expensive: discount" or "Too much product: frequency, quantity". Offers: '
    f"{', '.join(SAVE_OFFER_ACTIONS)} (at most {MAX_OFFERS_PER_REASON} a line). A reason without a line "
    'is offered pause and skip. Needs "save offers" on.'
)

SaveOfferMap = tuple[tuple[str, tuple[str, ...]], ...]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\r\n|]+", value) if line.strip()]


def _line(line: str, *, number: int) -> tuple[str, tuple[str, ...]]:
    where = f"Line {number}"
    reason, colon, rest = (part.strip() for part in line.rpartition(":"))
    if not colon or not reason:
        example = '"Too expensive: discount"'
        raise ValidationError(f"{where}: write the reason, a colon and its offers, e.g. {example}.")
    offers = [offer.strip() for offer in rest.split(",") if offer.strip()]
    unknown = [offer for offer in offers if offer not in SAVE_OFFER_ACTIONS]
    if unknown:
        raise ValidationError(
            f"{where}: {', '.join(unknown)} is not an offer ({', '.join(SAVE_OFFER_ACTIONS)})."
        )
    if not offers:
        raise ValidationError(f"{where}: give at least one offer for {reason!r}.")
    unique = tuple(dict.fromkeys(offers))
    if len(unique) > MAX_OFFERS_PER_REASON:
        raise ValidationError(f"{where}: at most {MAX_OFFERS_PER_REASON} offers for one reason.")
    return reason, unique


def save_offer_map_parse(value: str) -> SaveOfferMap:
    """The map a text holds; raises ValidationError naming the first bad line."""
    lines = tuple(_line(line, number=n) for n, line in enumerate(_lines(value), start=1))
    reasons = [reason for reason, _offers in lines]
    repeated = sorted({r for r in reasons if reasons.count(r) > 1})
    if repeated:
        raise ValidationError(f"Each reason has one line: {', '.join(repeated)} appears twice.")
    return lines


def validate_save_offer_map(value: str) -> None:
    save_offer_map_parse(value)


def save_offer_map_check_reasons(value: str, *, reasons: list[str]) -> None:
    """Every reason the map names must be one the customer can pick (a typo would never be shown)."""
    try:
        lines = save_offer_map_parse(value)
    except ValidationError:
        return  # the field's own validator says what is wrong
    unknown = [reason for reason, _offers in lines if reason not in reasons]
    if unknown:
        raise ValidationError(
            f"{', '.join(unknown)}: not one of the cancel reasons (write each as the reasons list spells it)."
        )
