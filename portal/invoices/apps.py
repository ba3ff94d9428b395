import logging

from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "portal.invoices"
    label = "invoices"

    def ready(self) -> None:
        from portal.invoices import checks  # noqa: F401 - registers the font subsetter check

        # WeasyPrint and fontTools log every render step and font at INFO: noise in the request log.
        for name in ("weasyprint.progress", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
