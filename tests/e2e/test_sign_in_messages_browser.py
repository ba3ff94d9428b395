"""The sign-in messages in headless Chromium, in English and Spanish, with axe on each state: a wrong code
says the tries left, a used-up code offers a new one by button, and a second send within the minute says a
code went moments ago and when another can be asked for."""

import re

import pytest
from django.core import mail

from tests.e2e.journey import Journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "ask": "Email me a code",
        "code": "6-digit code",
        "sign_in": "Sign in",
        "tries": "you can try 4 more times",
        "gone": "This code no longer works",
        "new": "Send me a new code",
        "recent": "moments ago",
    },
    "es": {
        "ask": "Envíame un código",
        "code": "Código de 6 dígitos",
        "sign_in": "Entrar",
        "tries": "puedes intentarlo 4 veces más",
        "gone": "Este código ya no sirve",
        "new": "Enviarme un código nuevo",
        "recent": "hace un momento",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_wrong_used_up_and_resent_too_soon(browser, live_server, language):
    words = WORDS[language]
    journey = Journey(browser.new_context(viewport={"width": 375, "height": 900}, locale=language))
    page = journey.page
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label(re.compile("email|correo", re.IGNORECASE)).fill(f"shopper-{language}@example.com")
    page.get_by_role("button", name=words["ask"]).click()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label(words["code"]).fill(wrong)
    page.get_by_role("button", name=words["sign_in"], exact=True).click()
    assert words["tries"] in page.content()
    journey.check(f"wrong code ({language})")
    for _ in range(4):
        page.get_by_label(words["code"]).fill(wrong)
        page.get_by_role("button", name=words["sign_in"], exact=True).click()
    assert words["gone"] in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label(words["code"]).count() == 0
    journey.check(f"used-up code ({language})")
    page.get_by_role("button", name=words["new"]).click()  # within the minute: nothing is sent
    assert words["recent"] in page.get_by_role("status").first.inner_text()
    assert len(mail.outbox) == 1
    journey.check(f"resent too soon ({language})")
    journey.assert_clean()
