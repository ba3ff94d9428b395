"""POST /webhooks/ultracart/: UltraCart's notifications, turned into cache invalidations.

HTTP Basic auth with ULTRACART_WEBHOOK_USERNAME / _PASSWORD, compared in constant time; without both set
every delivery is refused (a forged webhook could otherwise make us forget the cache and spend calls).
Answers are short JSON, fast: 401, 413 (body or decoded payload over the limit, or more than MAX_EVENTS
events), 400 (malformed, nested too deep), 200.
A redelivered body (same SHA-256, already applied) is acknowledged without acting again.
Once applied, `webhook_events_received` tells the apps that send emails on some events (subscriptions).
"""

import base64
import binascii
import hashlib
import hmac
import logging

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.merchant.models import WebhookDelivery
from portal.merchant.signals import webhook_events_received
from portal.ultracart.webhooks import (
    MAX_EVENTS,
    WebhookPayloadError,
    WebhookPayloadTooLarge,
    WebhookTooManyEvents,
    webhook_events_apply,
    webhook_events_parse,
)

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024


def _authorized(request: HttpRequest) -> bool:
    username, password = settings.ULTRACART_WEBHOOK_USERNAME, settings.ULTRACART_WEBHOOK_PASSWORD
    if not (username and password):
        return False
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    try:
        given = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    given_user, _, given_password = given.partition(":")
    user_ok = hmac.compare_digest(given_user.encode(), username.encode())
    password_ok = hmac.compare_digest(given_password.encode(), password.encode())
    return scheme.lower() == "basic" and user_ok and password_ok


def _answer(status: int, outcome: str, **extra: object) -> JsonResponse:
    response = JsonResponse({"outcome": outcome, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="ultracart-webhooks"'
    return response


def _record(digest: str, outcome: str, *, events: int = 0, acted_on: int = 0, names: str = "") -> None:
    WebhookDelivery.objects.create(
        body_sha256=digest, outcome=outcome, events=events, acted_on=acted_on, event_names=names[:500]
    )


@csrf_exempt  # UltraCart cannot send our CSRF token; Basic auth is the check
@require_POST
def ultracart_webhook(request: HttpRequest) -> JsonResponse:
    if not _authorized(request):
        logger.warning("webhook refused: bad or missing credentials")
        return _answer(401, "unauthorized")
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        return _answer(413, "too_large")
    body = request.read(MAX_BODY_BYTES + 1)
    digest = hashlib.sha256(body).hexdigest()
    if len(body) > MAX_BODY_BYTES:
        _record(digest, WebhookDelivery.Outcome.TOO_LARGE)
        return _answer(413, "too_large")
    if WebhookDelivery.objects.filter(body_sha256=digest, outcome=WebhookDelivery.Outcome.APPLIED).exists():
        _record(digest, WebhookDelivery.Outcome.DUPLICATE)
        return _answer(200, "duplicate")
    try:
        events = webhook_events_parse(body=body)
    except WebhookTooManyEvents:
        _record(digest, WebhookDelivery.Outcome.TOO_LARGE)
        return _answer(413, "too_many_events", max_events=MAX_EVENTS)
    except WebhookPayloadTooLarge:
        _record(digest, WebhookDelivery.Outcome.TOO_LARGE)
        return _answer(413, "too_large")
    except WebhookPayloadError:
        _record(digest, WebhookDelivery.Outcome.MALFORMED)
        return _answer(400, "malformed")
    acted = webhook_events_apply(events=events)
    names = ",".join(sorted({event.name for event in events}))
    _record(digest, WebhookDelivery.Outcome.APPLIED, events=len(events), acted_on=acted, names=names)
    pairs = tuple((event.name, event.auto_order_oid) for event in events)
    for receiver, outcome in webhook_events_received.send_robust(sender=WebhookDelivery, events=pairs):
        if isinstance(outcome, Exception):  # logged without its text (it may quote the payload)
            logger.error(
                "webhook receiver %s failed: %s", getattr(receiver, "__name__", "?"), type(outcome).__name__
            )
    return _answer(200, "applied", events=len(events), acted_on=acted)
