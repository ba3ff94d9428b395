from django.apps import AppConfig


class MerchantConfig(AppConfig):
    name = "portal.merchant"
    label = "merchant"
