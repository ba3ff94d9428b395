"""The sandbox's HTTP server: a threaded wsgiref server around a tiny WSGI app.

The app resolves against portal.sandbox.urls and calls views directly: none of the portal's middleware
(sessions, CSRF, CSP, HTTPS redirect, host checks) runs, so DEBUG and ALLOWED_HOSTS do not matter here.
For API routes it applies faults, checks the simple key and version header, and logs the request.
"""

import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from socketserver import ThreadingMixIn
from typing import IO, Any, TextIO, cast
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from portal.sandbox.faults import DropConnection, fault_decide
from portal.sandbox.store import STORE
from portal.sandbox.urls import Api
from portal.sandbox.wire import ApiError, error_response, json_response

URLCONF = "portal.sandbox.urls"
API_VERSION = "2017-03-01"


def api_key() -> str:
    return os.environ.get("SANDBOX_API_KEY", "sandbox-key")


class SandboxRequest(WSGIRequest):
    """A request that remembers, for the log line, which operation it was and its entry in the request log."""

    sandbox_operation = ""
    sandbox_log_entry: dict[str, Any] | None = None


def _api_call(
    request: WSGIRequest, operation: str, view: Callable[..., HttpResponse], kwargs: dict[str, Any]
) -> HttpResponse:
    decision = fault_decide(operation)
    if decision.latency_ms:
        time.sleep(decision.latency_ms / 1000)
    if decision.status == 0:
        raise DropConnection
    if decision.status is not None:
        return error_response(decision.status, f"Injected fault: HTTP {decision.status} for {operation}.")
    if decision.body == "malformed":
        response = json_response({})
        response.content = b'{"success": true, "order": {"order_id": "DEMO-00091'
        return response
    if request.headers.get("x-ultracart-simple-key", "") != api_key():
        return error_response(401, "Invalid or missing x-ultracart-simple-key.")
    if not request.headers.get("X-UltraCart-Api-Version"):
        return error_response(400, "The X-UltraCart-Api-Version header is required (2017-03-01).")
    if request.headers["X-UltraCart-Api-Version"] != API_VERSION:
        return error_response(400, f"Unsupported API version; use {API_VERSION}.")
    try:
        return view(request, **kwargs)
    except ApiError as exc:
        return error_response(exc.status, exc.developer_message, object_id=exc.object_id)


class SandboxApp:
    def __init__(self, *, log_to: TextIO | None = None) -> None:
        self.log_to = log_to

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        started = time.perf_counter()
        request = SandboxRequest(environ)
        status = 0
        try:
            response = self._dispatch(request)
            status = response.status_code
        finally:
            if request.sandbox_log_entry is not None:
                STORE.log_status(request.sandbox_log_entry, status)
            self._print(request, request.sandbox_operation, status, started)
        headers = [*response.items()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]

    def _dispatch(self, request: SandboxRequest) -> HttpResponse:
        try:
            match = resolve(request.path_info, urlconf=URLCONF)
        except Resolver404:
            return error_response(404, f"No such resource: {request.path_info}")
        if not isinstance(match.func, Api):
            try:
                response: HttpResponse = match.func(request, *match.args, **match.kwargs)
                return response
            except ApiError as exc:
                return error_response(exc.status, exc.developer_message)
        if request.method not in match.func.methods:
            response = error_response(405, f"{request.method} is not allowed here.")
            response["Allow"] = ", ".join(match.func.methods)
            return response
        operation, view = match.func.methods[request.method]
        request.sandbox_operation = operation
        # Logged on arrival (before any fault's latency), its status filled in when it is answered: a slow
        # request a test gave up on then lands in that test's log, never in the next test's (after a clear).
        request.sandbox_log_entry = STORE.log_request(
            {
                "operation": operation,
                "method": request.method,
                "path": request.path,
                "query": {key: request.GET[key] for key in request.GET},
                "status": None,
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            }
        )
        try:
            return _api_call(request, operation, view, match.kwargs)
        except DropConnection:
            raise
        except Exception as exc:  # a sandbox bug must still look like UltraCart's 500
            return error_response(500, f"Sandbox error: {exc.__class__.__name__}: {exc}")

    def _print(self, request: WSGIRequest, operation: str, status: int, started: float) -> None:
        """One line per request; the path is left out (it can hold emails), never tokens or keys."""
        if self.log_to is None:
            return
        elapsed = (time.perf_counter() - started) * 1000
        what = operation or (request.path_info if request.path_info.startswith("/_control/") else "-")
        stamp = datetime.now().strftime("%H:%M:%S")
        print(
            f"[sandbox {stamp}] {request.method} {what} {status or 'dropped'} {elapsed:.0f}ms",
            file=self.log_to,
            flush=True,
        )


class _Handler(ServerHandler):
    request_handler: "_RequestHandler"

    def handle_error(self) -> None:
        if isinstance(sys.exc_info()[1], DropConnection):
            self.request_handler.dropped = True  # answer nothing; the socket closes
            return
        super().handle_error()


class _RequestHandler(WSGIRequestHandler):
    server: WSGIServer  # what make_server gives it
    dropped = False

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        # The socket's buffered reader and writer: BufferedIOBase to typeshed, IO[bytes] to ServerHandler.
        stdin, stdout = cast(IO[bytes], self.rfile), cast(IO[bytes], self.wfile)
        handler = _Handler(stdin, stdout, self.get_stderr(), self.get_environ(), multithread=True)
        handler.request_handler = self
        app = self.server.get_app()
        assert app is not None, "make_server sets the app before serving"
        handler.run(app)

    def log_message(self, format: str, *args: Any) -> None:
        """SandboxApp prints its own line per request."""


class SandboxServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(host: str = "127.0.0.1", port: int = 8765, *, log_to: TextIO | None = None) -> SandboxServer:
    server = SandboxServer((host, port), _RequestHandler)
    server.set_app(SandboxApp(log_to=log_to))
    return server


def start_in_thread(port: int = 0, *, log_to: TextIO | None = None) -> SandboxServer:
    """A running sandbox on 127.0.0.1 (port 0 picks a free one); stop it with .shutdown()."""
    server = make_server(port=port, log_to=log_to)
    threading.Thread(target=server.serve_forever, name="ultracart-sandbox", daemon=True).start()
    return server
