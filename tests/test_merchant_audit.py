"""The audit log: one function writes it, the admin shows it read-only."""

import pytest
from django.contrib.auth.models import User

from portal.merchant.actions import SubscriptionAction as Action
from portal.merchant.audit import audit_record
from portal.merchant.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_every_field():
    entry = audit_record(action=Action.PAUSE, result="failed", email="a@example.com", auto_order_oid=5001,
                         order_id="DEMO-1", before={"paused": False}, ultracart_request_id="R1",
                         client_address="203.0.113.9", detail="Unavailable")  # fmt: skip
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.result, stored.auto_order_oid, stored.ultracart_request_id) == (
        "pause", "failed", 5001, "R1"
    )  # fmt: skip
    assert stored.before == {"paused": False} and stored.after == {} and stored.at is not None


def test_the_admin_lists_entries_read_only(client):
    audit_record(action=Action.CANCEL, result="ok", email="a@example.com", auto_order_oid=5001)
    staff = User.objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(staff)
    listing = client.get("/admin/merchant/auditentry/")
    assert listing.status_code == 200 and "a@example.com" in listing.content.decode()
    assert client.get("/admin/merchant/auditentry/add/").status_code == 403
    entry = AuditEntry.objects.get()
    page = client.get(f"/admin/merchant/auditentry/{entry.pk}/change/").content.decode()
    assert 'type="submit"' not in page or "Save" not in page
