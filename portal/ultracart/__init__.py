"""The only door to UltraCart. Import everything from here: `from portal.ultracart import order_get`.

Callers get frozen dataclasses (models.py) or one of the errors (errors.py); never JSON, status codes or
`requests`.
"""

from portal.ultracart.auto_order_writes import Precondition, auto_order_pause, auto_order_update
from portal.ultracart.auto_orders import (
    auto_order_billing_url,
    auto_order_get,
    auto_order_get_fresh,
    auto_order_list_for_email,
)
from portal.ultracart.cache import (
    auto_order_cache_invalidate,
    customer_cache_invalidate,
    order_cache_invalidate,
)
from portal.ultracart.client import ultracart_last_request_id, ultracart_request_scope
from portal.ultracart.errors import (
    BadCredentials,
    BadResponse,
    NotFound,
    RateLimited,
    UltraCartError,
    Unavailable,
)
from portal.ultracart.models import (
    Address,
    AutoOrder,
    AutoOrderItem,
    AutoOrderStatus,
    Coupon,
    ItemOption,
    Money,
    Order,
    OrderItem,
    OrderPage,
    OrderStage,
    OrderSummary,
    ReceiptHtml,
    Shipment,
    TaxLine,
    TrackingEvent,
)
from portal.ultracart.orders import (
    order_cached,
    order_get,
    order_get_by_token,
    order_invoice_pdf,
    order_list_for_email,
    order_receipt_html,
    order_receipt_resend,
    order_token_cached,
    order_token_generate,
)

__all__ = [
    "Address",
    "AutoOrder",
    "AutoOrderItem",
    "AutoOrderStatus",
    "BadCredentials",
    "BadResponse",
    "Coupon",
    "ItemOption",
    "Money",
    "NotFound",
    "Order",
    "OrderItem",
    "OrderPage",
    "OrderStage",
    "OrderSummary",
    "Precondition",
    "RateLimited",
    "ReceiptHtml",
    "Shipment",
    "TaxLine",
    "TrackingEvent",
    "UltraCartError",
    "Unavailable",
    "auto_order_billing_url",
    "auto_order_cache_invalidate",
    "auto_order_get",
    "auto_order_get_fresh",
    "auto_order_list_for_email",
    "auto_order_pause",
    "auto_order_update",
    "customer_cache_invalidate",
    "order_cache_invalidate",
    "order_cached",
    "order_get",
    "order_get_by_token",
    "order_invoice_pdf",
    "order_list_for_email",
    "order_receipt_html",
    "order_receipt_resend",
    "order_token_cached",
    "order_token_generate",
    "ultracart_last_request_id",
    "ultracart_request_scope",
]
