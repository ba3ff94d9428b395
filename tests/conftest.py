"""Shared fixtures: an empty cache per test, and the sandbox over real HTTP."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.sandbox_control import SandboxControl


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (local memory or the Redis test database)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    """The sandbox, served over real HTTP from a background thread for the whole test session."""
    from portal.sandbox.server import start_in_thread

    server = start_in_thread(port=0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def sandbox(sandbox_url: str, settings) -> SandboxControl:
    """A sandbox back at its demo data, with no faults and an empty request log; the portal points at it."""
    control = SandboxControl(sandbox_url)
    control.reset()
    control.clear_faults()
    control.clear_requests()
    settings.ULTRACART_BASE_URL = control.api_url
    settings.ULTRACART_API_KEY = "sandbox-key"
    return control


@pytest.fixture
def jane(client):
    """A client signed in as Jane Doe, the demo customer who owns most demo orders."""
    from tests.sessions import client_sign_in

    return client_sign_in(client, "jane.doe@example.com")


@pytest.fixture
def invoice_renders():
    """Counts WeasyPrint renders (the real function still runs)."""
    from unittest import mock

    from portal.invoices import services

    with mock.patch.object(services, "invoice_render", wraps=services.invoice_render) as spy:
        yield spy


class WindowClock:
    """The clock of the rolling-window limits (portal/core/windows.py): frozen for a test, moved on demand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def window_clock(monkeypatch) -> WindowClock:
    """No limit resets under a test because a bucket boundary passed; tests move the clock themselves."""
    import time

    clock = WindowClock(time.time())
    monkeypatch.setattr("portal.core.windows._now", clock)
    return clock
