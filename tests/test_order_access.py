"""access.py: who sees which order, and how much (time controlled through timezone.now)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from portal.core.identity import customer_email_get, customer_email_set
from portal.receipts import access
from portal.receipts.access import (
    Access,
    order_access_grant,
    order_access_level,
    order_access_may_look_up,
)
from portal.ultracart import Address, Money, Order, OrderStage, OrderSummary

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def order_make(**overrides) -> Order:
    """A small valid Order for tests that do not need the sandbox."""
    address = Address("Jane", "Doe", "", "1 Main St", "", "Springfield", "IL", "62701", "US", "", "555-0100")
    total = Money(Decimal("17.95"), "$17.95")
    fields = {
        "order_id": "DEMO-0009100012",
        "merchant_id": "DEMO",
        "stage": OrderStage.SHIPPING_DEPARTMENT,
        "stage_label": "Shipping Department",
        "created_at": NOW - timedelta(minutes=2),
        "paid_at": NOW - timedelta(minutes=2),
        "shipped_at": None,
        "refunded_at": None,
        "refund_reason": "",
        "currency_code": "USD",
        "language": "en",
        "email": "Jane.Doe@example.com",
        "billing": address,
        "shipping": address,
        "items": (),
        "summary": OrderSummary(total, None, None, None, total, None),
        "taxes": (),
        "coupons": (),
        "payment_method": "Credit Card",
        "payment_description": "Visa ending in 1111",
        "shipments": (),
        "auto_order_oid": None,
        "auto_order_code": "",
        "fingerprint": "x",
    }
    return Order(**{**fields, **overrides})


@pytest.fixture
def request_with_session(db):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


@pytest.fixture
def at_now():
    with mock.patch.object(access.timezone, "now", return_value=NOW):
        yield


def test_no_grant_and_not_signed_in_sees_nothing(request_with_session, at_now):
    order = order_make()
    assert order_access_level(request=request_with_session, order=order) is Access.NONE
    assert not order_access_may_look_up(request=request_with_session, order_id=order.order_id)


def test_a_grant_shows_everything_while_the_order_is_young(request_with_session, at_now):
    order = order_make(created_at=NOW - timedelta(minutes=59))
    order_access_grant(request=request_with_session, order=order)
    assert order_access_may_look_up(request=request_with_session, order_id=order.order_id)
    assert order_access_level(request=request_with_session, order=order) is Access.FULL


def test_a_grant_is_redacted_once_the_window_has_passed(request_with_session, at_now):
    order = order_make(created_at=NOW - timedelta(minutes=60))
    order_access_grant(request=request_with_session, order=order)
    assert order_access_level(request=request_with_session, order=order) is Access.REDACTED


def test_the_window_is_the_merchants_setting(request_with_session, at_now, settings):
    settings.PORTAL_FULL_DETAILS_MINUTES = 10
    order = order_make(created_at=NOW - timedelta(minutes=11))
    order_access_grant(request=request_with_session, order=order)
    assert order_access_level(request=request_with_session, order=order) is Access.REDACTED


def test_an_order_without_a_creation_date_counts_as_old(request_with_session, at_now):
    order = order_make(created_at=None)
    order_access_grant(request=request_with_session, order=order)
    assert order_access_level(request=request_with_session, order=order) is Access.REDACTED


def test_a_grant_is_for_that_order_only(request_with_session, at_now):
    order_access_grant(request=request_with_session, order=order_make())
    other = order_make(order_id="DEMO-0009100011")
    assert not order_access_may_look_up(request=request_with_session, order_id=other.order_id)
    assert order_access_level(request=request_with_session, order=other) is Access.NONE


def test_the_signed_in_owner_sees_everything_at_any_age(request_with_session, at_now):
    customer_email_set(request_with_session, "jane.doe@EXAMPLE.com")
    order = order_make(created_at=NOW - timedelta(days=400))
    assert order_access_may_look_up(request=request_with_session, order_id=order.order_id)
    assert order_access_level(request=request_with_session, order=order) is Access.FULL


def test_a_signed_in_stranger_sees_nothing(request_with_session, at_now):
    customer_email_set(request_with_session, "obrien@example.com")
    order = order_make()
    # Signed-in customers may look orders up; the order's email then decides.
    assert order_access_may_look_up(request=request_with_session, order_id=order.order_id)
    assert order_access_level(request=request_with_session, order=order) is Access.NONE


def test_an_order_without_email_has_no_owner(request_with_session, at_now):
    customer_email_set(request_with_session, "jane.doe@example.com")
    assert order_access_level(request=request_with_session, order=order_make(email="")) is Access.NONE


def test_sessions_keep_a_bounded_number_of_grants(request_with_session, at_now):
    for number in range(access.MAX_GRANTS + 5):
        order_access_grant(request=request_with_session, order=order_make(order_id=f"DEMO-{number:010d}"))
    grants = request_with_session.session[access.SESSION_KEY]
    assert len(grants) == access.MAX_GRANTS
    assert "DEMO-0000000000" not in grants
    assert f"DEMO-{access.MAX_GRANTS + 4:010d}" in grants


def test_identity_round_trip(request_with_session):
    assert customer_email_get(request_with_session) is None
    customer_email_set(request_with_session, " Jane.Doe@example.com ")
    assert customer_email_get(request_with_session) == "jane.doe@example.com"
