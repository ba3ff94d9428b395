"""How a customer reads a moment, a day and an amount, in the active language and the merchant's time zone.

Moments (an order placed, a parcel scanned) are shown in the merchant's time zone (Portal settings; the
`MerchantTimeZoneMiddleware` activates it) with the zone named: "6:10 p.m. PST". Days (an expected delivery,
a next shipment) are shown as the calendar day UltraCart sent, in the offset it sent: converting
"2026-12-05T00:00:00-05:00" to another zone would move the delivery to the 4th.

Amounts: UltraCart formats each amount in the order's language. A page in another language formats it
itself, from the value and the currency code, as Django's number format of that language does: "22,78 US$"
in Spanish, "$22.78" in English.
"""

import zoneinfo
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

# CLDR's symbols for the currencies we meet; any other currency is written by its ISO code.
_SYMBOLS: dict[str, dict[str, str]] = {
    "en": {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "MXN": "MX$", "JPY": "¥"},
    "es": {"USD": "US$", "EUR": "€", "GBP": "GBP", "CAD": "CA$", "AUD": "AUD", "MXN": "MXN", "JPY": "JPY"},
}
# The symbol before the number ("$22.78") or after it with a no-break space ("22,78 US$").
_SYMBOL_AFTER = frozenset({"es"})
_ZERO_DECIMALS = frozenset({"JPY", "KRW", "CLP"})


def time_zone_get(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`; UTC for a name this machine does not know (the page still renders)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def moment_text(moment: datetime | None) -> str:
    """ "Dec. 1, 2026, 6:10 p.m. PST" / "1 de diciembre de 2026 a las 18:10 CET", in the active zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    zone = local.tzname() or ""
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone}".strip()


def calendar_day(moment: datetime | date | None) -> date | None:
    """The day UltraCart meant: the date in the offset it sent, never shifted into another zone."""
    if moment is None:
        return None
    return moment.date() if isinstance(moment, datetime) else moment


def day_text(moment: datetime | date | None) -> str:
    """ "Dec. 5, 2026" / "5 de diciembre de 2026" for the calendar day UltraCart sent."""
    day = calendar_day(moment)
    return formats.date_format(day, "DATE_FORMAT") if day is not None else ""


def moment_day_text(moment: datetime | None) -> str:
    """The local day of a moment (an order placed late at night in the merchant's zone)."""
    if moment is None:
        return ""
    return formats.date_format(
        timezone.localtime(moment) if timezone.is_aware(moment) else moment, "DATE_FORMAT"
    )


def moment_short_day(moment: datetime | None) -> str:
    """The timeline's short form, "Dec 1" / "1 dic", in the active zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(local, pgettext("date format for a timeline step", "M j"))


def amount_text(*, value: Decimal, currency: str, language: str) -> str:
    code = currency.upper()
    places = 0 if code in _ZERO_DECIMALS else 2
    sign = "-" if value < 0 else ""
    with translation.override(language):
        number = formats.number_format(abs(value), decimal_pos=places, use_l10n=True, force_grouping=True)
    symbol = _SYMBOLS.get(language, _SYMBOLS["en"]).get(code, code)
    if language in _SYMBOL_AFTER:
        return f"{sign}{number}\u00a0{symbol}"
    separator = "" if len(symbol) <= 1 or not symbol.isalpha() else "\u00a0"
    return f"{sign}{symbol}{separator}{number}"
