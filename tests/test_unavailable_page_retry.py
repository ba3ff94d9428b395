"""The 503 page tries again by itself (a static script under the strict CSP, or a meta refresh without
scripts), its main button reloads the page, and no error page shows a technical label."""

import re
from urllib.parse import quote

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100011"


@pytest.fixture
def unavailable_page(client, sandbox):
    sandbox.fault(status=503, operations=["getOrderByToken"])
    token = sandbox.token_for(ORDER)
    response = client.get(f"/thank-you/?OrderToken={quote(token, safe='')}")
    assert response.status_code == 503
    return response, token


def test_the_script_loads_from_our_origin_with_the_csp_nonce(unavailable_page):
    response, _ = unavailable_page
    page = response.content.decode()
    [tag] = re.findall(r"<script[^>]*>", page)
    assert 'src="/static/js/retry.js"' in tag
    nonce = re.search(r'nonce="([^"]+)"', tag).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "<script>" not in page  # nothing inline


def test_without_scripts_a_meta_refresh_follows_retry_after(unavailable_page):
    response, _ = unavailable_page
    page = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in page
    assert response["Retry-After"] == "30"
    assert "This page tries again automatically every 30 seconds." in page


def test_the_main_button_reloads_this_page(unavailable_page):
    response, token = unavailable_page
    page = response.content.decode()
    button = re.search(r'<a class="button" href="([^"]+)" data-retry-now>([^<]+)</a>', page)
    assert button, "no Try again button"
    assert button.group(2) == "Try again"
    assert button.group(1).replace("&amp;", "&") == f"/thank-you/?OrderToken={quote(token, safe='')}"
    assert "{seconds}" in page  # the countdown text the script fills in


def test_no_technical_label_on_the_busy_page(unavailable_page):
    page = unavailable_page[0].content.decode()
    assert "Error 503" not in page and "503" not in re.sub(r"<[^>]+>", " ", page)
    assert "Your order was received" in page


@pytest.mark.urls("tests.test_error_pages")
def test_the_busy_page_in_spanish():
    response = Client().get("/boom/503", headers={"accept-language": "es"})
    page = response.content.decode()
    assert "Intentar de nuevo" in page
    assert "Lo intentaremos de nuevo automáticamente en {seconds} segundos." in page
    assert "Try again" not in page


@pytest.mark.parametrize("url", ["/nope/", f"/orders/{ORDER}/"])
def test_other_error_pages_neither_retry_nor_show_codes(client, url):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 404
    assert "retry.js" not in page and "http-equiv" not in page and "data-retry" not in page
    assert "Error 404" not in page


def test_the_script_is_served(client):
    response = client.get("/static/js/retry.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"sessionStorage" in body and b"location.reload" in body
