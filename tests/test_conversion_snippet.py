"""The merchant's conversion snippet from the settings record: first thank-you view only, with the request's
CSP nonce on its scripts and its hosts allowed on that one response; on no other page."""

import re

import pytest

from portal.merchant.conversion import snippet_with_nonce
from portal.merchant.settings_records import portal_settings_update

pytestmark = pytest.mark.django_db
ORDER = "DEMO-0009100012"
SNIPPET = (
    '<script src="https://www.googletagmanager.com/gtag/js?id=AW-1"></script>'
    "<script>window.conversion = "
    "'{{ order_id|escapejs }}:{{ order_total|escapejs }}:{{ currency }}';</script>"
    '<img src="https://px.tracker.example/c?o={{ order_id|urlencode }}" alt="">'
)


@pytest.fixture
def snippet():
    portal_settings_update(
        changes={
            "conversion_snippet": SNIPPET,
            "conversion_hosts": "https://www.googletagmanager.com\nhttps://px.tracker.example",
        },
        actor="merchant",
    )


def directive(response, name: str) -> str:
    return next(
        d.strip() for d in response["Content-Security-Policy"].split(";") if d.strip().startswith(name)
    )


def test_nonce_is_added_to_every_script_tag_that_lacks_one():
    html = (
        '<script>a()</script><SCRIPT type="module">b()</SCRIPT><script nonce="x">c()</script>'
        "<noscript></noscript>"
    )
    assert snippet_with_nonce(html=html, nonce="N") == (
        '<script nonce="N">a()</script><script nonce="N" type="module">b()</SCRIPT>'
        '<script nonce="x">c()</script><noscript></noscript>'
    )


def test_first_view_renders_it_with_the_nonce_and_allows_its_hosts(client, sandbox, snippet):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    body = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}" src="https://www.googletagmanager.com/gtag/js?id=AW-1"></script>' in body
    assert f'<script nonce="{nonce}">window.conversion = \'DEMO\\u002D0009100012:' in body
    assert "https://www.googletagmanager.com" in directive(response, "script-src")
    assert "https://px.tracker.example" in directive(response, "img-src")
    assert "https://px.tracker.example" in directive(response, "connect-src")
    assert "'self'" in directive(response, "script-src")


def test_reloads_and_other_pages_have_neither_the_snippet_nor_its_hosts(client, sandbox, snippet):
    token = sandbox.token_for(ORDER)
    client.get("/thank-you/", {"OrderToken": token})
    for response in (
        client.get("/thank-you/", {"OrderToken": token}),
        client.get(f"/orders/{ORDER}/"),
        client.get("/"),
    ):
        assert response.status_code == 200
        assert "window.conversion" not in response.content.decode()
        assert "googletagmanager" not in response["Content-Security-Policy"]


def test_a_snippet_that_fails_to_render_costs_only_the_snippet(client, sandbox, settings):
    from portal.merchant.models import PortalConfiguration

    portal_settings_update(changes={"conversion_snippet": "<script>ok()</script>"}, actor="merchant")
    # Saved past validation (e.g. by a future Django that parses differently): the page still renders.
    PortalConfiguration.objects.filter(pk=1).update(conversion_snippet="{% load no_such_library %}")
    from portal.merchant.config import portal_settings_invalidate

    portal_settings_invalidate()
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)})
    assert response.status_code == 200 and "Thank you" in response.content.decode()


def test_never_beside_an_admin_session(client, sandbox, snippet, django_user_model):
    """A merchant testing checkout in the browser they use for the admin: the snippet (and the third-party
    scripts it loads, on our origin) would run with their admin session. Not counted: the shopper's own
    first view still fires it."""
    client.force_login(django_user_model.objects.create_user("merchant", is_staff=True))
    token = sandbox.token_for(ORDER)
    response = client.get("/thank-you/", {"OrderToken": token})
    html = response.content.decode()
    assert response.status_code == 200 and "googletagmanager" not in html
    assert "googletagmanager" not in response["Content-Security-Policy"]
    shopper = type(client)()
    assert "googletagmanager" in shopper.get("/thank-you/", {"OrderToken": token}).content.decode()
