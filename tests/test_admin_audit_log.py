"""The audit log in the admin: read-only, filtered by action, result and date, searched by email, order id and
auto order, exported to CSV with spreadsheet formulas neutralized; staff only."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from portal.merchant.actions import SubscriptionAction as Action
from portal.merchant.audit import audit_record
from portal.merchant.csv_export import csv_cell_neutralize
from portal.merchant.models import AuditEntry

pytestmark = pytest.mark.django_db
LIST = "/admin/merchant/auditentry/"


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_user("merchant", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def entries():
    made = [
        audit_record(action=Action.PAUSE, result="ok", email="jane.doe@example.com", auto_order_oid=5001),
        audit_record(
            action=Action.SKIP,
            result="refused",
            email="maria.garcia@example.es",
            auto_order_oid=5003,
        ),
        audit_record(
            action=Action.CANCEL,
            result="ok",
            email="obrien@example.com",
            order_id="DEMO-0009100044",
        ),
        audit_record(
            action=Action.CANCEL,
            result="failed",
            email="evil@example.com",
            order_id='=HYPERLINK("http://x")',
            detail="+cmd|' /C calc'!A0",
            client_address="@SUM(1+1)",
        ),
    ]
    old = timezone.now() - timedelta(days=400)
    AuditEntry.objects.filter(pk=made[1].pk).update(at=old)
    return made


def shown(response) -> set[str]:
    return {entry.action + "/" + entry.result for entry in response.context["cl"].result_list}


def test_filter_by_action_and_result(staff, entries):
    assert shown(staff.get(LIST, {"action": "cancel"})) == {"cancel/ok", "cancel/failed"}
    assert shown(staff.get(LIST, {"result": "ok"})) == {"pause/ok", "cancel/ok"}
    assert shown(staff.get(LIST, {"action": "cancel", "result": "ok"})) == {"cancel/ok"}


def test_filter_by_date(staff, entries):
    old_year = (timezone.now() - timedelta(days=400)).year
    assert shown(staff.get(LIST, {"at__year": str(old_year)})) == {"skip/refused"}
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()
    recent = staff.get(LIST, {"at__gte": week_ago})
    assert shown(recent) == {"pause/ok", "cancel/ok", "cancel/failed"}
    html = staff.get(LIST).content.decode()
    assert "By time" in html and str(old_year) in html  # the date filter and the date hierarchy


def test_search_by_email_order_id_and_auto_order(staff, entries):
    assert shown(staff.get(LIST, {"q": "maria.garcia"})) == {"skip/refused"}
    assert shown(staff.get(LIST, {"q": "DEMO-0009100044"})) == {"cancel/ok"}
    assert shown(staff.get(LIST, {"q": "5001"})) == {"pause/ok"}


def test_it_is_read_only(staff, entries):
    assert staff.get(f"{LIST}add/").status_code == 403
    entry = entries[0]
    page = staff.get(f"{LIST}{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert staff.post(f"{LIST}{entry.pk}/change/", {"action": "refund"}).status_code == 403
    assert staff.post(f"{LIST}{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "pause"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcalc", "'\tcalc"),
        ("\rcalc", "'\rcalc"),
        ("jane@example.com", "jane@example.com"),
        ("a=b", "a=b"),
        (None, ""),
        (5001, "5001"),
        ("", ""),
    ],
)
def test_formula_cells_get_a_leading_apostrophe(value, safe):
    assert csv_cell_neutralize(value) == safe


def export(staff, ids, **filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return staff.post(
        f"{LIST}?{query}" if query else LIST,
        {"action": "export_csv", "_selected_action": [str(i) for i in ids], "index": "0"},
    )


def test_csv_export_of_the_selected_rows(staff, entries):
    response = export(staff, [e.pk for e in entries[2:]])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbfat,action,")  # the BOM Excel needs for UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["email"] for row in rows] == ["evil@example.com", "obrien@example.com"]
    evil = rows[0]
    assert evil["order_id"] == '\'=HYPERLINK("http://x")'
    assert evil["detail"] == "'+cmd|' /C calc'!A0"
    assert evil["client_address"] == "'@SUM(1+1)"
    assert rows[1]["order_id"] == "DEMO-0009100044" and rows[1]["action"] == "cancel"
    assert all(
        not value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for value in row.values()
    )


def test_select_all_exports_the_filtered_list_and_the_export_is_audited(staff, entries):
    response = staff.post(
        f"{LIST}?action=cancel",
        {
            "action": "export_csv",
            "select_across": "1",
            "_selected_action": [str(entries[2].pk)],
            "index": "0",
        },
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["result"] for row in rows} == {"ok", "failed"} and len(rows) == 2
    audit = AuditEntry.objects.get(action="audit_export")
    assert audit.detail == "staff merchant: 2 rows"


def test_export_needs_staff_and_csrf(client, entries):
    client.force_login(User.objects.create_user("customer"))
    response = export(client, [e.pk for e in entries])
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.create_user("staffer", is_staff=True, is_superuser=True))
    assert export(strict, [e.pk for e in entries]).status_code == 403
    assert not AuditEntry.objects.filter(action="audit_export").exists()


def test_an_export_over_the_cap_says_so_and_is_audited_as_capped(staff, entries, monkeypatch):
    monkeypatch.setattr("portal.merchant.admin.EXPORT_MAX_ROWS", 2)
    response = export(staff, [e.pk for e in entries])
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert AuditEntry.objects.get(action="audit_export").detail == "staff merchant: 2 rows (capped)"
    assert "newest 2 rows" in staff.get(LIST).content.decode()  # the warning, on the next admin page
