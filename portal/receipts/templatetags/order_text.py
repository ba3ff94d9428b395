"""Template filters for order pages and invoices: one date format, addresses with country names.

Dates are shown in the store's time zone (settings.TIME_ZONE) with the zone named, so "6:10 p.m." never
leaves a shopper guessing whose evening it was.
"""

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import pgettext

from portal.receipts.wording import address_lines
from portal.ultracart.models import Address

register = template.Library()


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def order_datetime(moment: datetime | None) -> str:
    """ "Dec. 1, 2026, 6:10 p.m. PST" / "1 de diciembre de 2026 a las 18:10 CET"."""
    if moment is None:
        return ""
    local = _local(moment)
    zone = local.tzname() or ""
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone}".strip()


@register.filter
def order_date(moment: datetime | None) -> str:
    return formats.date_format(_local(moment), "DATE_FORMAT") if moment is not None else ""


@register.filter
def order_day(moment: datetime | None) -> str:
    """The short form for the status timeline, "Dec 1" / "1 dic": four steps share a phone's width."""
    if moment is None:
        return ""
    return formats.date_format(_local(moment), pgettext("date format for a timeline step", "M j"))


@register.filter
def postal_lines(address: Address | None) -> tuple[str, ...]:
    return address_lines(address=address) if address is not None else ()
