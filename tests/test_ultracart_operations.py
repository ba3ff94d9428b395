"""Every UltraCart operation, over real HTTP against the sandbox: what goes out, what comes back typed."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.ultracart import (
    AutoOrderStatus,
    NotFound,
    OrderStage,
    ReceiptHtml,
    auto_order_billing_url,
    auto_order_get,
    auto_order_list_for_email,
    auto_order_pause,
    auto_order_update,
    order_get,
    order_get_by_token,
    order_invoice_pdf,
    order_list_for_email,
    order_receipt_html,
    order_receipt_resend,
    order_token_generate,
)

JANE = "jane.doe@example.com"
NEWEST = "DEMO-0009100012"


def test_order_get_by_token(sandbox):
    order = order_get_by_token(token=sandbox.token_for(NEWEST))
    assert order.order_id == NEWEST and order.merchant_id == "DEMO"
    assert order.stage is OrderStage.SHIPPING_DEPARTMENT
    assert order.email == JANE and order.first_name == "Jane"
    assert order.items and order.summary.total is not None
    assert order.auto_order_oid == 5001
    (call,) = sandbox.requests()
    assert call["operation"] == "getOrderByToken" and call["method"] == "POST"
    assert set(call["query"]["_expand"].split(",")) == {
        "billing", "shipping", "shipping.tracking_number_details", "item", "summary", "taxes", "coupon",
        "payment", "auto_order", "checkout",
    }  # fmt: skip


def test_order_get_by_unknown_token_is_not_found(sandbox):
    with pytest.raises(NotFound):
        order_get_by_token(token="DEMO:bm90LWEtcmVhbC10b2tlbg==")


def test_order_get_shipped_with_tracking(sandbox):
    order = order_get(order_id="DEMO-0009100011")
    assert order.stage is OrderStage.COMPLETED_ORDER
    assert order.shipped_at is not None
    assert order.shipments and order.shipments[0].tracking_number
    assert order.shipments[0].events
    assert sandbox.operations() == ["getOrder"]


def test_order_get_refunded_and_spanish(sandbox):
    refunded = order_get(order_id="DEMO-0009100010")
    assert refunded.is_refunded and refunded.summary.refunded is not None
    spanish = order_get(order_id="DEMO-0009100009")
    assert spanish.language == "es" and spanish.currency_code == "EUR"
    assert "€" in str(spanish.summary.total)


def test_order_get_unknown_is_not_found(sandbox):
    with pytest.raises(NotFound) as caught:
        order_get(order_id="DEMO-0000000000")
    assert caught.value.status == 404 and caught.value.request_id and caught.value.uc_error


def test_order_list_for_email_newest_first_and_paginated(sandbox):
    first = order_list_for_email(email=JANE, limit=2)
    assert [o.order_id for o in first.orders] == [NEWEST, "DEMO-0009100011"]
    assert first.more and first.next_offset == 2 and first.total and first.total > 2
    everything = order_list_for_email(email=JANE, limit=50)
    created = [o.created_at for o in everything.orders if o.created_at is not None]
    assert len(created) == len(everything.orders)
    assert created == sorted(created, reverse=True) and not everything.more
    assert {o.email for o in everything.orders} == {JANE}
    second = order_list_for_email(email=JANE, limit=2, offset=2)
    assert [o.order_id for o in second.orders] == [o.order_id for o in everything.orders[2:4]]
    (call, *_) = sandbox.requests()
    assert call["operation"] == "getOrdersByQuery" and call["query"]["_sort"] == "-creation_dts"


def test_order_receipt_html(sandbox):
    receipt = order_receipt_html(order_id=NEWEST)
    assert isinstance(receipt, ReceiptHtml)
    assert NEWEST in receipt.html and isinstance(receipt.css_links, tuple)
    assert sandbox.operations() == ["format"]


def test_order_invoice_pdf(sandbox):
    pdf = order_invoice_pdf(order_id=NEWEST)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 500
    assert sandbox.operations() == ["generateInvoice"]


def test_order_token_generate_round_trips(sandbox):
    token = order_token_generate(order_id="DEMO-0009100009")
    assert token.startswith("DEMO:")
    assert order_get_by_token(token=token).order_id == "DEMO-0009100009"


def test_order_receipt_resend(sandbox):
    order_receipt_resend(order_id=NEWEST)  # returns None (mypy checks that); raises on failure
    assert sandbox.operations() == ["resendReceipt"]
    with pytest.raises(NotFound):
        order_receipt_resend(order_id="DEMO-0000000000")


def test_auto_order_list_for_email(sandbox):
    auto_orders = auto_order_list_for_email(email=JANE)
    assert {a.auto_order_oid for a in auto_orders} == {5001, 5002}
    by_oid = {a.auto_order_oid: a for a in auto_orders}
    assert by_oid[5001].status is AutoOrderStatus.ACTIVE and not by_oid[5001].paused
    assert by_oid[5002].paused
    assert all(a.email == JANE for a in auto_orders)
    assert by_oid[5001].items[0].frequency == "monthly"
    assert sandbox.operations() == ["getAutoOrdersByQuery"]


def test_auto_order_get(sandbox):
    active = auto_order_get(auto_order_oid=5001)
    assert active.original_order_id == NEWEST and active.enabled and active.email == JANE
    assert active.next_shipment_at is not None and active.items[0].future_shipments
    canceled = auto_order_get(auto_order_oid=5003)
    assert canceled.status is AutoOrderStatus.CANCELED and canceled.canceled_at is not None
    disabled = auto_order_get(auto_order_oid=5004)
    assert disabled.status is AutoOrderStatus.DISABLED and disabled.failure_reason
    with pytest.raises(NotFound):
        auto_order_get(auto_order_oid=999999)


def test_auto_order_pause(sandbox):
    paused = auto_order_pause(auto_order_oid=5001)
    assert paused.paused and all(item.paused for item in paused.items)
    assert paused.email == JANE  # complete enough for the access check
    assert sandbox.operations() == ["getAutoOrder", "pauseAutoOrder"]
    sandbox.clear_requests()
    assert auto_order_get(auto_order_oid=5001) == paused  # cached from the write's answer
    assert sandbox.operations() == []


def test_auto_order_update_sends_back_what_it_read(sandbox):
    resumed = auto_order_update(auto_order_oid=5002, paused=False)
    assert not resumed.paused and not any(item.paused for item in resumed.items)
    put = sandbox.requests()[-1]
    assert put["operation"] == "updateAutoOrder" and put["method"] == "PUT"
    assert put["query"]["validate_original_order"] == "No"


def test_auto_order_update_reschedule_and_cancel(sandbox):
    when = (datetime.now(UTC) + timedelta(days=40)).replace(microsecond=0)
    moved = auto_order_update(auto_order_oid=5001, next_shipment_at=when)
    assert moved.items[0].next_shipment_at == when
    canceled = auto_order_update(
        auto_order_oid=5001, enabled=False, cancel_reason="Too expensive", canceled_by_user="customer"
    )
    assert canceled.status is AutoOrderStatus.CANCELED and not canceled.enabled
    assert canceled.cancel_reason == "Too expensive" and canceled.canceled_by_user == "customer"


def test_auto_order_update_unknown_item_writes_nothing(sandbox):
    with pytest.raises(NotFound):
        auto_order_update(auto_order_oid=5001, paused=True, auto_order_item_oid=123456789)
    assert sandbox.operations() == ["getAutoOrder"]


def test_auto_order_billing_url(sandbox):
    url = auto_order_billing_url(auto_order_oid=5004)
    assert url.startswith("http")
    assert sandbox.operations() == ["getAutoOrderUpdateBillingUrl"]
