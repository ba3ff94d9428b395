"""The deterministic demo data (see README "The UltraCart sandbox"), built relative to a `now`.

Order ids DEMO-0009100001 … 0015, auto orders 5001 to 5007, three customers. Text in DEMO-0009100007 is
hostile on purpose (markup, quotes, ampersands, right-to-left text, PDF string delimiters).
"""

from datetime import datetime, timedelta
from typing import Any

from portal.sandbox import shapes
from portal.sandbox.auto_order_data import build_auto_orders
from portal.sandbox.auto_order_data_more import build_more_auto_orders
from portal.sandbox.wire import timestamp

JANE: dict[str, Any] = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane.doe@example.com",
    "address1": "42 Harbor View Rd",
    "address2": "Apt 3",
    "city": "Portland",
    "state_region": "OR",
    "postal_code": "97205",
    "country_code": "US",
    "day_phone": "503-555-0142",
    "day_phone_e164": "+15035550142",
    "customer_profile_oid": 7001,
}
MARIA: dict[str, Any] = {
    "first_name": "María José",
    "last_name": "García-Núñez",
    "email": "maria.garcia@example.es",
    "address1": "Calle de Alcalá 123, 4º B",
    "city": "Madrid",
    "state_region": "Madrid",
    "postal_code": "28009",
    "country_code": "ES",
    "day_phone": "+34 912 345 678",
    "day_phone_e164": "+34912345678",
    "customer_profile_oid": 7002,
}
SEAN: dict[str, Any] = {
    "first_name": "Seán",
    "last_name": "O'Brien",
    "company": "שלום & Co",
    "email": "obrien@example.com",
    "address1": "14 O'Connell St.",
    "city": "Boston",
    "state_region": "MA",
    "postal_code": "02108",
    "country_code": "US",
    "day_phone": "617-555-0199",
    "customer_profile_oid": 7003,
}
CUSTOMERS = (JANE, MARIA, SEAN)

# Overrides for the hostile order: every field a receipt, an invoice or a log might print.
HOSTILE_ADDRESS = {
    "last_name": 'O\'Brien "<b>Bold</b>"',
    "company": "שלום & Co",
    "address1": "<img src=x onerror=alert(1)>",
    "address2": "url(http://evil.example/x.css)",
    "city": 'Cork & "Kerry" </td>',
}
HOSTILE_ITEMS = [
    (
        "TEA-<&>",
        "Tea & Biscuits <script>alert(1)</script> \"Special\" 'Edition'\nCode: (PDF) \\ back\\slash",
        1,
        12.0,
        (("Engraving", "<script>alert('engrave')</script> & \u202eevil\u202c ( ) \\"),),
    ),
    ("MUG-RTL", "ספל קפה — Mug « café » ½ & ¾ <img src=x onerror=alert(1)>", 2, 9.5, ()),
    ("FILE-URL", "Gift card: file:///etc/passwd url(javascript:alert(1))", 1, 5.0, ()),
]

TASTING_TRIO = "Roaster's tasting program: light roast now, then medium, then dark every month"
COFFEE = ("COFFEE-MONTHLY", "Monthly Coffee Club \u2013 Ethiopia Yirgacheffe (12 oz)", 1, 18.5)


TEAS = (
    *("Assam", "Darjeeling", "Ceylon", "Sencha", "Gyokuro", "Matcha", "Oolong", "Pu-erh", "Rooibos"),
    *("Chai", "Earl Grey", "Jasmine", "Lapsang", "Genmaicha", "Hojicha", "Kukicha", "Bancha", "Keemun"),
    *("Yunnan", "Nilgiri", "Kenyan", "Masala", "Mint", "Chamomile", "Hibiscus"),
)


def _spec(number: int, person: dict[str, Any], days: float, **extra: Any) -> dict[str, Any]:
    return {"number": number, "person": person, "age": timedelta(days=days), **extra}


