"""Every link in an email is built from PORTAL_BASE_URL, never from the request's Host (a forged
`Host: 127.0.0.1:9999` put that port in the emailed sign-in link); the setting is checked at start-up."""

import re

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import Client

from tests.subscriptions_helpers import ACTIVE, confirm
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def _html(message: mail.EmailMessage) -> str:
    assert isinstance(message, mail.EmailMultiAlternatives)
    return str(message.alternatives[0][0])


def _links(message: mail.EmailMessage) -> list[str]:
    html = _html(message)
    return re.findall(r"https?://[^\s\"'<>]+", f"{message.body}\n{html}")


def test_a_forged_host_does_not_reach_the_sign_in_link(settings):
    settings.ALLOWED_HOSTS = ["*"]  # even where every host is served
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    Client().post("/account/sign-in/", {"email": "jane.doe@example.com"}, HTTP_HOST="127.0.0.1:9999")
    links = _links(mail.outbox[-1])
    assert links and all(
        link.startswith("https://portal.example.com/account/sign-in/code/?link=") for link in links
    )
    assert "9999" not in mail.outbox[-1].body and "127.0.0.1" not in _html(mail.outbox[-1])


def test_a_subscription_email_links_to_the_subscription_on_the_base_url(sandbox, jane, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_BASE_URL = "https://portal.example.com/"
    jane.defaults["HTTP_HOST"] = "127.0.0.1:9999"
    url = f"/account/subscriptions/{ACTIVE}/pause/"
    assert confirm(jane, url, {"mode": "indefinite"}).status_code == 302
    links = _links(mail.outbox[-1])
    manage = f"https://portal.example.com/account/subscriptions/{ACTIVE}/link/?t="
    assert links and all(link.startswith(manage) for link in links)


@pytest.mark.parametrize(
    ("value", "check_id"),
    [
        ("portal.example.com", "portal.E001"),
        ("ftp://portal.example.com", "portal.E001"),
        ("https://portal.example.com/shop?x=1", "portal.E002"),
        ("https://user:pw@portal.example.com", "portal.E002"),
        ("http://portal.example.com", "portal.E003"),
        ("https://elsewhere.example.com", "portal.W004"),
    ],
)
def test_the_start_up_check_names_a_wrong_base_url(settings, value, check_id):
    settings.HTTPS = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    settings.PORTAL_BASE_URL = value
    assert check_id in {message.id for message in run_checks()}


def test_a_right_base_url_passes_the_check(settings):
    settings.HTTPS = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    assert not [m for m in run_checks() if m.id and m.id.startswith("portal.") and m.id[7] in "EW"]


def test_production_without_a_base_url_stops_start_up_and_debug_has_a_default():
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.com", "PORTAL_BASE_URL": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "Set the PORTAL_BASE_URL environment variable" in result.stderr
    code = "from django.conf import settings as s; print(s.PORTAL_BASE_URL)"
    shown = run_manage(
        "shell", "--no-imports", "-c", code, env={"DEBUG": "true", "PORT": "8103", "PORTAL_BASE_URL": ""}
    )
    assert shown.stdout.strip() == "http://127.0.0.1:8103", shown.stderr
