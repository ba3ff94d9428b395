from django.urls import path

from portal.invoices import views

app_name = "invoices"
urlpatterns = [
    path("orders/<str:order_id>/invoice.pdf", views.download, name="download"),
]
