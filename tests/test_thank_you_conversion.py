"""Merchant conversion tracking renders on the first view of each order only."""

import re
from typing import Any

import pytest
from django.conf import settings as django_settings

from portal.receipts.models import ConversionView

pytestmark = pytest.mark.django_db

MARKER = "merchant-conversion-marker"


@pytest.fixture
def merchant_tracking(tmp_path, settings):
    """A merchant's filled-in block, found before the shipped empty one, as a deployment overrides it."""
    partial = tmp_path / "receipts" / "partials" / "conversion_tracking.html"
    partial.parent.mkdir(parents=True)
    partial.write_text(
        '<script nonce="{{ csp_nonce }}">window.conversion = "'
        + MARKER
        + ':{{ order.order_id|escapejs }}";</script>'
    )
    templates: list[dict[str, Any]] = [dict(django_settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def rendered(order_id: str) -> str:
    """What the merchant's block prints for the order (escapejs turns "-" into \\u002D)."""
    return f"{MARKER}:" + order_id.replace("-", "\\u002D")


def thank_you(client, sandbox, order_id="DEMO-0009100012") -> str:
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(order_id)})
    assert response.status_code == 200
    return response.content.decode()


def test_first_view_renders_the_block_with_the_csp_nonce(client, sandbox, merchant_tracking):
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100012")})
    body = response.content.decode()
    assert rendered("DEMO-0009100012") in body
    nonce = re.search(r'<script nonce="([^"]+)">window\.conversion', body).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_reload_does_not_render_it_again(client, sandbox, merchant_tracking):
    thank_you(client, sandbox)
    assert MARKER not in thank_you(client, sandbox)


def test_a_later_visit_from_another_browser_does_not_render_it(client, sandbox, merchant_tracking):
    from django.test import Client

    thank_you(client, sandbox)
    assert MARKER not in thank_you(Client(), sandbox)


def test_the_flag_survives_a_cache_flush(client, sandbox, merchant_tracking):
    from django.core.cache import cache

    thank_you(client, sandbox)
    cache.clear()
    assert MARKER not in thank_you(client, sandbox)
    assert ConversionView.objects.filter(order_id="DEMO-0009100012").count() == 1


def test_each_order_gets_its_own_first_view(client, sandbox, merchant_tracking):
    thank_you(client, sandbox)
    assert rendered("DEMO-0009100011") in thank_you(client, sandbox, "DEMO-0009100011")


def test_the_receipt_page_never_renders_it(client, sandbox, merchant_tracking):
    ConversionView.objects.all().delete()
    thank_you(client, sandbox)
    ConversionView.objects.all().delete()  # even when the flag is gone, /orders/<id>/ is not a conversion
    assert MARKER not in client.get("/orders/DEMO-0009100012/").content.decode()


def test_a_failed_lookup_does_not_use_up_the_first_view(client, sandbox, merchant_tracking):
    sandbox.fault(status=500, operations=["getOrderByToken"], count=10)
    token = sandbox.token_for("DEMO-0009100012")
    assert client.get("/thank-you/", {"OrderToken": token}).status_code == 503
    sandbox.clear_faults()
    assert MARKER in thank_you(client, sandbox)
