"""An order's amounts as the active language writes them (core.formatting writes one amount).

UltraCart formats each amount in the order's language; a page in another language writes it itself from the
value and the currency code. Here, not in core, because it reads the ultracart dataclasses.
"""

from dataclasses import replace

from django.utils import translation

from portal.core.formatting import amount_text
from portal.ultracart import Money, Order


def money_text(money: Money | None, *, currency: str, order_language: str) -> str:
    """An amount as the active language writes it; UltraCart's own text when that is the order's language."""
    if money is None:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    if language == order_language or not currency:
        return money.formatted
    return amount_text(value=money.value, currency=currency, language=language)


def _money_in(money: Money | None, *, currency: str, order_language: str) -> Money | None:
    if money is None:
        return None
    return replace(money, formatted=money_text(money, currency=currency, order_language=order_language))


def order_in_language(order: Order) -> Order:
    """The order with every amount written as the active language writes it (UltraCart's text otherwise)."""
    language = (translation.get_language() or "en").split("-")[0]
    if language == order.language or not order.currency_code:
        return order
    options = {"currency": order.currency_code, "order_language": order.language}
    items = tuple(
        replace(
            item,
            unit_price=_money_in(item.unit_price, **options),
            total=_money_in(item.total, **options),
        )
        for item in order.items
    )
    taxes = tuple(
        replace(line, amount=_money_in(line.amount, **options) or line.amount) for line in order.taxes
    )
    summary = order.summary
    summary = replace(
        summary,
        **{name: _money_in(getattr(summary, name), **options) for name in _SUMMARY_AMOUNTS},
    )
    return replace(order, items=items, taxes=taxes, summary=summary)


_SUMMARY_AMOUNTS = ("subtotal", "discount", "shipping", "tax", "total", "refunded")
