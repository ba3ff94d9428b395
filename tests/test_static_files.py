import pytest


@pytest.mark.django_db
def test_whitenoise_serves_the_stylesheet(client):
    # Served by WhiteNoiseMiddleware (not Django's static view, which is off when DEBUG is off).
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"--accent" in body
    assert response["Content-Type"].startswith("text/css")


@pytest.mark.django_db
def test_fonts_ship_with_the_project(client):
    response = client.get("/static/fonts/inter-latin-400-normal.woff2")
    assert response.status_code == 200


@pytest.mark.django_db
def test_brand_css_carries_only_a_hex_accent(client, settings):
    settings.PORTAL_ACCENT_COLOR = "red;} body{display:none"
    body = client.get("/brand.css").content.decode()
    assert "display:none" not in body
    assert "--accent: #2f5d50" in body


@pytest.mark.django_db
def test_favicon_redirects_to_the_static_file_for_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert response["Cache-Control"] == "public, max-age=86400"


@pytest.mark.django_db
def test_favicon_follows_the_manifest_collected_after_start_up(client, settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    location = client.get("/favicon.ico")["Location"]
    assert location.startswith("/static/img/favicon.") and location.endswith(".svg")
    assert location != "/static/img/favicon.svg"  # the hashed name, looked up at request time
