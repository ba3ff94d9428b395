from django.urls import path

from portal.subscriptions import views
from portal.subscriptions.registry import PAGES

app_name = "subscriptions"
urlpatterns = [
    path("account/subscriptions/", views.subscription_list, name="list"),
    path("account/subscriptions/<int:auto_order_oid>/", views.subscription_page, name="detail"),
    path("account/subscriptions/<int:auto_order_oid>/card/", views.subscription_card_update, name="card"),
    *(
        path(
            f"account/subscriptions/<int:auto_order_oid>/{action}/",
            views.subscription_action,
            {"action": action},
            name=str(action),
        )
        for action in PAGES
    ),
]
