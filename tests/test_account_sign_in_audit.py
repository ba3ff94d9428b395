"""Sign-ins (by code, by link, a wrong code) and sign-in locks go through the one audit function; no log line
holds the code, the link's key or the email (the audit row keeps the email, as every customer action does)."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from portal.merchant.models import AuditEntry

pytestmark = pytest.mark.django_db
JANE = "jane.doe@example.com"
IP = "203.0.113.7"


def _code() -> str:
    return re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)


def _enter(client: Client, code: str):
    return client.post("/account/sign-in/code/", {"code": code}, REMOTE_ADDR=IP)


def _rows() -> list[tuple[str, str, str, str]]:
    return list(AuditEntry.objects.order_by("id").values_list("action", "result", "email", "detail"))


def test_a_wrong_then_a_right_code_are_audited_without_the_code(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/account/sign-in/", {"email": JANE}, REMOTE_ADDR=IP)
    code = _code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    _enter(client, wrong)
    assert _enter(client, code)["Location"] == "/account/"
    assert _rows() == [
        ("sign_in", "refused", JANE, "code wrong, 4 tries left"),
        ("sign_in", "ok", JANE, "by code"),
    ]
    assert set(AuditEntry.objects.values_list("client_address", flat=True)) == {IP}
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "audit action=sign_in result=ok" in logged
    for secret in (code, wrong, JANE, "jane.doe"):
        assert secret not in logged


def test_the_lock_is_audited_once_when_it_starts(settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.PORTAL_SIGN_IN_FAILURES_PER_DAY = 3
    attacker = Client()
    attacker.post("/account/sign-in/", {"email": JANE}, REMOTE_ADDR=IP)
    for _ in range(5):
        _enter(attacker, "000000" if _code() != "000000" else "111111")
    actions = [(action, result) for action, result, _email, _detail in _rows()]
    assert actions == [
        ("sign_in", "refused"),
        ("sign_in", "refused"),
        ("sign_in", "refused"),  # the third wrong code: refused, and it starts the lock
        ("sign_in_lock", "locked"),
        ("sign_in", "refused"),  # tried under the lock
        ("sign_in", "refused"),
    ]
    lock = AuditEntry.objects.get(action="sign_in_lock")
    assert (
        lock.email == JANE and "3 wrong codes in a day" in lock.detail and "link still works" in lock.detail
    )
    assert [detail for *_rest, detail in _rows()][-1] == "code locked"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert JANE not in logged and _code() not in logged


def test_the_emailed_link_is_audited_used_and_refused(caplog):
    caplog.set_level(logging.DEBUG)
    Client().post("/account/sign-in/", {"email": JANE}, REMOTE_ADDR=IP)
    key = re.search(r"\?link=([A-Za-z0-9_-]+)", str(mail.outbox[-1].body)).group(1)
    assert Client().post("/account/sign-in/code/", {"link": key}, REMOTE_ADDR=IP)["Location"] == "/account/"
    assert Client().post("/account/sign-in/code/", {"link": key}, REMOTE_ADDR=IP).status_code == 400
    assert Client().post("/account/sign-in/code/", {"link": "x" * 43}, REMOTE_ADDR=IP).status_code == 400
    rows = _rows()
    assert rows[0] == ("sign_in", "ok", JANE, "by emailed link")
    assert rows[1][:3] == ("sign_in", "refused", JANE) and "not valid" in rows[1][3]
    assert rows[2][:3] == ("sign_in", "refused", "")  # an unknown key names nobody
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert key not in logged and JANE not in logged
