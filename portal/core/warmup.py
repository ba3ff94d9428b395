"""Start-up work a web process does once, before its first request: the first customer should not pay it.

The first request of a fresh process used to cost ~0.8 s: the URLconf imports every view on first use (the
invoice views import WeasyPrint: ~0.65 s), then each template is compiled and each language's catalog read
on first render. gunicorn runs `portal_warm_up` in the master after loading the app (portal/gunicorn.conf.py,
preload_app), so every forked worker starts with all of it in memory.

It opens no database or cache connection: those must not be shared between forked workers. Each worker
opens its cache connection in `worker_warm_up` (post_worker_init) instead.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import formats, timezone, translation

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
    """Compile every template once (the cached loader keeps them), and render each with an empty context,
    as far as it goes, so what a first render sets up lazily is set up here; returns how many compiled."""
    compiled = 0
    for engine in engines.all():
        for name in _template_names():
            try:
                template = engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # another engine's template, or one only its own app can load
            compiled += 1
            try:
                template.render({})
            except Exception:  # noqa: S112 - best effort: an empty context stops some templates early
                continue
    return compiled


def formats_warm_up() -> None:
    """Django caches each language's formats on first use; read them all for every language."""
    now = timezone.now()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Invoice")  # loads the catalog for the language (Django keeps it)
            for name in formats.FORMAT_SETTINGS:
                formats.get_format(name)
            formats.date_format(now, "DATE_FORMAT")
            formats.number_format(1234.5, 2, use_l10n=True)


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
    formats_warm_up()
    timings["translations"] = (time.perf_counter() - started) * 1000
    logger.info(  # one line at start-up
        "warm-up: urls %.0f ms, %d templates %.0f ms, translations %.0f ms",
        timings["urls"],
        count,
        timings["templates"],
        timings["translations"],
    )
    return timings


def worker_warm_up() -> None:
    """In a forked worker, before it serves: open its cache connection (a first page would pay for it)."""
    from django.core.cache import cache

    try:
        cache.get("portal:warm-up")
    except Exception:
        logger.warning("warm-up: cache unavailable", exc_info=True)
