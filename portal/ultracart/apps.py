from django.apps import AppConfig


class UltracartConfig(AppConfig):
    name = "portal.ultracart"
    label = "ultracart"
