"""What keeps an invoice render fast: HarfBuzz subsets the fonts (fontTools took half of a 25-line render),
and a deploy without it is told so by `manage.py check`."""

from django.core.management import call_command

from portal.invoices.checks import invoice_font_subsetter_check


def test_weasyprint_subsets_fonts_with_harfbuzz_here():
    from weasyprint.text import ffi

    assert ffi.harfbuzz_subset is not None, "make run / test / bench install libharfbuzz-subset0"
    assert invoice_font_subsetter_check() == []


def test_without_harfbuzz_subset_the_check_warns(monkeypatch):
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    (warning,) = invoice_font_subsetter_check()
    assert warning.id == "invoices.W001"
    assert "libharfbuzz-subset0" in str(warning.hint)
    call_command("check")  # a warning, not an error: the portal still starts
