"""The sandbox's own URLconf (served by portal.sandbox.server, never mounted in the portal).

Each API route maps HTTP methods to UltraCart operation names; the server dispatches on them.
"""

from collections.abc import Callable
from typing import NoReturn

from django.http import HttpResponse
from django.urls import URLPattern, path

from portal.sandbox import billing_page
from portal.sandbox import views_auto_orders as auto
from portal.sandbox import views_control as control
from portal.sandbox import views_items as items
from portal.sandbox import views_orders as orders

# What an API route maps each HTTP method to: (UltraCart operation name, view).
ApiMethod = tuple[str, Callable[..., HttpResponse]]


class Api:
    """An API route: {method: (operation name, view)}."""

    def __init__(self, **methods: ApiMethod) -> None:
        self.methods = methods

    def __call__(self, request: object, **kwargs: object) -> NoReturn:
        raise AssertionError("API routes are dispatched by portal.sandbox.server")


def api(route: str, **methods: ApiMethod) -> URLPattern:
    return path(f"rest/v2/{route}", Api(**methods), name=route)


urlpatterns = [
    api("order/orders/token", POST=("getOrderByToken", orders.get_order_by_token)),
    api("order/orders/token/<str:order_id>", GET=("generateOrderToken", orders.generate_order_token)),
    api("order/orders/query", POST=("getOrdersByQuery", orders.get_orders_by_query)),
    api("order/orders", GET=("getOrders", orders.get_orders)),
    api("order/orders/<str:order_id>", GET=("getOrder", orders.get_order)),
    api("order/orders/<str:order_id>/format", POST=("format", orders.format_order)),
    api("order/orders/<str:order_id>/invoice", GET=("generateInvoice", orders.generate_invoice)),
    api("order/orders/<str:order_id>/resend_receipt", POST=("resendReceipt", orders.resend_receipt)),
    api(
        "auto_order/auto_orders/cancel_reasons",
        GET=("getAutoOrderCancelReasons", auto.get_auto_order_cancel_reasons),
    ),
    api("auto_order/auto_orders/query", POST=("getAutoOrdersByQuery", auto.get_auto_orders_by_query)),
    api("auto_order/auto_orders", GET=("getAutoOrders", auto.get_auto_orders)),
    api(
        "auto_order/auto_orders/<int:auto_order_oid>",
        GET=("getAutoOrder", auto.get_auto_order),
        PUT=("updateAutoOrder", auto.update_auto_order),
    ),
    api("auto_order/auto_orders/<int:auto_order_oid>/pause", PUT=("pauseAutoOrder", auto.pause_auto_order)),
    api(
        "auto_order/auto_orders/<int:auto_order_oid>/update_billing_url",
        GET=("getAutoOrderUpdateBillingUrl", auto.get_auto_order_update_billing_url),
    ),
    api(
        "auto_order/auto_orders/code/<str:auto_order_code>",
        GET=("getAutoOrderByCode", auto.get_auto_order_by_code),
    ),
    api(
        "auto_order/auto_orders/reference_order_id/<str:reference_order_id>",
        GET=("getAutoOrderByReferenceOrderId", auto.get_auto_order_by_reference_order_id),
    ),
    api(
        "item/items/merchant_item_id/<str:merchant_item_id>",
        GET=("getItemByMerchantItemId", items.get_item_by_merchant_item_id),
    ),
    api("customer/customers/by_email/<path:email>", GET=("getCustomerByEmail", orders.get_customer_by_email)),
    path("_control/reset", control.reset),
    path("_control/orders", control.orders),
    path("_control/auto_orders", control.auto_orders),
    path("_control/faults", control.fault_list),
    path("_control/requests", control.request_log),
    path("_control/tokens", control.tokens),
    path("update-billing/<str:auto_order_code>", billing_page.update_billing_page),
]
