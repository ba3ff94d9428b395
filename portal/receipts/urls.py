from django.urls import path

from portal.receipts import views

app_name = "receipts"
urlpatterns = [
    path("thank-you/", views.thank_you, name="thank_you"),
    # Served directly rather than redirected: the redirect would repeat the token in a Location header.
    path("thank-you", views.thank_you),
    path("orders/<str:order_id>/", views.receipt, name="receipt"),
    path("orders/<str:order_id>/resend-receipt/", views.resend_receipt, name="resend_receipt"),
]
