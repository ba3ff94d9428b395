"""Logging filters: no order token, order id or email in any log line, whoever wrote it.

Django's request and security loggers print the request path (order ids), the development server prints the
request line (the query holds the token), gunicorn's error log prints malformed request lines. Rather than
trust each writer, `ScrubSecrets` cleans every record on every handler (ours, Django's replaced ones and
gunicorn's through portal/gunicorn.conf.py). This module imports nothing from Django: gunicorn loads it
before the application.
"""

import logging
import re

REDACTED = "[redacted]"
# Order of the patterns matters: the query string first (it may hold any of the others, URL-encoded).
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # A query string: everything after "?" up to a space or quote ("what? yes" keeps its "?").
    (re.compile(r"\?[^\s\"'<>]+"), "?" + REDACTED),
    # Emails, plain or URL-encoded (%40).
    (re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"), REDACTED),
    # Django-signed values (manage links, portal/subscriptions/manage_links.py): base64 of JSON ("eyJ") or of
    # zlib ("." then "eJ"), then ":" (or %3A) and the signature; wherever one appears, not only in a query.
    (re.compile(r"\.?(?:eJ|eyJ)[A-Za-z0-9_-]{8,}(?:(?::|%3[Aa])[A-Za-z0-9_-]+)+"), REDACTED),
    # Order tokens (the shape portal/receipts/tokens.py accepts): a merchant id, ":" or %3A, then base64,
    # which may be URL-encoded too. Not "https://host" (a URL) nor "<str:order_id>" (a route we log).
    (re.compile(r"(?<![<\w])[A-Za-z0-9]{1,32}(?::|%3[Aa])(?!//)[A-Za-z0-9+/=%_-]{8,}"), REDACTED),
    # Order ids: a merchant id, a dash and the sequence number (DEMO-0009100010).
    (re.compile(r"\b[A-Za-z0-9]{1,32}-\d{7,}\b"), REDACTED),
)


def scrub(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubSecrets(logging.Filter):
    """Replaces the record's message (arguments merged in) and its traceback text with scrubbed copies."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: show it, scrubbed, rather than drop the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class RedactRequestPath(logging.Filter):
    """Django's loggers pass the path as an argument: show the matched route instead (more useful)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            match = getattr(request, "resolver_match", None)
            shown = "/" + match.route if match and match.route else "(path not logged)"
            # Django's server log escapes non-ASCII characters and backslashes in the path it prints.
            forms = {path, path.encode("unicode_escape").decode("ascii")}
            record.args = tuple(shown if arg in forms else arg for arg in record.args)
        return True


class SkipDeliberateUnavailable(logging.Filter):
    """Django logs every 5xx at ERROR; our 503s are deliberate answers (UltraCart busy, a guesser refused),
    already in our request log, and would bury the real errors (500s) that must stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 503
