"""Start-up work a web process does once, before its first request: the first customer should not pay it.

The first request of a fresh process used to cost ~0.8 s: the URLconf imports every view on first use (the
invoice views import WeasyPrint: ~0.65 s), then each template is compiled and each language's catalog read
on first render. gunicorn runs `portal_warm_up` in the master after loading the app (portal/gunicorn.conf.py,
preload_app), so every forked worker starts with all of it in memory.

It opens no database or cache connection: those must not be shared between forked workers.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    """Every template under the project's and the installed apps' template folders, relative names."""
    names: set[str] = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            names.update(str(path.relative_to(root)) for path in root.rglob("*.html"))
            names.update(str(path.relative_to(root)) for path in root.rglob("*.txt"))
    return sorted(names)


def templates_warm_up() -> int:
    """Compile every template once (the cached loader keeps them); returns how many compiled."""
    compiled = 0
    for engine in engines.all():
        for name in _template_names():
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # another engine's template, or one only its own app can load
            compiled += 1
    return compiled


def portal_warm_up() -> dict[str, float]:
    """Import every view, compile every template, read every language's catalog; returns the timings (ms)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - importing the URLconf imports every view (and WeasyPrint)
    resolver._populate()  # the reverse() lookup tables
    timings["urls"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    count = templates_warm_up()
    timings["templates"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Invoice")  # loads the catalog for the language (Django keeps it)
    timings["translations"] = (time.perf_counter() - started) * 1000
    logger.info(
        "warm-up: urls %.0f ms, %d templates %.0f ms, translations %.0f ms",
        timings["urls"],
        count,
        timings["templates"],
        timings["translations"],
    )
    return timings
