"""Builders for UltraCart-shaped JSON (money, addresses, items, summaries), used by the demo data."""

from datetime import datetime, timedelta
from typing import Any

from portal.sandbox.wire import timestamp

MERCHANT_ID = "DEMO"
STOREFRONT = "demo.ultracartstore.com"


def money(value: float, currency: str = "USD") -> dict[str, Any]:
    """`{value, localized, localized_formatted}` as UltraCart sends it ("$1,234.50", "1.234,50 €")."""
    value = round(value, 2)
    grouped = f"{abs(value):,.2f}"
    sign = "-" if value < 0 else ""
    if currency == "EUR":
        text = f"{sign}{grouped.replace(',', ' ').replace('.', ',').replace(' ', '.')} €"
    elif currency == "GBP":
        text = f"{sign}£{grouped}"
    else:
        text = f"{sign}${grouped}"
    return {"value": value, "localized": value, "localized_formatted": text}


def address(person: dict[str, Any], *, with_email: bool) -> dict[str, Any]:
    keys = ["first_name", "last_name", "company", "address1", "address2", "city", "state_region"]
    keys += ["postal_code", "country_code", "day_phone", "day_phone_e164"]
    record = {key: person[key] for key in keys if person.get(key)}
    if with_email:
        record["email"] = person["email"]
    return record


def item(
    index: int,
    sku: str,
    description: str,
    quantity: int,
    unit: float,
    *,
    currency: str,
    options: tuple[tuple[str, str], ...] = (),
    shipped: datetime | None = None,
    refunded: bool = False,
) -> dict[str, Any]:
    total = unit * quantity
    record: dict[str, Any] = {
        "merchant_item_id": sku,
        "quantity": quantity,
        "description": description,
        "cost": money(unit, currency),
        "weight": {"value": 1, "uom": "LB"},
        "special_product_type": "",
        "discount": money(0, currency),
        "item_reference_oid": 90514000 + index * 7 + len(sku),
        "accounting_code": sku.split("-")[0].title(),
        "distribution_center_code": "DFLT",
        "options": [
            {
                "label": label,
                "value": value,
                "cost_change": money(0, currency),
                "weight_change": {"value": 0, "uom": "LB"},
                "additional_dimension_application": "none",
            }
            for label, value in options
        ],
        "unit_cost_with_discount": money(unit, currency),
        "total_cost_with_discount": money(total, currency),
        "tax_product_type": "",
        "item_index": index,
    }
    if not options:
        del record["options"]
    if shipped:
        record["shipped_dts"] = timestamp(shipped)
    if refunded:
        record["quantity_refunded"] = quantity
        record["total_refunded"] = money(total, currency)
        record["refund_reason"] = "CustomerCancel"
    return record


def summary(
    subtotal: float, discount: float, shipping: float, tax: float, *, currency: str, refunded: bool
) -> dict[str, Any]:
    total = subtotal - discount + shipping + tax
    zero = money(0, currency)
    record = {
        "shipping_handling_total": money(shipping, currency),
        "subtotal": money(subtotal, currency),
        "tax": money(tax, currency),
        "total": money(total, currency),
        "shipping_handling_total_discount": zero,
        "subtotal_discount": money(discount, currency),
        "taxable_subtotal_discount": money(discount, currency),
        "taxable_subtotal": money(subtotal - discount, currency),
        "total_refunded": money(total if refunded else 0, currency),
    }
    if refunded:
        record["subtotal_refunded"] = money(subtotal - discount, currency)
        record["subtotal_discount_refunded"] = zero
        record["tax_refunded"] = money(tax, currency)
        record["shipping_handling_refunded"] = money(shipping, currency)
    return record


def card_payment(
    paid: datetime, *, card_type: str, last4: str, total: float, refunded: datetime | None = None
) -> dict[str, Any]:
    status = "Refunded" if refunded else "Processed"
    transactions = [
        {
            "transaction_gateway": "Stripe",
            "transaction_timestamp": timestamp(paid),
            "details": [
                {"name": "Authorization Code", "value": f"AUTH{last4}{int(total * 100) % 997:03d}"},
                {"name": "Amount", "value": f"{total:.2f}"},
            ],
            "successful": True,
            "transaction_id": 60086000 + int(total * 100) % 9973,
        }
    ]
    if refunded:
        transactions.insert(
            0,
            {
                "transaction_gateway": "Stripe",
                "transaction_timestamp": timestamp(refunded),
                "details": [{"name": "UC Refund Amount", "value": f"{total:.2f}"}],
                "successful": True,
                "transaction_id": 60087000 + int(total * 100) % 9973,
            },
        )
    return {
        "payment_method": "Credit Card",
        "payment_status": status,
        "payment_dts": timestamp(paid),
        "credit_card": {
            "card_type": card_type,
            "card_number": "************" + last4,
            "card_number_truncated": True,
            "card_expiration_month": 9,
            "card_expiration_year": paid.year + 3,
        },
        "transactions": transactions,
    }


def paypal_payment(paid: datetime, *, email: str, total: float) -> dict[str, Any]:
    return {
        "payment_method": "PayPal",
        "payment_status": "Processed",
        "payment_dts": timestamp(paid),
        "transactions": [
            {
                "transaction_gateway": "PayPal",
                "transaction_timestamp": timestamp(paid),
                "details": [
                    {"name": "Authorization Code", "type": "AuthTicket"},
                    {"name": "payer.email_address", "value": email},
                    {"name": "purchase_units[0].amount.value", "value": f"{total:.2f}"},
                ],
                "successful": True,
                "transaction_id": 60088000 + int(total * 100) % 9973,
            }
        ],
    }


def tracking(number: str, *, shipped: datetime, delivered: datetime, method: str) -> dict[str, Any]:
    """One `shipping.tracking_number_details` entry with its events, oldest first."""
    steps = [
        (shipped, "InfoReceived", "Shipping label created", "Portland", "OR", "97205"),
        (shipped + timedelta(hours=6), "InTransit", "Departed facility", "Portland", "OR", "97218"),
        (
            shipped + timedelta(days=1, hours=3),
            "InTransit",
            "Arrived at facility",
            "Sacramento",
            "CA",
            "95820",
        ),
        (delivered - timedelta(hours=5), "OutForDelivery", "Out for delivery", "Portland", "OR", "97205"),
        (delivered, "Delivered", "Delivered, front door", "Portland", "OR", "97205"),
    ]
    return {
        "tracking_number": number,
        "tracking_url": f"https://www.ups.com/track?tracknum={number}",
        "shipping_method": method,
        "status": "Delivered",
        "status_description": "Delivered",
        "order_placed_date": timestamp(shipped - timedelta(days=1)),
        "shipped_date": timestamp(shipped),
        "shipped_date_formatted": shipped.strftime("%b %d, %Y"),
        "expected_delivery_date": timestamp(delivered),
        "expected_delivery_date_formatted": delivered.strftime("%b %d, %Y"),
        "actual_delivery_date": timestamp(delivered),
        "actual_delivery_date_formatted": delivered.strftime("%b %d, %Y"),
        "details": [
            {
                "event_dts": timestamp(at),
                "event_local_date": at.strftime("%Y-%m-%d"),
                "event_local_time": at.strftime("%H:%M"),
                "event_timezone_id": "America/Los_Angeles",
                "tag": tag,
                "tag_description": tag,
                "subtag": f"{tag}_001",
                "subtag_message": message,
                "city": city,
                "state": state,
                "zip": postal,
            }
            for at, tag, message, city, state, postal in steps
        ],
    }
