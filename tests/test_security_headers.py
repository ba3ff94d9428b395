import pytest
from django.test import Client, override_settings

PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


@pytest.mark.django_db
def test_production_headers_over_https():
    with override_settings(**PRODUCTION_HTTPS):
        response = Client().get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production():
    with override_settings(**PRODUCTION_HTTPS):
        response = Client().get("/")
        proxied = Client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert proxied.status_code == 200


@pytest.mark.django_db
def test_strict_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")  # plus a nonce on pages that carry a script
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_hardened(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True
    with override_settings(**PRODUCTION_HTTPS):
        from django.conf import settings as live

        assert live.SESSION_COOKIE_SECURE is True
        assert live.CSRF_COOKIE_SECURE is True


@pytest.mark.django_db
def test_request_log_line_has_no_query_string(client, caplog):
    caplog.set_level("INFO", logger="portal.request")
    response = client.get("/healthz?OrderToken=DEMO:secret%2Btoken&email=jane@example.com")
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.request"]
    assert len(lines) == 1
    assert '"route": "/healthz"' in lines[0]
    assert '"status": 200' in lines[0]
    assert "secret" not in lines[0] and "jane" not in lines[0]
    assert response["X-Request-ID"] in lines[0]
