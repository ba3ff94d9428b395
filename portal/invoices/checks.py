"""`manage.py check`: WeasyPrint without HarfBuzz's subsetter renders every invoice about twice as slowly."""

from django.core.checks import CheckMessage, Warning, register


@register()
def invoice_font_subsetter_check(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is not None:
        return []
    return [
        Warning(
            "libharfbuzz-subset is not installed: WeasyPrint subsets the invoice fonts with fontTools "
            "(pure Python), about half of every invoice's render time.",
            hint="Install it: apt-get install libharfbuzz-subset0 (make run, test and bench do).",
            id="invoices.W001",
        )
    ]
