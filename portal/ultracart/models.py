"""Typed views of UltraCart objects: what the rest of the portal sees instead of JSON.

Frozen, slotted dataclasses. Parsing (parsing.py) is tolerant: a missing field becomes None, "" or an empty
tuple, and an enum value we do not know becomes UNKNOWN while the raw text is kept in a `*_label` field, so
a page always renders even when UltraCart adds a stage or a status.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Money:
    value: Decimal
    formatted: str  # UltraCart's localized_formatted: "$17.95", "12,50 €"

    def __str__(self) -> str:
        return self.formatted

    @property
    def is_zero(self) -> bool:
        return self.value == 0


@dataclass(frozen=True, slots=True)
class Address:
    first_name: str
    last_name: str
    company: str
    address1: str
    address2: str
    city: str
    state_region: str
    postal_code: str
    country_code: str
    email: str
    phone: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def lines(self) -> tuple[str, ...]:
        """The postal lines worth printing, without empty ones."""
        city_line = " ".join(part for part in (self.city, self.state_region, self.postal_code) if part)
        candidates = (self.company, self.address1, self.address2, city_line, self.country_code)
        return tuple(line for line in candidates if line)


@dataclass(frozen=True, slots=True)
class ItemOption:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class OrderItem:
    item_id: str
    description: str
    quantity: Decimal
    unit_price: Money | None
    total: Money | None
    options: tuple[ItemOption, ...]
    quantity_refunded: Decimal
    is_kit_component: bool


@dataclass(frozen=True, slots=True)
class TaxLine:
    label: str  # English, from parsing; pages and invoices word the label themselves from `rate`
    amount: Money
    rate: Decimal | None = None  # 0.21 for 21 %


@dataclass(frozen=True, slots=True)
class OrderSummary:
    subtotal: Money | None
    discount: Money | None
    shipping: Money | None
    tax: Money | None
    total: Money | None
    refunded: Money | None


class OrderStage(StrEnum):
    """Order.current_stage; values are UltraCart's own labels."""

    ACCOUNTS_RECEIVABLE = "Accounts Receivable"
    PENDING_CLEARANCE = "Pending Clearance"
    FRAUD_REVIEW = "Fraud Review"
    REJECTED = "Rejected"
    SHIPPING_DEPARTMENT = "Shipping Department"
    COMPLETED_ORDER = "Completed Order"
    QUOTE_REQUEST = "Quote Request"
    QUOTE_SENT = "Quote Sent"
    LEAST_COST_ROUTING = "Least Cost Routing"
    PRE_ORDERED = "Pre-ordered"
    ADVANCED_ORDER_ROUTING = "Advanced Order Routing"
    HOLD = "Hold"
    UNKNOWN = "Unknown"


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    at: datetime | None
    description: str  # the carrier's own words, usually English ("Departed facility")
    location: str
    tag: str = ""  # UltraCart's event code ("InTransit", "Delivered"): what pages translate


@dataclass(frozen=True, slots=True)
class Shipment:
    tracking_number: str
    carrier: str  # "UPS", "FedEx", ... as the shipping method names it; "" when it names none
    url: str  # UltraCart's tracking_url, "" when absent
    events: tuple[TrackingEvent, ...]  # newest first
    status: str = ""  # UltraCart's raw status ("Delivered", "InTransit"); shown through a translation table
    expected_delivery_at: datetime | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Coupon:
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    merchant_id: str
    stage: OrderStage
    stage_label: str  # the raw current_stage text, shown when stage is UNKNOWN
    created_at: datetime | None
    paid_at: datetime | None
    shipped_at: datetime | None
    refunded_at: datetime | None
    refund_reason: str
    currency_code: str
    language: str  # two-letter lowercase ("en", "es"); UltraCart sends ISO 639-2 ("ENG", "SPA")
    email: str
    billing: Address | None
    shipping: Address | None
    items: tuple[OrderItem, ...]
    summary: OrderSummary
    taxes: tuple[TaxLine, ...]
    coupons: tuple[Coupon, ...]
    payment_method: str
    payment_description: str  # non-sensitive ("Visa ending in 1111", "PayPal"); never a card number
    shipments: tuple[Shipment, ...]
    auto_order_oid: int | None
    auto_order_code: str
    fingerprint: str  # sha256 of the canonical JSON this was parsed from (invoice cache keys use it)
    # Beyond the agreed interface:
    payment_status: str = ""  # raw: "Processed", "Refunded", "Unprocessed", ...
    shipping_method: str = ""
    card_type: str = (
        ""  # raw credit_card.card_type ("VISA", "MasterCard"); pages word it in the order's language
    )
    card_last4: str = ""  # the last four digits only, "" when UltraCart gave none
    # The order's `auto_order` pointer: the subscription's status as UltraCart last told us with this order
    # (raw "active", "canceled", ...; "" when absent), and whether its last rebill failed.
    auto_order_status: str = ""
    auto_order_failed: bool = False

    @property
    def first_name(self) -> str:
        for address in (self.billing, self.shipping):
            if address and address.first_name:
                return address.first_name
        return ""

    @property
    def is_refunded(self) -> bool:
        return self.refunded_at is not None or self.payment_status == "Refunded"


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: tuple[Order, ...]
    more: bool
    next_offset: int | None
    total: int | None


