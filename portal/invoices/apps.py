from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "portal.invoices"
    label = "invoices"
