"""A repeat download costs no UltraCart call and no render; a changed order gets a new PDF."""

import dataclasses

import pytest

from portal.invoices import services
from portal.invoices.services import invoice_cache_key
from portal.merchant.config import portal_settings_get
from portal.ultracart import order_cache_invalidate, order_get

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100011"
URL = f"/orders/{ORDER}/invoice.pdf"


def raw_order(sandbox, order_id: str) -> dict:
    """The order as UltraCart JSON, straight from the sandbox's API (to change it and put it back)."""
    response = sandbox.api(
        "GET",
        f"/order/orders/{order_id}",
        params={"_expand": "billing,shipping,item,summary,taxes,coupon,payment,auto_order,checkout"},
    )
    response.raise_for_status()
    return response.json()["order"]


def test_a_repeat_download_costs_no_call_and_no_render(jane, sandbox, invoice_renders):
    first = jane.get(URL)
    assert first.status_code == 200
    assert sandbox.operations() == ["getOrder"]
    assert invoice_renders.call_count == 1

    sandbox.clear_requests()
    second = jane.get(URL)
    assert second.content == first.content
    assert sandbox.operations() == []
    assert invoice_renders.call_count == 1


def test_an_unchanged_order_fetched_again_is_not_rendered_again(jane, sandbox, invoice_renders):
    first = jane.get(URL)
    order_cache_invalidate(order_id=ORDER)  # e.g. a webhook that changed nothing we print
    second = jane.get(URL)
    assert sandbox.operations() == ["getOrder", "getOrder"]
    assert invoice_renders.call_count == 1
    assert second.content == first.content


def test_a_changed_order_gets_a_new_pdf(jane, sandbox, invoice_renders):
    first = jane.get(URL)
    changed = raw_order(sandbox, ORDER)
    changed["items"][0]["description"] = "Replacement grinder burr"
    sandbox.add_orders(changed)
    order_cache_invalidate(order_id=ORDER)  # what the webhook does

    second = jane.get(URL)
    assert second.status_code == 200
    assert invoice_renders.call_count == 2
    assert second.content != first.content
    assert invoice_renders.call_args.kwargs["order"].items[0].description == "Replacement grinder burr"


def test_the_key_changes_with_everything_the_pdf_depends_on(sandbox, monkeypatch):
    order = order_get(order_id=ORDER)
    branding = portal_settings_get()
    key = invoice_cache_key(order=order, source="portal", language="en", branding=branding)
    assert key == invoice_cache_key(order=order, source="portal", language="en", branding=branding)
    variants = {
        invoice_cache_key(
            order=dataclasses.replace(order, fingerprint="other"),
            source="portal",
            language="en",
            branding=branding,
        ),
        invoice_cache_key(order=order, source="ultracart", language="en", branding=branding),
        invoice_cache_key(order=order, source="portal", language="es", branding=branding),
        invoice_cache_key(
            order=order,
            source="portal",
            language="en",
            branding=dataclasses.replace(branding, store_name="New"),
        ),
    }
    monkeypatch.setattr(services, "INVOICE_TEMPLATE_VERSION", "next")
    variants.add(invoice_cache_key(order=order, source="portal", language="en", branding=branding))
    assert key not in variants
    assert len(variants) == 5
    assert ORDER not in key  # hashed: safe for every cache backend whatever the id holds
