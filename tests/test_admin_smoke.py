"""Every model page of the admin answers: its list, its add form where adding is allowed and the change (or
view) page of one object, for a superuser; and none of them for a signed-in customer who is not staff."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.merchant.actions import SubscriptionAction as Action

pytestmark = pytest.mark.django_db
REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def make_one(label: str):
    """One object of each registered model, made the way the portal makes them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from portal.merchant.audit import audit_record
    from portal.merchant.models import WebhookDelivery
    from portal.merchant.settings_records import portal_settings_update
    from portal.subscriptions.models import ScheduledResume, ShipmentSkip
    from portal.subscriptions.tasks import scheduled_resume_run

    axes = {
        "ip_address": "203.0.113.9",
        "username": "someone",
        "user_agent": "test",
        "path_info": "/admin/login/",
    }
    makers = {
        "auth.Group": lambda: Group.objects.create(name="support"),
        "auth.User": lambda: User.objects.create_user("another", email="another@example.com"),
        "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
            **axes, http_accept="*/*", get_data="", post_data="", failures_since_start=1
        ),
        "axes.AccessLog": lambda: AccessLog.objects.create(**axes, http_accept="*/*"),
        "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(**axes, http_accept="*/*"),
        "merchant.PortalConfiguration": lambda: portal_settings_update(changes={}, actor="smoke"),
        "merchant.WebhookDelivery": lambda: WebhookDelivery.objects.create(
            body_sha256="0" * 64, outcome="applied", events=1, acted_on=1, event_names="order_update"
        ),
        "merchant.AuditEntry": lambda: audit_record(
            action=Action.PAUSE, result="ok", email="jane.doe@example.com"
        ),
        "subscriptions.ScheduledResume": lambda: ScheduledResume.objects.create(
            auto_order_oid=5002, email="jane.doe@example.com", resume_at=timezone.now() + timedelta(days=3)
        ),
        "subscriptions.ShipmentSkip": lambda: ShipmentSkip.objects.create(
            auto_order_oid=5001,
            email="jane.doe@example.com",
            shipment_on=timezone.localdate(),
            shipment_at=timezone.now() + timedelta(days=30),
            run_at=timezone.now() + timedelta(days=28),
        ),
        "django_tasks_database.DBTaskResult": lambda: scheduled_resume_run.using(
            run_after=timezone.now() + timedelta(days=1)
        ).enqueue(resume_id=1),
    }
    assert label in makers, f"the admin smoke test needs a way to make a {label}: add it to make_one()"
    makers[label]()


@pytest.fixture
def superuser(client):
    client.force_login(User.objects.create_superuser("merchant", "merchant@example.com", "unused-pw-1"))
    return client


def test_the_list_below_is_the_whole_registry():
    assert sorted(model._meta.label for model in admin.site._registry) == REGISTERED
    assert "merchant.PortalConfiguration" in REGISTERED and "subscriptions.ScheduledResume" in REGISTERED


@pytest.mark.parametrize("label", REGISTERED)
def test_every_model_page_answers(superuser, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    info = model._meta.app_label, model._meta.model_name
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="merchant")

    if model_admin.has_add_permission(request):
        assert superuser.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    make_one(label)
    obj = model._default_manager.first()
    assert obj is not None
    changelist = superuser.get(reverse("admin:{}_{}_changelist".format(*info)), follow=True)
    assert changelist.status_code == 200
    change = superuser.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert change.status_code == 200
    if not model_admin.has_add_permission(request):
        assert superuser.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403


def test_the_admin_index_and_merchant_tools_answer(superuser):
    assert superuser.get("/admin/").status_code == 200


@pytest.mark.parametrize("label", REGISTERED)
def test_non_staff_are_sent_to_the_login(client, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    info = model._meta.app_label, model._meta.model_name
    client.force_login(User.objects.create_user("customer", email="jane.doe@example.com"))
    for url in (reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_the_admin_is_named_for_the_portal(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Customer portal admin" in page and "Django administration" not in page
