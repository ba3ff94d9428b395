"""A fresh gunicorn worker starts warm: the master imports every view, compiles every template and reads
every catalog before forking (portal/gunicorn.conf.py on_starting), and each worker registers the invoice
fonts before it serves (post_worker_init). Templates come from Django's cached loader in production."""

import runpy
import sys
from pathlib import Path

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from portal.core.warmup import portal_warm_up

CONFIG = Path(__file__).resolve().parent.parent / "portal" / "gunicorn.conf.py"


def _cached_loader() -> CachedLoader:
    loaders = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    assert len(loaders) == 1 and isinstance(loaders[0], CachedLoader), loaders
    return loaders[0]


def test_production_settings_use_the_cached_template_loader():
    _cached_loader()


def test_the_warm_up_compiles_the_pages_templates_and_imports_the_views():
    loader = _cached_loader()
    loader.reset()
    timings = portal_warm_up()
    assert set(timings) == {"urls", "templates", "translations"}
    cached = {key.split("-", 1)[0] for key in loader.get_template_cache}
    for name in ("base.html", "receipts/order_page.html", "invoices/invoice.html", "accounts/home.html"):
        assert name in cached, name
    assert "portal.invoices.views" in sys.modules and "weasyprint" in sys.modules


def test_gunicorn_runs_the_warm_up_in_the_master_and_the_fonts_in_each_worker():
    config = runpy.run_path(str(CONFIG))
    assert config["preload_app"] is True  # so on_starting runs after the app is loaded, before forking
    assert callable(config["on_starting"]) and callable(config["post_worker_init"])
