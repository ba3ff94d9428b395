"""`make run` (manage.py demo) shows the branded 404 that production shows, not Django's DEBUG page."""

import io
from types import SimpleNamespace

import pytest
from django.test import Client

from portal.core.management.commands import demo

pytestmark = pytest.mark.django_db


class FakeProcess:
    def terminate(self) -> None: ...

    def wait(self, timeout: float) -> None: ...


def test_the_demo_serves_the_branded_404(settings, monkeypatch):
    settings.DEBUG = True  # as `make run` starts it
    served: dict[str, object] = {}

    def runserver(name: str, address: str, **options: object) -> None:
        response = Client().get("/no-such-page/")
        served.update(address=address, status=response.status_code, html=response.content.decode())

    fake_subprocess = SimpleNamespace(Popen=lambda *args, **kwargs: FakeProcess())  # no sandbox, no worker
    monkeypatch.setattr(demo, "subprocess", fake_subprocess)
    monkeypatch.setattr(demo, "_wait_for_port", lambda port, seconds: True)
    monkeypatch.setattr(demo, "call_command", runserver)
    monkeypatch.setattr(demo.Command, "_print_links", lambda self, port, uses_sandbox: None)
    demo.Command(stdout=io.StringIO()).handle(port=8105)
    assert served["address"] == "127.0.0.1:8105" and served["status"] == 404
    html = str(served["html"])
    assert "We couldn&#x27;t find that page" in html  # our page
    assert "URLconf" not in html and "admin/" not in html  # not Django's list of every route
