from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.accounts import door
from portal.core import views as core_views
from portal.core.languages import language_switch
from portal.merchant.branding import brand_css
from portal.merchant.healthz import healthz
from portal.merchant.views import brand_logo
from portal.merchant.webhooks import ultracart_webhook
from portal.staff import views as staff_views

urlpatterns = [
    path("", door.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("brand.css", brand_css, name="brand_css"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("brand-logo/<str:name>", brand_logo, name="brand_logo"),
    # The footer's language switch: Django's set_language, and a signed-in customer's choice kept.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("", include("portal.receipts.urls")),
    path("", include("portal.invoices.urls")),
    path("", include("portal.accounts.urls")),
    path("", include("portal.subscriptions.urls")),
    path("webhooks/ultracart/", ultracart_webhook, name="ultracart_webhook"),
    *(
        path(f"{settings.ADMIN_URL}{route}", admin.site.admin_view(view), name=name)
        for route, view, name in (
            ("api-status/", staff_views.api_status, "merchant_api_status"),
            ("preview-thank-you/", staff_views.preview_form, "merchant_preview"),
            ("preview-thank-you/page/", staff_views.preview_page, "merchant_preview_page"),
            ("view-as-customer/", staff_views.view_as_form, "merchant_view_as"),
            ("view-as-customer/stop/", staff_views.view_as_stop, "merchant_view_as_stop"),
        )
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "portal.core.views.bad_request"
handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"
