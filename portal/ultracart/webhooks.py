"""UltraCart webhook payloads: decoded, bounded and reduced to what the cache needs to forget.

UltraCart posts a JSON array of `{event_name: object}` (or `{"events": [...]}`), optionally gzip-compressed
and then base64-encoded. We treat them as notifications only: what changed is read from UltraCart again on the
next view, so nothing in a payload is trusted beyond naming what to invalidate.

Size: the body and its decompressed form are both bounded; decompression stops at the bound, so a small
gzip bomb is refused without being inflated. A delivery holds at most MAX_EVENTS events (UltraCart sends a
few at a time): 54,050 tiny events in one 388 KB body held a web worker for 51 s. JSON nested deeper than
Python's recursion limit is malformed (400), not a server error.
"""

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from typing import Any

from portal.core.emails import email_key
from portal.ultracart.cache import (
    auto_order_cache_invalidate,
    customer_cache_invalidate,
    order_cache_invalidate,
)

MAX_DECODED_BYTES = 5 * 1024 * 1024
MAX_EVENTS = 1000
_GZIP_MAGIC = b"\x1f\x8b"


class WebhookPayloadError(ValueError):
    """The body is not a webhook payload we understand (400)."""


class WebhookPayloadTooLarge(ValueError):
    """The body, once decoded, is over the limit (413)."""


class WebhookTooManyEvents(WebhookPayloadTooLarge):
    """More than MAX_EVENTS events in one delivery (413)."""


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    name: str  # "order_update", "auto_order_cancel", ... (unknown names are kept and ignored)
    order_id: str
    auto_order_oid: int | None
    email: str


def _gunzip(data: bytes, *, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)  # gzip container
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise WebhookPayloadError("not valid gzip") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise WebhookPayloadTooLarge("decompressed payload over the limit")
    return out


def _decoded(body: bytes, *, limit: int) -> Any:
    text = body.strip()
    if text[:1] not in (b"[", b"{"):
        if not text.startswith(_GZIP_MAGIC):
            try:
                text = base64.b64decode(text, validate=False)
            except (binascii.Error, ValueError) as exc:
                raise WebhookPayloadError("neither JSON nor base64") from exc
        if text.startswith(_GZIP_MAGIC):
            text = _gunzip(text, limit=limit)
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookPayloadError("not JSON") from exc
    except RecursionError as exc:  # "[[[[…" 100,000 deep: the decoder gives up at the recursion limit
        raise WebhookPayloadError("nested too deep") from exc


def _email_of(raw: dict[str, Any]) -> str:
    for holder in (raw, raw.get("original_order")):
        if isinstance(holder, dict):
            billing = holder.get("billing")
            if isinstance(billing, dict) and isinstance(billing.get("email"), str):
                return email_key(str(billing["email"]))
    return ""


def _event(name: str, raw: Any) -> WebhookEvent:
    raw = raw if isinstance(raw, dict) else {}
    original = raw.get("original_order")
    order_id = raw.get("order_id") or (original.get("order_id") if isinstance(original, dict) else "") or ""
    oid = raw.get("auto_order_oid")
    return WebhookEvent(
        name=name,
        order_id=order_id if isinstance(order_id, str) else "",
        auto_order_oid=oid if isinstance(oid, int) and not isinstance(oid, bool) else None,
        email=_email_of(raw),
    )


def webhook_events_parse(
    *, body: bytes, limit: int = MAX_DECODED_BYTES, max_events: int = MAX_EVENTS
) -> tuple[WebhookEvent, ...]:
    """The events in a webhook body; WebhookPayloadError or WebhookPayloadTooLarge otherwise."""
    payload = _decoded(body, limit=limit)
    if isinstance(payload, dict) and isinstance(payload.get("events"), list):
        payload = payload["events"]
    if not isinstance(payload, list):
        raise WebhookPayloadError("expected a list of events")
    if len(payload) > max_events:  # refused before any event is read
        raise WebhookTooManyEvents(f"more than {max_events} events")
    events: list[WebhookEvent] = []
    for entry in payload:
        if not isinstance(entry, dict) or not entry:
            raise WebhookPayloadError("an event is not an object")
        events.extend(_event(str(name), raw) for name, raw in entry.items())
        if len(events) > max_events:  # one entry may name several events
            raise WebhookTooManyEvents(f"more than {max_events} events")
    return tuple(events)


def webhook_events_apply(*, events: tuple[WebhookEvent, ...]) -> int:
    """Forget what the events name (orders, auto orders, the customer's lists); how many were acted on.

    Each order, auto order and customer is forgotten once however many events name it.
    """
    order_ids: set[str] = set()
    auto_order_oids: set[int] = set()
    emails: set[str] = set()
    acted = 0
    for event in events:
        if event.name.startswith("order_") and event.order_id:
            order_ids.add(event.order_id)
        elif event.name.startswith("auto_order_") and event.auto_order_oid is not None:
            auto_order_oids.add(event.auto_order_oid)
            if event.order_id:
                order_ids.add(event.order_id)
        else:
            continue
        if event.email:
            emails.add(event.email)
        acted += 1
    for auto_order_oid in sorted(auto_order_oids):
        auto_order_cache_invalidate(auto_order_oid=auto_order_oid)
    for order_id in sorted(order_ids):
        order_cache_invalidate(order_id=order_id)
    for email in sorted(emails):
        customer_cache_invalidate(email=email)
    return acted
