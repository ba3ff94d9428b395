from django.urls import path

from portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/sign-in/", views.sign_in, name="sign_in"),
    path("account/sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("account/sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.home, name="home"),
    path("account/orders/", views.orders, name="orders"),
]
