"""gunicorn settings: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Pages mostly wait on UltraCart (I/O), so threads (gthread) rather than more processes. The access log has no
path and no query (tokens, order ids, emails): our request log already names the route. Both gunicorn logs
go through the same scrubbing filter as the application's.
"""

import os
from typing import Any

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - behind a proxy
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Loaded once in the master: a broken setting stops start-up before any worker forks.
preload_app = True
# Longer than ULTRACART_DEADLINE (6 s) plus rendering, so a slow UltraCart never gets a worker killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# gunicorn's control socket sits at one path per user ($HOME/.gunicorn): two portals on one machine would
# fight over it, and nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Client, method, status, bytes, duration and our request id (the X-Request-ID response header).
access_log_format = '%(h)s "%(m)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'

_STREAM = {"class": "logging.StreamHandler", "formatter": "generic", "filters": ["scrub_secrets"]}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_secrets": {"()": "portal.core.log_filters.ScrubSecrets"}},
    "formatters": {"generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s %(message)s"}},
    "handlers": {
        "console": {**_STREAM, "stream": "ext://sys.stdout"},
        "error_console": {**_STREAM, "stream": "ext://sys.stderr"},
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}


def on_starting(server: object) -> None:
    """In the master, after preload_app loaded Django: import every view, compile templates, read catalogs.

    Forked workers inherit all of it, so a fresh worker's first request costs what any other does (it was
    ~0.8 s, mostly importing WeasyPrint on first use of the URLconf). No connection is opened here.
    """
    from portal.core.warmup import portal_warm_up

    portal_warm_up()


def post_worker_init(worker: Any) -> None:
    """In each worker, before it serves: register the invoice fonts (one font configuration per process)."""
    from portal.core.warmup import worker_warm_up
    from portal.invoices.render import invoice_fonts_warm_up

    invoice_fonts_warm_up()
    worker_warm_up()
    worker.log.info("worker %s ready", worker.pid)
