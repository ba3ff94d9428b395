"""UltraCart's codes in words, in the active language; an unknown code never reaches the page raw."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.receipts.state import OrderState, order_state
from portal.receipts.tracking import shipment_views
from portal.receipts.wording import (
    address_lines,
    card_type_text,
    country_name,
    payment_text,
    reason_text,
    tax_label,
    tracking_status_text,
)
from portal.ultracart import Address, Money, OrderStage, OrderSummary, Shipment
from tests.test_order_access import order_make


@pytest.mark.parametrize(
    "code, english, spanish",
    [
        ("CustomerCancel", "you canceled the order", "cancelaste el pedido"),
        ("customer_cancel", "you canceled the order", "cancelaste el pedido"),
        ("OUT_OF_STOCK", "the items were out of stock", "los artículos estaban agotados"),
        ("Too much product", "you had too much product", "tenías demasiado producto"),
        ("ZX-Q17", "other reasons", "otros motivos"),  # a code we do not know: neutral, never raw
        (
            "Arrived with a cracked lid",
            "Arrived with a cracked lid",
            "Arrived with a cracked lid",
        ),  # merchant's text
        ("", "", ""),
    ],
)
def test_reasons(code, english, spanish):
    with translation.override("en"):
        assert reason_text(code=code) == english
    with translation.override("es"):
        assert reason_text(code=code) == spanish


@pytest.mark.parametrize(
    "method, card_type, last4, english, spanish",
    [
        ("Credit Card", "VISA", "1111", "Visa ending in 1111", "Visa terminada en 1111"),
        ("Credit Card", "MasterCard", "4444", "Mastercard ending in 4444", "Mastercard terminada en 4444"),
        ("Credit Card", "Hypercard", "9999", "Card ending in 9999", "Tarjeta terminada en 9999"),
        ("Credit Card", "AMEX", "", "American Express", "American Express"),
        ("PayPal", "", "", "PayPal", "PayPal"),
        ("Wire Transfer", "", "", "Bank transfer", "Transferencia bancaria"),
        ("Bitcoin Lightning", "", "", "Payment received", "Pago recibido"),
        ("", "", "", "", ""),
    ],
)
def test_payment_wording(method, card_type, last4, english, spanish):
    order = order_make(payment_method=method, card_type=card_type, card_last4=last4)
    with translation.override("en"):
        assert payment_text(order=order) == english
        assert card_type_text(card_type="") == "Card"
    with translation.override("es"):
        assert payment_text(order=order) == spanish


def test_tracking_statuses_countries_and_tax_labels():
    with translation.override("es"):
        assert tracking_status_text(status="OutForDelivery") == "En reparto"
        assert tracking_status_text(status="SomethingNew") == "Enviado"  # neutral, never the code
        assert country_name(code="ES") == "España" and country_name(code="us") == "Estados Unidos"
        assert tax_label(rate=Decimal("0.21")) == "IVA (21 %)"
        assert tax_label(rate=Decimal("0.0625")) == "IVA (6,25 %)"
        assert tax_label(rate=None) == "IVA"
    with translation.override("en"):
        assert tax_label(rate=Decimal("0.2")) == "Tax (20%)"
        assert country_name(code="XK") == "XK"  # unknown: the code beats nothing


def test_address_lines_name_the_country_and_skip_a_region_that_repeats_the_city():
    madrid = Address("M", "G", "", "Calle de Alcalá 123", "", "Madrid", "Madrid", "28009", "ES", "", "")
    portland = Address("J", "D", "", "42 Harbor View Rd", "Apt 3", "Portland", "OR", "97205", "US", "", "")
    with translation.override("es"):
        assert address_lines(address=madrid) == ("Calle de Alcalá 123", "28009 Madrid", "España")
    with translation.override("en"):
        assert address_lines(address=portland)[-2:] == ("Portland OR 97205", "United States")


def test_states_from_refund_amounts_and_stages():
    total = Money(Decimal("54.99"), "$54.99")
    part = OrderSummary(total, None, None, None, total, Money(Decimal("20"), "$20.00"))
    full = OrderSummary(total, None, None, None, total, total)
    assert order_state(order=order_make(summary=part)) is OrderState.PARTIALLY_REFUNDED
    assert order_state(order=order_make(summary=full)) is OrderState.REFUNDED
    assert order_state(order=order_make(payment_status="Refunded")) is OrderState.REFUNDED
    assert order_state(order=order_make(stage=OrderStage.REJECTED)) is OrderState.CANCELED
    assert order_state(order=order_make(stage=OrderStage.UNKNOWN)) is OrderState.UNKNOWN
    assert order_state(order=order_make(stage=OrderStage.QUOTE_SENT)) is OrderState.UNKNOWN
    assert order_state(order=order_make(stage=OrderStage.COMPLETED_ORDER)) is OrderState.CONFIRMED


def test_carrier_links_are_ours_and_encoded():
    shipments = (
        Shipment("1Z 999&x", "UPS", "https://evil.example/", ()),
        Shipment("1Z999AA10123456784", "", "", ()),  # no carrier named: a UPS number is still UPS
        Shipment("ABC123", "Acme Freight", "https://acme.example/t/ABC123", ()),
    )
    ups, by_number, unknown = shipment_views(shipments=shipments, is_full=True)
    assert ups.tracking_url == "https://www.ups.com/track?tracknum=1Z%20999%26x"
    assert by_number.carrier == "UPS" and by_number.tracking_url.startswith("https://www.ups.com/")
    assert (unknown.carrier, unknown.tracking_url) == ("Acme Freight", "")
    (redacted,) = shipment_views(shipments=shipments[:1], is_full=False)
    assert (redacted.carrier, redacted.tracking_number, redacted.tracking_url) == ("UPS", "", "")
