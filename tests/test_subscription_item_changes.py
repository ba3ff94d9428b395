"""Both per-item changes through the service itself (no page): the fresh read and one write over HTTP, the
one-time token, and staff viewing as the customer refused on every page and post."""

import pytest
from django.core import mail

from portal import ultracart
from portal.merchant.actions import SubscriptionAction
from portal.merchant.models import AuditEntry
from portal.subscriptions import services
from portal.subscriptions.actors import Actor
from portal.subscriptions.errors import ActionExpired, ActionRefused
from portal.subscriptions.registry import REGISTRY
from portal.subscriptions.summaries import auto_order_fingerprint
from portal.subscriptions.tokens import form_token_issue
from tests.sessions import merchant_staff
from tests.subscriptions_helpers import ACTIVE, JANE, changed_fields, raw_auto_order

pytestmark = pytest.mark.django_db
ITEM = 50011
JANE_HERE = Actor(email=JANE, client_address="127.0.0.1", language="en")


def perform(action: SubscriptionAction, data: dict, *, token: str | None = None):
    reviewed = ultracart.auto_order_get(auto_order_oid=ACTIVE)
    token = token or form_token_issue(
        email=JANE, auto_order_oid=ACTIVE, action=action, seen=auto_order_fingerprint(reviewed)
    )
    return services.action_perform(actor=JANE_HERE, auto_order_oid=ACTIVE, entry=REGISTRY[action], data=data,
                                   reviewed=reviewed, form_token=token)  # fmt: skip


@pytest.mark.parametrize(
    ("action", "data", "fields"),
    [
        (SubscriptionAction.FREQUENCY, {"item": ITEM, "frequency": "Biweekly"}, {"items[].frequency"}),
        (SubscriptionAction.FREQUENCY, {"item": ITEM, "frequency": "Every...", "every_days": 30},
         {"items[].frequency", "items[].arbitrary_schedule_days"}),
        (SubscriptionAction.QUANTITY, {"item": ITEM, "quantity": 4}, {"items[].arbitrary_quantity"}),
    ],
)  # fmt: skip
def test_a_fresh_read_and_one_write_of_only_the_intended_fields(sandbox, action, data, fields):
    ultracart.auto_order_get(auto_order_oid=ACTIVE)  # the review's copy, cached
    before = raw_auto_order(sandbox, ACTIVE)
    sandbox.clear_requests()
    done = perform(action, data)
    assert sandbox.operations() == ["getAutoOrder", "updateAutoOrder"]
    assert changed_fields(before, raw_auto_order(sandbox, ACTIVE)) == fields
    assert done.plan.item is not None and done.plan.item.auto_order_item_oid == ITEM
    assert AuditEntry.objects.get(action=action).result == "ok" and len(mail.outbox) == 1


def test_the_service_refuses_what_the_merchant_does_not_allow(sandbox):
    before = raw_auto_order(sandbox, ACTIVE)
    with pytest.raises(ActionRefused):
        perform(SubscriptionAction.FREQUENCY, {"item": ITEM, "frequency": "Yearly"})
    with pytest.raises(ActionRefused):
        perform(SubscriptionAction.QUANTITY, {"item": ITEM, "quantity": 5})
    with pytest.raises(ActionExpired):
        perform(SubscriptionAction.QUANTITY, {"item": ITEM, "quantity": 2}, token="forged")
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert [e.result for e in AuditEntry.objects.order_by("id")] == ["refused", "refused", "refused"]


@pytest.fixture
def viewing(client, sandbox):
    client.force_login(merchant_staff("merchant", "view_as_customer"))
    assert client.post("/admin/view-as-customer/", {"email": JANE}).status_code == 302
    return client


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "frequency/", None),
        ("post", "frequency/", {"step": "review", "item": ITEM, "frequency": "Weekly"}),
        ("post", "frequency/", {"step": "confirm", "token": "t", "item": ITEM, "frequency": "Weekly"}),
        ("get", "quantity/", None),
        ("post", "quantity/", {"step": "confirm", "token": "t", "item": ITEM, "quantity": "2"}),
    ],
)
def test_viewing_as_the_customer_is_refused(viewing, sandbox, method, path, data):
    detail = viewing.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    assert "Change how often" not in detail and "Change quantity" not in detail  # no links while viewing as
    before = raw_auto_order(sandbox, ACTIVE)
    response = getattr(viewing, method)(f"/account/subscriptions/{ACTIVE}/{path}", data or {})
    assert response.status_code == 403 and "Read-only" in response.content.decode()
    assert raw_auto_order(sandbox, ACTIVE) == before
    assert "updateAutoOrder" not in sandbox.operations()
