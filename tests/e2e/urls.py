"""The portal's URLs plus one test-only view that fails, so the browser can meet the real 500 page.

Only tests that ask for it (`@pytest.mark.urls("tests.e2e.urls")`) get this URL; the portal never has it.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug on our side (test-only view)")


urlpatterns = [*portal_urlpatterns, path("_tests/broken/", broken_view)]
handler400 = "portal.core.views.bad_request"
handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"