@dataclass(frozen=True, slots=True)
class ReceiptHtml:
    """UltraCart's formatted receipt. UNSANITIZED upstream HTML: the receipts app sanitizes it."""

    html: str
    css_links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CardOnFile:
    """The card rebills charge: never more than its type, last four digits and expiry."""

    card_type: str  # UltraCart's raw card_type ("VISA", "MasterCard", "AMEX"); "" when absent
    last4: str  # "" when UltraCart gave none
    expiration_month: int | None
    expiration_year: int | None


class AutoOrderStatus(StrEnum):
    ACTIVE = "active"
    CANCELED = "canceled"
    DISABLED = "disabled"
    MERGED = "merged"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class FutureShipment:
    """One of an item's next rebills (items.future_schedules): when, which item, at what unit price."""

    shipment_at: datetime
    item_id: str  # for a multi-step program, the step's item; after a swap, the swapped-in item
    unit_cost: Decimal | None
    rebill_count: int | None


@dataclass(frozen=True, slots=True)
class AutoOrderAddOn:
    """An item added to the next `next_x_orders` rebills (the auto order's add_ons)."""

    item_id: str
    quantity: int
    next_x_orders: int | None
    unit_cost: Decimal | None  # arbitrary_unit_cost; None: the item's own price
    free_shipping: bool
    options: tuple[ItemOption, ...]


@dataclass(frozen=True, slots=True)
class AutoOrderItem:
    auto_order_item_oid: int | None
    item_id: str  # original_item_id: the item that controls the schedule
    description: str  # from the original order's matching line, when that was expanded
    quantity: Decimal
    frequency: str  # slug of a known frequency ("monthly", "every_2_months"), "unknown", or "" when absent
    frequency_label: str  # UltraCart's raw text ("Monthly"), "" when absent
    next_shipment_at: datetime | None
    paused: bool
    unit_price: Decimal | None  # auto order money is plain numbers, not localized
    future_shipments: tuple[datetime, ...]
    next_item_id: str = ""
    # The self-service fields (issues 23, 24): as UltraCart has them, "" / None / () when absent.
    every_days: int | None = None  # arbitrary_schedule_days, meaningful with frequency "Every..."
    arbitrary_item_id: str = ""  # a swap: rebilled instead of the schedule's item, every step
    options: tuple[ItemOption, ...] = ()
    arbitrary_unit_cost: Decimal | None = None
    arbitrary_unit_cost_remaining_orders: int | None = None  # None: the arbitrary cost has no end
    future_schedules: tuple[FutureShipment, ...] = ()

    @property
    def is_multi_step(self) -> bool:
        """On a fixed, multi-step program, which has no frequency ("if not a fixed schedule")."""
        return not self.frequency_label


@dataclass(frozen=True, slots=True)
class AutoOrder:
    auto_order_oid: int
    auto_order_code: str
    status: AutoOrderStatus
    status_label: str
    enabled: bool
    original_order_id: str
    email: str  # from the original order's billing, when that was expanded
    items: tuple[AutoOrderItem, ...]
    next_shipment_at: datetime | None  # earliest next shipment over the items
    paused: bool  # every item is paused
    canceled_at: datetime | None
    cancel_reason: str
    canceled_by_user: str
    disabled_at: datetime | None
    failure_reason: str
    rebill_order_ids: tuple[str, ...]
    # Beyond the agreed interface:
    next_attempt_at: datetime | None = None  # UltraCart's next processing attempt: a retry after a decline
    created_at: datetime | None = None  # the original order's creation date
    card: CardOnFile | None = None  # the original order's card, which rebills charge
    # The self-service fields (issues 23, 24):
    shipping: Address | None = None  # original_order.shipping: where every later rebill ships
    add_ons: tuple[AutoOrderAddOn, ...] = ()
    cancel_after_next_x_orders: int | None = None
    credit_card_attempt: int = 0
    failure_kind: str = ""  # "declined", "insufficient_funds", "expired_card", "other"; "" without a failure
    merged_at: datetime | None = None
    merged_into_auto_order_oid: int | None = None
    currency_code: str = ""  # the original order's: auto order money (unit costs) is plain numbers in it

    @property
    def is_active(self) -> bool:
        return self.status == AutoOrderStatus.ACTIVE
