"""`manage.py generate_order_token <order_id>` prints a working thank-you URL."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from portal.ultracart import order_get_by_token


def test_prints_the_thank_you_url(sandbox, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    out = StringIO()
    call_command("generate_order_token", "DEMO-0009100012", stdout=out)
    url = out.getvalue().strip()
    assert url.startswith("http://127.0.0.1:8000/thank-you/?OrderToken=DEMO%3A")
    assert "/" not in url.split("OrderToken=")[1] and "+" not in url.split("OrderToken=")[1]
    token = parse_qs(urlsplit(url).query)["OrderToken"][0]
    assert order_get_by_token(token=token).order_id == "DEMO-0009100012"
    assert sandbox.operations() == ["generateOrderToken", "getOrderByToken"]


def test_the_link_uses_the_port_make_run_serves_on(sandbox, monkeypatch):
    monkeypatch.setenv("PORT", "8105")
    out = StringIO()
    call_command("generate_order_token", "DEMO-0009100012", stdout=out)
    assert out.getvalue().startswith("http://127.0.0.1:8105/thank-you/?OrderToken=DEMO%3A")


def test_base_url_option(sandbox):
    out = StringIO()
    call_command(
        "generate_order_token", "DEMO-0009100009", "--base-url", "https://portal.example.com/", stdout=out
    )
    assert out.getvalue().startswith("https://portal.example.com/thank-you/?OrderToken=DEMO%3A")


def test_unknown_order(sandbox):
    with pytest.raises(CommandError, match="no order"):
        call_command("generate_order_token", "DEMO-0000000000", stdout=StringIO())
