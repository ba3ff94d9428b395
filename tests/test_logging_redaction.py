"""No order id, token or email in logs: Django's own loggers included."""

import logging

import pytest

from portal.core.log_filters import RedactRequestPath, ScrubSecrets, scrub
from portal.ultracart.client import _scrub

pytestmark = pytest.mark.django_db


def _formatted(records: list[logging.LogRecord]) -> str:
    redact = RedactRequestPath()
    return "\n".join(r.getMessage() for r in records if redact.filter(r))


def test_django_request_log_shows_the_route_not_the_order_id(client, sandbox, caplog):
    sandbox.fault(status=503)
    token = sandbox.token_for("DEMO-0009100011")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/thank-you/", {"OrderToken": token})
        client.get("/orders/DEMO-0009100011/")
    text = _formatted([r for r in caplog.records if r.name == "django.request"])
    assert "Service Unavailable" in text or "Not Found" in text
    assert "DEMO-0009100011" not in text
    assert token not in text


def test_the_filter_is_installed_on_the_console_handler(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert "redact_request_path" in handler["filters"]


@pytest.mark.parametrize(
    "text",
    [
        "order token DEMO:AB_CDEFGHIJKLMNOPQRSTUVWXYZ012345 rejected",
        "token demo:T5xAFygRLa0M2ql2zpZ9mEQyLbQjGLfAP/aIdhglmBoFexpK6X74LvF7TR3Q96Q= invalid",
        "no customer jane.doe@example.com",
    ],
)
def test_uc_rest_error_text_is_scrubbed(text):
    scrubbed = _scrub(text)
    assert "[redacted]" in scrubbed
    assert "jane.doe" not in scrubbed and "CDEFGHIJ" not in scrubbed and "T5xAFygR" not in scrubbed


def test_escaped_paths_are_redacted_too(rf):
    request = rf.get("/orders/DEMO-0009100012é/")
    record = logging.LogRecord("django.server", logging.WARNING, "", 0, '"%s" %s', ("GET /x", "404"), None)
    record.request = request
    record.args = (request.path.encode("unicode_escape").decode("ascii"), "404")
    RedactRequestPath().filter(record)
    assert "DEMO-0009100012" not in record.getMessage()


def test_every_handler_scrubs_and_djangos_own_handlers_are_gone(settings):
    for handler in settings.LOGGING["handlers"].values():
        assert "scrub_secrets" in handler["filters"]
    for name in ("django", "django.server", "django.request"):
        assert logging.getLogger(name).handlers == []
        assert logging.getLogger(name).propagate is True


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('"GET /thank-you/?OrderToken=DEMO%3AabcDEF%2B%2FghiJKL%3D HTTP/1.1" 503 12', "abcDEF"),
        ("Not Found: /orders/DEMO-0009100010/", "DEMO-0009100010"),
        ("Invalid HTTP Version: 'DEMO:T5xAFygRLa0M2ql2zpZ9mEQ+/='", "T5xAFygR"),
        ("/thank-you/DEMO%3AT5xAFygRLa0M2ql2zpZ9mEQ%2B%2F%3D/", "T5xAFygR"),
        ("no customer jane.doe@example.com", "jane.doe"),
        ("GET /account/?email=jane.doe%40example.com", "jane.doe"),
        ("sign-in for jane.doe%40example.com", "jane.doe"),
    ],
)
def test_scrub_removes_tokens_order_ids_and_emails(text, secret):
    scrubbed = scrub(text)
    assert secret not in scrubbed
    assert "[redacted]" in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        '{"route": "/orders/<str:order_id>/", "status": 404}',
        "/account/subscriptions/<int:auto_order_oid>/",
        "Starting development server at http://127.0.0.1:8000/",
        "ULTRACART_BASE_URL is https://secure.ultracart.com/rest/v2",
        "2026-12-01 20:18:31,902 INFO what? yes",
    ],
)
def test_scrub_keeps_routes_urls_and_times(text):
    assert scrub(text) == text


def test_the_filter_scrubs_arguments_and_tracebacks():
    try:
        raise ValueError("no order DEMO-0009100010 for jane.doe@example.com")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, "", 0, "Error handling %s", ("/x?t=1",), sys.exc_info()
        )
    ScrubSecrets().filter(record)
    formatted = logging.Formatter().format(record)
    assert "Error handling /x?[redacted]" in formatted
    assert "ValueError: no order [redacted] for [redacted]" in formatted


def test_gunicorn_access_log_format_has_no_path_or_query():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "portal" / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread" and config["preload_app"] is True
    for atom in ("%(r)s", "%(U)s", "%(q)s", "%({raw_uri}e)s", "%(f)s"):
        assert atom not in config["access_log_format"]
    handlers = config["logconfig_dict"]["handlers"].values()
    assert all("scrub_secrets" in handler["filters"] for handler in handlers)