def _specs() -> list[dict[str, Any]]:
    samplers = [
        (f"SAMPLER-{n:02d}", f"Tea sampler no. {n} \u2013 {name}", 1 + n % 3, 3.25 + n * 0.5, ())
        for n, name in enumerate(TEAS, start=1)
    ]
    return [
        _spec(1, JANE, 120, items=[(*COFFEE[:3], 17.5, ())], coupon="WELCOME10", auto_order=5002),
        _spec(2, MARIA, 180, items=[("TE-VERDE", "Té verde japonés (100 g)", 2, 7.9, ())], auto_order=5003),
        _spec(
            3,
            SEAN,
            75,
            items=[("DECAF-MONTHLY", "Decaf Club \u2013 Colombia (12 oz)", 1, 16.0, ())],
            auto_order=5004,
        ),
        _spec(4, JANE, 60, items=[(*COFFEE[:3], 17.5, ())], auto_order=5002),
        _spec(5, MARIA, 90, items=[("TE-VERDE", "Té verde japonés (100 g)", 2, 7.9, ())], auto_order=5003),
        _spec(
            6,
            SEAN,
            45,
            items=[("DECAF-MONTHLY", "Decaf Club \u2013 Colombia (12 oz)", 1, 16.0, ())],
            auto_order=5004,
        ),
        _spec(7, SEAN, 3, items=HOSTILE_ITEMS, hostile=True, paypal=True),
        _spec(8, JANE, 20, items=samplers, shipping=9.95),
        _spec(
            9,
            MARIA,
            5,
            items=[
                (
                    "CAFE-COL",
                    "Café de Colombia \u2013 tueste medio (250 g)",
                    1,
                    12.5,
                    (("Molido", "Para espresso"),),
                ),
                ("TAZA-CER", "Taza de cerámica «Buenos días»", 2, 8.75, ()),
            ],
            currency="EUR",
            language="SPA",
            tax_rate=0.21,
            shipping=4.95,
            method="Correos: Paq Premium",
            stage="Shipping Department",
        ),
        _spec(10, JANE, 30, items=[("KETTLE-GOOSE", "Gooseneck kettle, 1 L", 1, 49.0, ())], refunded=True),
        _spec(11, JANE, 10, items=[("GRINDER-BURR", "Burr grinder", 1, 89.0, ())], tracked=True),
        _spec(
            12,
            JANE,
            2 / (24 * 60),
            items=[(*COFFEE[:3], 18.5, (("Grind", "Whole bean"),))],
            stage="Shipping Department",
            auto_order=5001,
            coupon="SUBSCRIBE5",
        ),
        # Auto orders 5005 to 5007 (auto_order_data_more.py): a multi-step program, a merged one, a decline.
        _spec(13, SEAN, 25, items=[("TASTING-TRIO", TASTING_TRIO, 1, 12.0, ())], auto_order=5005),
        _spec(14, MARIA, 300, items=[("TE-ROJO", "Té rojo Pu-erh (100 g)", 1, 8.4, ())], auto_order=5006),
        _spec(
            15,
            MARIA,
            33,
            items=[
                (
                    "CAFE-COL",
                    "Café de Colombia \u2013 tueste medio (250 g)",
                    1,
                    12.5,
                    (("Molido", "Para espresso"),),
                )
            ],
            currency="EUR",
            language="SPA",
            tax_rate=0.21,
            shipping=4.95,
            auto_order=5007,
        ),
    ]


