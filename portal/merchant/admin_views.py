"""Merchant tools in the admin that are pages, not models: API status."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from portal.ultracart.status import api_status_get


def api_status(request: HttpRequest) -> HttpResponse:
    """Credentials checked with one cheap call; the call budget, breakers, cache and recent errors."""
    context = {
        **admin.site.each_context(request),
        "title": "UltraCart API status",
        "status": api_status_get(),
    }
    response = TemplateResponse(request, "admin/merchant/api_status.html", context)
    response["Cache-Control"] = "no-store"
    return response
