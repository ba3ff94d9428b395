from django.urls import path

from portal.core.headers import head_without_side_effects, order_page_headers
from portal.subscriptions import link_views, views
from portal.subscriptions.registry import PAGES

# Every subscription page is a private page (no-store, same-origin referrer, noindex), like the order pages:
# the headers are put on here, once, so no view can be added without them.
app_name = "subscriptions"
urlpatterns = [
    path("account/subscriptions/", order_page_headers(views.subscription_list), name="list"),
    path(
        "account/subscriptions/<int:auto_order_oid>/",
        order_page_headers(views.subscription_page),
        name="detail",
    ),
    path(
        "account/subscriptions/<int:auto_order_oid>/card/",
        order_page_headers(views.subscription_card_update),
        name="card",
    ),
    path(
        "account/subscriptions/<int:auto_order_oid>/link/",
        order_page_headers(head_without_side_effects(link_views.subscription_link)),
        name="link",
    ),
    *(
        path(
            f"account/subscriptions/<int:auto_order_oid>/{action}/",
            order_page_headers(views.subscription_action),
            {"action": action},
            name=str(action),
        )
        for action in PAGES
    ),
]
