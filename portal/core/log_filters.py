"""Logging filters: Django's request and security loggers print the request path, which holds order ids."""

import logging


class RedactRequestPath(logging.Filter):
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
