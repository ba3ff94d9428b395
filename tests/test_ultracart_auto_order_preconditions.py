"""Writes check the fresh read before writing (precondition), and resume moves a past next shipment."""

from datetime import UTC, datetime, timedelta

import pytest

from portal import ultracart
from tests.subscriptions_helpers import ACTIVE, PAUSED, raw_auto_order

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


def test_a_raising_precondition_writes_nothing(sandbox):
    seen = []

    def precondition(fresh):
        seen.append(fresh.auto_order_oid)
        raise Refused

    with pytest.raises(Refused):
        ultracart.auto_order_pause(auto_order_oid=ACTIVE, precondition=precondition)
    assert seen == [ACTIVE]
    assert sandbox.operations() == ["getAutoOrder"]


def test_next_shipment_not_before_moves_only_an_earlier_date(sandbox):
    later = datetime.now(UTC) + timedelta(days=1)
    ultracart.auto_order_update(auto_order_oid=PAUSED, paused=False, next_shipment_not_before=later)
    assert raw_auto_order(sandbox, PAUSED)["items"][0]["next_shipment_dts"] > later.isoformat()[:10]  # kept

    much_later = datetime.now(UTC) + timedelta(days=40)
    result = ultracart.auto_order_update(auto_order_oid=ACTIVE, next_shipment_not_before=much_later)
    assert result.next_shipment_at == much_later.replace(microsecond=(much_later.microsecond // 1000) * 1000)


def test_the_last_request_id_is_kept_for_the_audit(sandbox):
    ultracart.auto_order_get_fresh(auto_order_oid=ACTIVE)
    assert len(ultracart.ultracart_last_request_id()) >= 16
