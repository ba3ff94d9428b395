"""Rendering an invoice fetches nothing but our own static files, whatever URLs hide in the order's text."""

import dataclasses
import io
import threading
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from portal.invoices import render
from portal.invoices.render import STATIC_DIR, FetchRefused, StaticOnlyFetcher, invoice_render
from portal.merchant.config import portal_settings_get
from portal.ultracart.models import (
    Address,
    Coupon,
    ItemOption,
    Money,
    Order,
    OrderItem,
    OrderStage,
    OrderSummary,
    TaxLine,
)


class _Recorder(BaseHTTPRequestHandler):
    paths: list[str]

    def do_GET(self):
        self.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def probe_server():
    """A local HTTP server that records every request: it must receive none while we render."""

    class Recorder(_Recorder):
        paths: list[str] = []  # one list for this module's server

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, Recorder.paths
    server.shutdown()


def _money(text: str) -> Money:
    return Money(Decimal(text), f"${text}")


def _hostile_order(base: str) -> Order:
    """Every field an attacker can type at checkout carries a URL or markup aimed at the renderer."""
    address = Address(
        first_name=f'<img src="{base}/probe-img">',
        last_name='O\'Brien & "Sons"',
        company="שלום & Co",
        address1=f"<link rel=stylesheet href={base}/probe-link>",
        address2=f"url({base}/probe-url) file:///etc/passwd",
        city="<script>alert(1)</script>",
        state_region=f'<style>@import "{base}/probe-import";</style>',
        postal_code="X1",
        country_code="IE",
        email="obrien@example.com",
        phone="",
    )
    item = OrderItem(
        item_id=f"<object data={base}/probe-object>",
        description=f'<img src=x onerror=alert(1)> <iframe src="{base}/probe-iframe"></iframe>',
        quantity=Decimal(1),
        unit_price=_money("10.00"),
        total=_money("10.00"),
        options=(ItemOption("Engraving", f"background: url({base}/probe-css)"),),
        quantity_refunded=Decimal(0),
        is_kit_component=False,
    )
    return Order(
        order_id="DEMO-PROBE",
        merchant_id="DEMO",
        stage=OrderStage.COMPLETED_ORDER,
        stage_label="Completed Order",
        created_at=datetime(2025, 1, 2, tzinfo=UTC),
        paid_at=None,
        shipped_at=None,
        refunded_at=None,
        refund_reason="",
        currency_code="USD",
        language="en",
        email="obrien@example.com",
        billing=address,
        shipping=address,
        items=(item,),
        summary=OrderSummary(
            _money("10.00"), _money("0.00"), _money("0.00"), _money("0.00"), _money("10.00"), None
        ),
        taxes=(TaxLine(f"<img src={base}/probe-tax>", _money("0.00")),),
        coupons=(Coupon(f"{base}/probe-coupon", "file:///etc/passwd"),),
        payment_method="Credit Card",
        payment_description=f"<svg><image href='{base}/probe-svg'/></svg>",
        shipments=(),
        auto_order_oid=None,
        auto_order_code="",
        fingerprint="probe",
    )


@pytest.fixture(scope="module")
def rendered(probe_server):
    """One render of the hostile order, recording every URL WeasyPrint asked our fetcher for."""
    server, _paths = probe_server
    base = f"http://127.0.0.1:{server.server_port}"
    asked: list[str] = []
    original_fetch = StaticOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        asked.append(url)
        return original_fetch(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticOnlyFetcher, "fetch", recording_fetch)
        # A merchant logo outside our static files is left out rather than fetched.
        branding = dataclasses.replace(portal_settings_get(), logo_url=f"{base}/probe-logo")
        pdf = invoice_render(order=_hostile_order(base), branding=branding, language="en")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return base, asked, " ".join(text.split())


def test_the_probe_server_receives_no_request(rendered, probe_server):
    _server, paths = probe_server
    assert paths == []


def test_only_our_static_files_are_asked_for(rendered):
    _base, asked, _text = rendered
    assert asked  # the style sheets do go through the fetcher (the fonts too, on a thread's first render)
    static_prefix = STATIC_DIR.as_uri() + "/"
    assert all(url.startswith(static_prefix) for url in asked), asked
    assert any(url.endswith("/invoice.css") for url in asked)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "file:///etc/passwd",
        'O\'Brien & "Sons"',
        "/probe-url)",
        "<link rel=stylesheet href=http://127.0.0.1:",
        "<img src=x onerror=alert(1)> <iframe",
    ],
)
def test_hostile_text_is_printed_as_text(rendered, snippet):
    _base, _asked, text = rendered
    assert snippet in text


def test_fetcher_serves_a_static_file():
    response = StaticOnlyFetcher().fetch((STATIC_DIR / "css" / "invoice.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/probe",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        (STATIC_DIR / ".." / "portal" / "settings.py").as_uri(),
        STATIC_DIR.as_uri() + "/../portal/settings.py",
        STATIC_DIR.as_uri() + "/css/missing.css",
        "data:text/css,body{}",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher().fetch(url)


def test_only_a_static_image_is_used_as_the_logo(settings, tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")  # exists, but outside the static folder
    monkeypatch.setattr(render, "STATIC_DIR", static)
    assert render._logo_url(settings.STATIC_URL + "img/logo.png") == (static / "img" / "logo.png").as_uri()
    assert render._logo_url("https://cdn.example.com/logo.png") == ""
    assert render._logo_url(settings.STATIC_URL + "img/../../secret.png") == ""
    assert render._logo_url(settings.STATIC_URL + "img/missing.png") == ""
    assert render._logo_url(settings.STATIC_URL + "css/invoice.css") == ""


def test_weasyprint_goes_through_the_fetcher_even_for_markup_we_did_not_escape(probe_server):
    """Belt and braces: markup that slipped through would still go to our fetcher, which refuses."""
    from weasyprint import HTML

    server, paths = probe_server
    base = f"http://127.0.0.1:{server.server_port}"
    html = (
        f'<link rel="stylesheet" href="{base}/direct-css"><style>@import "{base}/direct-import";</style>'
        f'<img src="{base}/direct-img"><p style="background: url({base}/direct-bg)">x</p>'
        '<img src="file:///etc/passwd">'
    )
    HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert [path for path in paths if path.startswith("/direct")] == []
