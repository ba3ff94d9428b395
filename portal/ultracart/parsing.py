"""UltraCart JSON -> models, tolerantly.

UltraCart omits absent fields (no nulls), returns requested expansions empty or not at all, mixes int and
float, and grows its enums over time. Nothing here raises on shape: a wrong type counts as absent.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from portal.ultracart.models import (
    Address,
    Coupon,
    ItemOption,
    Money,
    Order,
    OrderItem,
    OrderPage,
    OrderStage,
    OrderSummary,
    Shipment,
    TaxLine,
    TrackingEvent,
)

_STAGES = {stage.value.lower(): stage for stage in OrderStage}
# ISO 639-2 (what UltraCart sends, T and B forms) -> ISO 639-1 for the languages we are likely to meet.
_LANGUAGES = {
    "eng": "en", "spa": "es", "esp": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "pol": "pl",
    "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko", "rus": "ru", "heb": "he", "ara": "ar", "tur": "tr",
}  # fmt: skip
_CARD_NAMES = {"AMEX": "American Express", "VISA": "Visa", "MASTERCARD": "Mastercard"}
_EMPTY: Mapping[str, Any] = {}


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else _EMPTY


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None  # e.g. PayPal's "Thu May 18 11:39:10 EDT 2023": not a field we read
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _money(value: Any) -> Money | None:
    data = _dict(value)
    # `localized` is in the customer's currency, like `localized_formatted`; `value` in the merchant's.
    amount = _decimal(data.get("localized"))
    if amount is None:
        amount = _decimal(data.get("value"))
    if amount is None:
        return None
    return Money(value=amount, formatted=_str(data.get("localized_formatted")) or f"{amount:.2f}")


def _address(value: Any) -> Address | None:
    data = _dict(value)
    if not data:
        return None
    return Address(
        first_name=_str(data.get("first_name")),
        last_name=_str(data.get("last_name")),
        company=_str(data.get("company")),
        address1=_str(data.get("address1")),
        address2=_str(data.get("address2")),
        city=_str(data.get("city")),
        state_region=_str(data.get("state_region")),
        postal_code=_str(data.get("postal_code")),
        country_code=_str(data.get("country_code")),
        email=_str(data.get("email")),
        phone=_str(data.get("day_phone")) or _str(data.get("evening_phone")),
    )


def _language(value: Any) -> str:
    code = _str(value).strip().lower()
    if len(code) == 2 and code.isalpha():
        return code
    return _LANGUAGES.get(code, "en")


def _order_item(data: Mapping[str, Any]) -> OrderItem:
    options = tuple(
        ItemOption(name=_str(option.get("label")), value=_str(option.get("value")))
        for option in map(_dict, _list(data.get("options")))
        if option and option.get("hidden") is not True
    )
    return OrderItem(
        item_id=_str(data.get("merchant_item_id")),
        description=_str(data.get("description")),
        quantity=_decimal(data.get("quantity")) or Decimal(0),
        unit_price=_money(data.get("unit_cost_with_discount")) or _money(data.get("cost")),
        total=_money(data.get("total_cost_with_discount")),
        options=options,
        quantity_refunded=_decimal(data.get("quantity_refunded")) or Decimal(0),
        is_kit_component=data.get("kit_component") is True,
    )


def _carrier(shipping_method: str) -> str:
    # "UPS: SurePost" -> "UPS"; a method without a carrier prefix tells us nothing reliable.
    return shipping_method.split(":", 1)[0].strip() if ":" in shipping_method else ""


def _event_place(event: Mapping[str, Any]) -> str:
    """City, then region and postal code together: "Portland, OR 97205"."""
    region = " ".join(part for part in (_str(event.get("state")), _str(event.get("zip"))) if part)
    return ", ".join(part for part in (_str(event.get("city")), region) if part)


def _event_sort_key(event: TrackingEvent) -> datetime:
    return event.at or datetime.min.replace(tzinfo=UTC)


def _shipments(shipping: Mapping[str, Any]) -> tuple[Shipment, ...]:
    default_carrier = _carrier(_str(shipping.get("shipping_method")))
    shipments: list[Shipment] = []
    for detail in map(_dict, _list(shipping.get("tracking_number_details"))):
        number = _str(detail.get("tracking_number")).strip()
        if not number:
            continue
        events = sorted(
            (
                TrackingEvent(
                    at=_datetime(event.get("event_dts")),
                    description=_str(event.get("subtag_message"))
                    or _str(event.get("tag_description"))
                    or _str(event.get("tag")),
                    location=_event_place(event),
                    tag=_str(event.get("tag")),
                )
                for event in map(_dict, _list(detail.get("details")))
                if event
            ),
            key=_event_sort_key,
            reverse=True,  # newest first, as a shopper reads tracking; undated events last
        )
        carrier = _carrier(_str(detail.get("shipping_method"))) or default_carrier
        shipments.append(
            Shipment(
                tracking_number=number,
                carrier=carrier,
                url=_str(detail.get("tracking_url")),
                events=tuple(events),
                status=_str(detail.get("status")),
                expected_delivery_at=_datetime(detail.get("expected_delivery_date")),
                delivered_at=_datetime(detail.get("actual_delivery_date")),
            )
        )
    known = {shipment.tracking_number for shipment in shipments}
    for raw_number in _list(shipping.get("tracking_numbers")):
        number = _str(raw_number).strip()
        if number and number not in known:  # UltraCart sends [""] for "none yet"
            known.add(number)
            shipments.append(Shipment(number, default_carrier, "", ()))
    return tuple(shipments)


def _payment_description(payment: Mapping[str, Any]) -> str:
    method = _str(payment.get("payment_method"))
    card = _dict(payment.get("credit_card"))
    if not card:
        return method
    card_type = _str(card.get("card_type"))
    card_name = _CARD_NAMES.get(card_type.upper(), card_type) or "Card"
    last4 = _str(card.get("card_number"))[-4:]  # UltraCart masks it; we keep only the last four anyway
    return f"{card_name} ending in {last4}" if last4.isdigit() and len(last4) == 4 else card_name


def _card_last4(card: Mapping[str, Any]) -> str:
    last4 = _str(card.get("card_number"))[-4:]  # UltraCart masks it; we keep only the last four anyway
    return last4 if last4.isdigit() and len(last4) == 4 else ""


def _taxes(summary: OrderSummary, taxes: Mapping[str, Any]) -> tuple[TaxLine, ...]:
    # UltraCart gives rates in `taxes` and one amount in `summary.tax`: one line, labelled with the rate.
    if summary.tax is None or summary.tax.is_zero:
        return ()
    rate = _decimal(taxes.get("tax_rate"))
    label = f"Tax ({(rate * 100).normalize():f}%)" if rate else "Tax"
    return (TaxLine(label=label, amount=summary.tax, rate=rate or None),)


def _coupons(value: Any) -> tuple[Coupon, ...]:
    coupons = []
    for coupon in map(_dict, _list(value)):
        if coupon.get("hdie_from_customer") is True or coupon.get("hide_from_customer") is True:
            continue
        code = _str(coupon.get("coupon_code")) or _str(coupon.get("base_coupon_code"))
        base = _str(coupon.get("base_coupon_code"))
        if code:
            coupons.append(Coupon(code=code, description=base if base != code else ""))
    return tuple(coupons)


def fingerprint_of(raw: Any) -> str:
    # The canonical dump (sorted keys) was most of a parse with the json module; orjson writes the same
    # canonical form ~10x faster. json stays the fallback for what orjson refuses (integers over 64 bits).
    try:
        canonical = orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        canonical = json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def order_from_json(raw: Any) -> Order:
    data = _dict(raw)
    billing, shipping_data = _address(data.get("billing")), _dict(data.get("shipping"))
    payment, summary_data = _dict(data.get("payment")), _dict(data.get("summary"))
    stage_label = _str(data.get("current_stage"))
    summary = OrderSummary(
        subtotal=_money(summary_data.get("subtotal")),
        discount=_money(summary_data.get("subtotal_discount")),
        shipping=_money(summary_data.get("shipping_handling_total")),
        tax=_money(summary_data.get("tax")),
        total=_money(summary_data.get("total")),
        refunded=_money(summary_data.get("total_refunded")),
    )
    auto_order = _dict(data.get("auto_order"))
    return Order(
        order_id=_str(data.get("order_id")),
        merchant_id=_str(data.get("merchant_id")),
        stage=_STAGES.get(stage_label.strip().lower(), OrderStage.UNKNOWN),
        stage_label=stage_label,
        created_at=_datetime(data.get("creation_dts")),
        paid_at=_datetime(payment.get("payment_dts")),
        shipped_at=_datetime(shipping_data.get("shipping_date")),
        refunded_at=_datetime(data.get("refund_dts")),
        refund_reason=_str(data.get("refund_reason")),
        currency_code=_str(data.get("currency_code")),
        language=_language(data.get("language_iso_code")),
        email=billing.email if billing else "",
        billing=billing,
        shipping=_address(shipping_data),
        items=tuple(_order_item(item) for item in map(_dict, _list(data.get("items"))) if item),
        summary=summary,
        taxes=_taxes(summary, _dict(data.get("taxes"))),
        coupons=_coupons(data.get("coupons")),
        payment_method=_str(payment.get("payment_method")),
        payment_description=_payment_description(payment),
        shipments=_shipments(shipping_data),
        auto_order_oid=_int(auto_order.get("auto_order_oid")),
        auto_order_code=_str(auto_order.get("auto_order_code")),
        auto_order_status=_str(auto_order.get("status")).strip().lower(),
        auto_order_failed=bool(_str(auto_order.get("failure_reason"))),
        fingerprint=fingerprint_of(raw),
        payment_status=_str(payment.get("payment_status")),
        shipping_method=_str(shipping_data.get("shipping_method")),
        card_type=_str(_dict(payment.get("credit_card")).get("card_type")),
        card_last4=_card_last4(_dict(payment.get("credit_card"))),
    )


def order_page_from_json(body: Any) -> OrderPage:
    data = _dict(body)
    result_set = _dict(_dict(data.get("metadata")).get("result_set"))
    return OrderPage(
        orders=tuple(
            order_from_json(order) for order in _list(data.get("orders")) if isinstance(order, dict)
        ),
        more=result_set.get("more") is True,
        next_offset=_int(result_set.get("next_offset")),
        total=_int(result_set.get("total_records")),
    )