def _build_order(spec: dict[str, Any], now: datetime) -> dict[str, Any]:
    person, currency = spec["person"], spec.get("currency", "USD")
    created = now - spec["age"]
    stage = spec.get("stage", "Completed Order")
    shipped = created + timedelta(days=1) if stage == "Completed Order" else None
    refunded = created + timedelta(days=2) if spec.get("refunded") else None
    items = [
        shapes.item(
            index,
            sku,
            text,
            qty,
            unit,
            currency=currency,
            options=opts,
            shipped=shipped,
            refunded=bool(refunded),
        )
        for index, (sku, text, qty, unit, opts) in enumerate(spec["items"], start=1)
    ]
    subtotal = sum(qty * unit for _, _, qty, unit, _ in spec["items"])
    discount = round(subtotal * 0.1, 2) if spec.get("coupon") else 0.0
    rate = spec.get("tax_rate", 0.0 if person["state_region"] == "OR" else 0.0625)
    tax = round((subtotal - discount) * rate, 2)
    shipping_cost = spec.get("shipping", 5.99)
    total = round(subtotal - discount + shipping_cost + tax, 2)
    bill_to = {**person, **(HOSTILE_ADDRESS if spec.get("hostile") else {})}
    method = spec.get("method", "UPS: Ground")
    shipping: dict[str, Any] = {
        "weight": {"value": len(items), "uom": "LB"},
        "shipping_method": method,
        **shapes.address(bill_to, with_email=False),
        "ship_to_residential": True,
        "tracking_numbers": [""],
        "tracking_number_details": [],
    }
    if spec.get("hostile"):
        shipping["address2"] = "file:///etc/passwd"
        shipping["special_instructions"] = 'Ring "twice" & wave </script><script>alert(2)</script>'
    if shipped:
        shipping["shipping_date"] = timestamp(shipped)
        shipping["tracking_numbers"] = [f"1Z999AA1{spec['number']:010d}"]
    if spec.get("tracked") and shipped:  # only shipped orders have tracking
        number = "1Z999AA10123456784"
        shipping["tracking_numbers"] = [number]
        shipping["tracking_number_details"] = [
            shapes.tracking(number, shipped=shipped, delivered=shipped + timedelta(days=3), method=method)
        ]
    order: dict[str, Any] = {
        "merchant_id": shapes.MERCHANT_ID,
        "order_id": f"DEMO-{9100000 + spec['number']:010d}",
        "current_stage": stage,
        "creation_dts": timestamp(created),
        "currency_code": currency,
        "language_iso_code": spec.get("language", "ENG"),
        "billing": shapes.address(bill_to, with_email=True),
        "shipping": shipping,
        "items": items,
        "summary": shapes.summary(
            subtotal, discount, shipping_cost, tax, currency=currency, refunded=bool(refunded)
        ),
        "taxes": {"tax_rate": rate, "tax_rate_state": rate, "tax_shipping": False},
        "checkout": {"storefront_host_name": shapes.STOREFRONT, "customer_ip_address": "203.0.113.7"},
        "internal": {
            "merchant_notes": "Loyal customer; ships from the Portland warehouse.",
            "placed_by_user": "storefront",
        },
        "properties": [{"name": "screenSize", "value": "large"}],
        "utms": [],
    }
    if spec.get("paypal"):
        order["payment"] = shapes.paypal_payment(created, email=person["email"], total=total)
    elif person is MARIA:
        order["payment"] = shapes.card_payment(created, card_type="MasterCard", last4="4444", total=total)
    else:
        order["payment"] = shapes.card_payment(
            created, card_type="VISA", last4="1111", total=total, refunded=refunded
        )
    if spec.get("coupon"):
        order["coupons"] = [
            {"coupon_code": spec["coupon"], "base_coupon_code": spec["coupon"], "accounting_code": "promo"}
        ]
    if refunded:
        order["refund_dts"] = timestamp(refunded)
        order["refund_reason"] = "CustomerCancel"
        order["internal"]["refund_by_user"] = "demo"
    if spec.get("hostile"):
        order["checkout"]["comments"] = 'Please gift-wrap <b>this</b> & add a note: "Happy birthday!"'
        order["internal"]["merchant_notes"] = "Customer called about <script>alert('notes')</script>"
    if spec.get("auto_order"):
        # A reference; views refresh status fields from the auto order itself when `auto_order` is expanded.
        order["auto_order"] = {"auto_order_oid": spec["auto_order"]}
    return order


def customer_records(now: datetime) -> list[dict[str, Any]]:
    records = []
    for index, person in enumerate(CUSTOMERS):
        oid = person["customer_profile_oid"]
        used = timestamp(now - timedelta(days=index + 1))
        book = shapes.address(person, with_email=False)
        records.append(
            {
                "customer_profile_oid": oid,
                "merchant_id": shapes.MERCHANT_ID,
                "email": person["email"],
                "billing": [
                    {
                        "customer_profile_oid": oid,
                        "customer_billing_oid": oid * 10 + 1,
                        **book,
                        "last_used_dts": used,
                    }
                ],
                "shipping": [
                    {
                        "customer_profile_oid": oid,
                        "customer_shipping_oid": oid * 10 + 2,
                        **book,
                        "last_used_dts": used,
                    }
                ],
                "signup_dts": timestamp(now - timedelta(days=400 - index * 50)),
                "last_modified_dts": used,
                "fax": "",
            }
        )
    return records


def build(now: datetime) -> dict[str, list[dict[str, Any]]]:
    """Everything the sandbox holds after start-up or a reset."""
    orders = [_build_order(spec, now) for spec in _specs()]
    by_id = {order["order_id"]: order for order in orders}
    return {
        "orders": orders,
        "auto_orders": build_auto_orders(by_id, now) + build_more_auto_orders(by_id, now),
        "customers": customer_records(now),
    }
