"""No order id, token or email in logs: Django's own loggers included."""

import logging

import pytest

from portal.core.log_filters import RedactRequestPath
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
