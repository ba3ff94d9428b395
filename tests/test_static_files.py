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
