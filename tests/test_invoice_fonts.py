"""The invoice PDF carries the brand's font (Inter, shipped as TrueType for WeasyPrint) and renders fast.

Fonts are registered once per process (one shared FontConfiguration, warmed up in gunicorn's post_fork), so
a later render neither fetches nor decodes them again, and renders on several threads all embed them.
"""

import io
import threading
import time
from typing import Any

import pytest
from pypdf import PdfReader

from portal.invoices import render
from portal.invoices.render import StaticOnlyFetcher, invoice_render
from portal.merchant.config import portal_settings_get
from portal.ultracart.parsing import order_from_json
from tests.order_samples import sandbox_order_json
from tests.sandbox_control import SandboxControl

BRAND_FONTS = {"Inter", "Inter-Bold", "Inter-Semi-Bold"}  # 400, 700, 600


def _embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font = reference.get_object()
            # Subset fonts are named "ABCDEF+Inter-Bold"; the descendant font says it is embedded.
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Every URL WeasyPrint asks the fetcher for from now on."""
    urls: list[str] = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    return urls


@pytest.fixture(scope="module")
def order(sandbox_url):
    return order_from_json(sandbox_order_json(SandboxControl(sandbox_url), "DEMO-0009100012"))


@pytest.mark.django_db
def test_the_pdf_embeds_the_brand_fonts(order):
    pdf = invoice_render(order=order, branding=portal_settings_get(), language="en")
    assert _embedded_fonts(pdf) == BRAND_FONTS


@pytest.mark.django_db
def test_the_warm_up_registers_the_ttf_fonts_so_no_render_fetches_them(order, asked, monkeypatch):
    monkeypatch.setattr(render, "_FONT_CONFIG", None)  # as in a freshly forked worker
    render.invoice_fonts_warm_up()
    assert any(url.endswith(".ttf") for url in asked), asked
    assert not any(url.endswith(".woff2") for url in asked), asked
    asked.clear()
    pdf = invoice_render(order=order, branding=portal_settings_get(), language="en")
    assert not any(url.endswith((".ttf", ".woff2")) for url in asked), asked
    assert _embedded_fonts(pdf) == BRAND_FONTS


@pytest.mark.django_db
def test_renders_on_several_threads_at_once_all_carry_the_fonts(order):
    branding = portal_settings_get()
    results: list[bytes] = []

    def one() -> None:
        results.append(invoice_render(order=order, branding=branding, language="en"))

    workers = [threading.Thread(target=one) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 3
    assert all(_embedded_fonts(pdf) == BRAND_FONTS for pdf in results)


@pytest.mark.django_db
def test_a_second_render_reuses_the_registered_fonts(order, asked):
    branding = portal_settings_get()
    invoice_render(order=order, branding=branding, language="en")
    asked.clear()
    started = time.perf_counter()
    pdf = invoice_render(order=order, branding=branding, language="en")
    elapsed = time.perf_counter() - started
    assert not any(url.endswith((".ttf", ".woff2")) for url in asked), asked
    assert _embedded_fonts(pdf) == BRAND_FONTS
    # About 1 s when woff2 was decoded on every render, ~0.15 s now: generous for a loaded CI machine.
    assert elapsed < 0.8, elapsed
