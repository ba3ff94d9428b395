import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import path
from django_ratelimit.exceptions import Ratelimited

from portal.core.errors import error_response
from portal.urls import urlpatterns as portal_urlpatterns


def _raise(exc: Exception):
    def view(request):
        raise exc

    return view


urlpatterns = [
    *portal_urlpatterns,
    path("boom/400", _raise(BadRequest("bad"))),
    path("boom/403", _raise(PermissionDenied())),
    path("boom/404", _raise(Http404())),
    path("boom/429", _raise(Ratelimited())),
    path("boom/500", _raise(RuntimeError("kaboom"))),
    path("boom/503", lambda request: error_response(request, 503, retry_after=30)),
]
handler400 = "portal.core.views.bad_request"
handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize(
    ("url", "status", "headline"),
    [
        ("/boom/400", 400, "That link doesn"),
        ("/boom/403", 403, "That page isn"),
        ("/boom/404", 404, "We couldn"),
        ("/does-not-exist/", 404, "We couldn"),
        ("/boom/429", 429, "Too many tries"),
        ("/boom/500", 500, "Something went wrong on our side"),
        ("/boom/503", 503, "Our store systems are busy"),
    ],
)
def test_branded_error_pages(url, status, headline):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert headline in body
    assert "Demo Store" in body  # branded: the merchant's header and footer
    assert "/static/css/portal.css" in body
    assert "Traceback" not in body and "kaboom" not in body
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_retry_after_on_busy_and_rate_limited_pages():
    client = Client(raise_request_exception=False)
    assert client.get("/boom/503")["Retry-After"] == "30"
    assert client.get("/boom/429")["Retry-After"] == "60"


@pytest.mark.django_db
def test_csrf_failure_is_branded():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "This form expired" in response.content.decode()
