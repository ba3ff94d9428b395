"""A thank-you grant moves the visitor to a new session id: a session id planted beforehand grants nothing."""

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

ORDER = "DEMO-0009100012"


def test_grant_cycles_the_session_id(client, sandbox):
    client.get("/")  # any page: the visitor may already hold a session (or one planted by someone else)
    session = client.session
    session["anything"] = "x"
    session.save()
    planted = session.session_key
    client.cookies[django_settings.SESSION_COOKIE_NAME] = planted
    assert client.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}).status_code == 200
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != planted

    attacker = client_with_session(planted)
    assert attacker.get(f"/orders/{ORDER}/").status_code == 404


def client_with_session(session_key: str):
    from django.test import Client

    other = Client()
    other.cookies[django_settings.SESSION_COOKIE_NAME] = session_key
    return other
