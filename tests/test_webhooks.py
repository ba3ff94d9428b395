"""POST /webhooks/ultracart/: auth, both payload shapes and encodings, limits, redelivery, and the cached
pages that fetch fresh data after the matching event (counted in the sandbox's request log)."""

import base64
import gzip
import json
import time

import pytest
from django.test import Client

from portal.merchant.models import WebhookDelivery

pytestmark = pytest.mark.django_db
URL = "/webhooks/ultracart/"
ORDER = "DEMO-0009100011"


@pytest.fixture(autouse=True)
def _credentials(settings):
    settings.ULTRACART_WEBHOOK_USERNAME = "uc-hooks"
    settings.ULTRACART_WEBHOOK_PASSWORD = "s3cret-pass"


def _auth(user: str = "uc-hooks", password: str = "s3cret-pass") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def _post(body: bytes, headers: dict[str, str] | None = None):
    return Client().post(URL, data=body, content_type="application/json", headers=headers or _auth())


def _order_event(order_id: str = ORDER, email: str = "jane.doe@example.com") -> dict:
    return {"order_update": {"order_id": order_id, "billing": {"email": email}}}


def _gzip_base64(payload: object) -> bytes:
    return base64.b64encode(gzip.compress(json.dumps(payload).encode()))


@pytest.mark.parametrize(
    "body",
    [
        json.dumps([_order_event()]).encode(),
        json.dumps({"events": [_order_event()]}).encode(),
        _gzip_base64([_order_event()]),
        _gzip_base64({"events": [_order_event()]}),
    ],
    ids=["list-json", "events-json", "list-gzip-base64", "events-gzip-base64"],
)
def test_both_shapes_and_both_encodings_are_applied(body):
    response = _post(body)
    assert response.status_code == 200
    assert response.json() == {"outcome": "applied", "events": 1, "acted_on": 1}
    assert WebhookDelivery.objects.get().event_names == "order_update"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        _auth(password="wrong"),
        _auth(user="other"),
        {"Authorization": "Bearer x"},
        {"Authorization": "Basic !!!"},
    ],
)
def test_bad_credentials_are_refused_and_not_recorded(headers):
    response = Client().post(URL, data=b"[]", content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not WebhookDelivery.objects.exists()


def test_without_configured_credentials_every_delivery_is_refused(settings):
    settings.ULTRACART_WEBHOOK_PASSWORD = ""
    assert _post(b"[]", _auth(password="")).status_code == 401


def test_only_post():
    assert Client().get(URL, headers=_auth()).status_code == 405


@pytest.mark.parametrize("body", [b"not json", b'{"events": 3}', b"[1, 2]", base64.b64encode(b"\x1f\x8bxx")])
def test_malformed_bodies_get_a_400(body):
    assert _post(body).status_code == 400
    assert WebhookDelivery.objects.get().outcome == "malformed"


def test_an_oversize_body_gets_a_413():
    assert _post(b"[" + b" " * (1024 * 1024 + 10) + b"]").status_code == 413


def test_a_decompression_bomb_is_refused_without_being_inflated():
    bomb = base64.b64encode(gzip.compress(b"[" + b" " * (200 * 1024 * 1024) + b"]", compresslevel=9))
    assert len(bomb) < 1024 * 1024  # small on the wire
    started = time.monotonic()
    response = _post(bomb)
    assert response.status_code == 413
    assert time.monotonic() - started < 1.0  # stopped at 5 MiB, not inflated to 200 MiB


def test_a_redelivery_is_acknowledged_without_acting_again():
    body = json.dumps([_order_event()]).encode()
    assert _post(body).json()["outcome"] == "applied"
    assert _post(body).json() == {"outcome": "duplicate"}
    assert list(WebhookDelivery.objects.values_list("outcome", flat=True)) == ["duplicate", "applied"]


def test_unknown_events_are_accepted_and_ignored():
    response = _post(json.dumps([{"item_update": {"merchant_item_id": "TEA"}}]).encode())
    assert response.json() == {"outcome": "applied", "events": 1, "acted_on": 0}


def test_a_cached_order_page_fetches_fresh_data_after_its_webhook(jane, sandbox):
    assert jane.get(f"/orders/{ORDER}/").status_code == 200
    sandbox.clear_requests()
    jane.get(f"/orders/{ORDER}/")
    assert sandbox.operations() == []  # cached
    _post(json.dumps([_order_event()]).encode())
    jane.get(f"/orders/{ORDER}/")
    assert "getOrder" in sandbox.operations()


def test_cached_account_lists_fetch_fresh_data_after_their_webhooks(jane, sandbox):
    jane.get("/account/")
    sandbox.clear_requests()
    jane.get("/account/")
    assert sandbox.operations() == []
    _post(json.dumps([_order_event(order_id="DEMO-0009100099")]).encode())  # a new order of Jane's
    jane.get("/account/orders/")
    assert sandbox.operations() == ["getOrdersByQuery"]
    sandbox.clear_requests()
    event = {"auto_order_update": {"auto_order_oid": 5001, "original_order": {
        "order_id": "DEMO-0009100012", "billing": {"email": "Jane.Doe@example.com"}}}}  # fmt: skip
    _post(_gzip_base64([event]))
    jane.get("/account/")
    assert sorted(sandbox.operations()) == ["getAutoOrdersByQuery", "getOrdersByQuery"]


def test_json_nested_100000_deep_is_malformed_not_a_server_error():
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in (deep, base64.b64encode(gzip.compress(deep))):
        response = Client(raise_request_exception=False).post(
            URL, data=body, content_type="application/json", headers=_auth()
        )
        assert response.status_code == 400 and response.json() == {"outcome": "malformed"}


@pytest.mark.parametrize("original_order", [[1, 2], "DEMO-1", 7])
def test_an_original_order_that_is_not_an_object_is_ignored_not_a_server_error(original_order):
    event = {"auto_order_update": {"auto_order_oid": 5001, "original_order": original_order}}
    response = Client(raise_request_exception=False).post(
        URL, data=json.dumps([event]).encode(), content_type="application/json", headers=_auth()
    )
    assert response.status_code == 200 and response.json()["acted_on"] == 1


def test_a_delivery_holds_at_most_1000_events():
    events = [_order_event(order_id=f"DEMO-{n:010d}", email=f"s{n}@example.com") for n in range(1001)]
    assert _post(json.dumps(events[:1000]).encode()).json()["events"] == 1000
    over = _post(json.dumps(events).encode())
    assert over.status_code == 413
    assert over.json() == {"outcome": "too_many_events", "max_events": 1000}
    # One entry may name several events: counted by event, not by entry.
    packed = [{f"order_update_{n}": {"order_id": f"DEMO-{n}"} for n in range(1001)}]
    assert _post(json.dumps(packed).encode()).status_code == 413


def test_54050_small_events_are_refused_at_once_without_acting(sandbox, jane):
    jane.get(f"/orders/{ORDER}/")
    events = [_order_event(order_id=f"DEMO-{n:010d}", email=f"s{n}@example.com") for n in range(54_050)]
    events[0] = _order_event()  # would forget Jane's cached order if it were applied
    body = _gzip_base64(events)
    started = time.monotonic()
    response = _post(body)
    assert response.status_code == 413
    assert time.monotonic() - started < 2.0  # it took 51 s on Redis when every event was applied
    assert WebhookDelivery.objects.get().outcome == "too_large"
    sandbox.clear_requests()
    jane.get(f"/orders/{ORDER}/")
    assert sandbox.operations() == []  # nothing was forgotten


def test_an_order_named_by_many_events_is_forgotten_once(monkeypatch):
    from portal.ultracart import webhooks

    forgotten: list[str] = []
    real = webhooks.order_cache_invalidate

    def counted(*, order_id: str) -> None:
        forgotten.append(order_id)
        real(order_id=order_id)

    monkeypatch.setattr(webhooks, "order_cache_invalidate", counted)
    response = _post(json.dumps([_order_event()] * 1000).encode())
    assert response.json() == {"outcome": "applied", "events": 1000, "acted_on": 1000}
    assert forgotten == [ORDER]
