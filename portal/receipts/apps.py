from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    name = "portal.receipts"
    label = "receipts"
