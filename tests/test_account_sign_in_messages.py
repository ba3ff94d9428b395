"""What the sign-in pages say (issue 25): tries left after a wrong code, a used-up code said plainly with a
button for a new one, and a second send within the minute that says a code went moments ago and when another
can be asked for, the same for known and unknown addresses. In English and in Spanish."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.accounts.models import SignInCode
from tests.sessions import page_without_tokens

pytestmark = pytest.mark.django_db
JANE = "jane.doe@example.com"
IP = "203.0.113.7"


def _ask(client: Client, email: str = JANE, ip: str = IP, language: str = "en"):
    return client.post("/account/sign-in/", {"email": email}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language)


def _enter(client: Client, code: str, language: str = "en"):
    return client.post(
        "/account/sign-in/code/", {"code": code}, REMOTE_ADDR=IP, HTTP_ACCEPT_LANGUAGE=language
    )


def _code() -> str:
    return re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def _new_code_button(page: str) -> bool:
    form = re.search(r'<form method="post" action="/account/sign-in/".*?</form>', page, re.S)
    return form is not None and f'name="email" value="{JANE}"' in form.group(0) and "<button" in form.group(0)


def test_each_wrong_code_says_how_many_tries_are_left(client):
    _ask(client)
    code = _code()
    said = [_text(_enter(client, _wrong(code))) for _ in range(4)]
    assert "you can try 4 more times" in said[0]
    assert "you can try 3 more times" in said[1]
    assert "you can try 2 more times" in said[2]
    assert "you can try 1 more time." in said[3]
    assert all("expired" not in page for page in said)


def test_a_used_up_code_is_said_plainly_with_a_button_for_a_new_one(client, window_clock):
    _ask(client)
    code = _code()
    for _ in range(4):
        _enter(client, _wrong(code))
    for attempt in (_wrong(code), _wrong(code), code):  # the 5th, the 6th, then the right code
        response = _enter(client, attempt)
        page = _text(response)
        assert response.status_code == 400
        assert "This code no longer works: it was entered wrongly 5 times. Ask for a new code." in page
        assert "expired" not in page and "replaced" not in page
        assert 'name="code"' not in page  # no field for a code that cannot work
        assert _new_code_button(page) and "Send me a new code" in page
    window_clock.advance(61)
    mail.outbox.clear()
    assert client.post("/account/sign-in/", {"email": JANE}, REMOTE_ADDR=IP).status_code == 302  # the button
    assert _enter(client, _code())["Location"] == "/account/"


def test_an_expired_and_a_used_code_say_so(client):
    _ask(client)
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = _text(_enter(client, _code()))
    assert "This code has expired: codes work for 10 minutes." in page and _new_code_button(page)
    other = Client()
    _ask(other, ip="198.51.100.3", email="used@example.com")
    code = _code()
    SignInCode.objects.filter(email="used@example.com").update(used_at=timezone.now())
    page = _text(other.post("/account/sign-in/code/", {"code": code}, REMOTE_ADDR="198.51.100.3"))
    assert "This code has already been used." in page


def test_a_second_send_within_the_minute_says_a_code_went_moments_ago_and_when_to_ask_again():
    pages = []
    for email in (JANE, "jane.dot@example.com"):  # known and unknown: both mask to j•••@example.com
        client = Client()
        assert _ask(client, email).status_code == 302
        again = _ask(client, email)
        assert again.status_code == 429
        wait = int(again["Retry-After"])
        assert 1 <= wait <= 60
        page = _text(again)
        assert "We sent a code to j•••@example.com moments ago: use that one" in page
        assert re.search(r"You can ask for another in \d+ seconds?\.", page)
        assert "is on its way" not in page
        assert 'name="code"' in page  # the code that went still works here
        pages.append(
            re.sub(rb"\d+ seconds?", b"N seconds", page_without_tokens(again.content)).replace(
                email.encode(), b"EMAIL"
            )
        )
    assert len(mail.outbox) == 2  # one each: the second press sent nothing
    assert pages[0] == pages[1]  # the same answer whether or not the address has orders


def test_the_code_typed_after_a_refused_send_still_signs_in(client):
    _ask(client)
    code = _code()
    assert _ask(client).status_code == 429
    assert _enter(client, code)["Location"] == "/account/"


def test_the_messages_in_spanish(client, window_clock):
    _ask(client, language="es")
    code = _code()
    wrong = _text(_enter(client, _wrong(code), language="es"))
    assert "Ese código no es correcto" in wrong and "4 veces más" in wrong
    for _ in range(4):
        page = _text(_enter(client, _wrong(code), language="es"))
    assert "Este código ya no sirve: se introdujo mal 5 veces. Pide un código nuevo." in page
    assert "Enviarme un código nuevo" in page
    window_clock.advance(61)
    other = Client()
    _ask(other, email="maria@example.com", ip="198.51.100.8", language="es")
    again = _text(_ask(other, email="maria@example.com", ip="198.51.100.8", language="es"))
    assert "Te enviamos un código a m•••@example.com hace un momento" in again
    assert re.search(r"Puedes pedir otro dentro de \d+ segundos?\.", again)
