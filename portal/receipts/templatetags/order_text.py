"""Template filters for order pages and invoices: one date format, addresses with country names, amounts.

Moments are shown in the merchant's time zone (Portal settings) with the zone named, so "6:10 p.m." never
leaves a shopper guessing whose evening it was; days keep the calendar day UltraCart sent (core.formatting).
"""

from datetime import date, datetime

from django import template

from portal.core.formatting import day_text, moment_short_day, moment_text
from portal.receipts.amounts import money_text
from portal.receipts.wording import address_lines
from portal.ultracart.models import Address, Money, Order

register = template.Library()


@register.filter
def order_datetime(moment: datetime | None) -> str:
    """ "Dec. 1, 2026, 6:10 p.m. PST" / "1 de diciembre de 2026 a las 18:10 CET"."""
    return moment_text(moment)


@register.filter
def order_date(moment: datetime | date | None) -> str:
    """A day UltraCart sent (an expected delivery): its own calendar day, whatever the zone."""
    return day_text(moment)


@register.filter
def order_day(moment: datetime | None) -> str:
    """The short form for the status timeline, "Dec 1" / "1 dic": four steps share a phone's width."""
    return moment_short_day(moment)


@register.filter
def order_money(money: Money | None, order: Order) -> str:
    """An amount of `order` as the page's language writes it ("22,78 US$" on a Spanish page)."""
    return money_text(money, currency=order.currency_code, order_language=order.language)


@register.filter
def postal_lines(address: Address | None) -> tuple[str, ...]:
    return address_lines(address=address) if address is not None else ()
