"""Emails that UltraCart's webhooks ask for: a failed payment (auto_order_decline, auto_order_disable) and a
reminder before a shipment (auto_order_preshipment).

Webhooks carry no signature, so a payload only names which auto order to look at: each one is read again
from UltraCart (`auto_order_get_fresh`), and the email is sent only when that read confirms it (a failed
last charge, a shipment ahead), to the auto order's own email, never one from the payload. Once per thing
it is about: a `CustomerNotice` row keyed by the auto order and what the read showed (the failure, the
shipment date) is inserted before sending, so a redelivered webhook, the same event in another delivery,
or two deliveries at once send one email. Every notice is audited (PAYMENT_FAILED_EMAIL,
SHIPMENT_REMINDER_EMAIL); log lines name the auto order, never an email address.
"""

import hashlib
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from portal import ultracart
from portal.core.emails import email_key
from portal.core.languages import customer_language_get, language_supported
from portal.merchant.actions import AuditAction, AuditResult
from portal.merchant.audit import audit_record
from portal.subscriptions.emails import subscription_email_send
from portal.subscriptions.manage_links import LinkPurpose, manage_link_url
from portal.subscriptions.models import CustomerNotice
from portal.subscriptions.payment_failures import payment_failure_detect
from portal.subscriptions.reminders import shipment_reminder_build
from portal.ultracart import AutoOrder, NotFound, UltraCartError

logger = logging.getLogger("portal.subscriptions")
Kind = CustomerNotice.Kind
NOTICE_EVENTS = {
    "auto_order_decline": Kind.PAYMENT_FAILED,
    "auto_order_disable": Kind.PAYMENT_FAILED,
    "auto_order_preshipment": Kind.SHIPMENT_REMINDER,
}
_AUDIT = {
    Kind.PAYMENT_FAILED: AuditAction.PAYMENT_FAILED_EMAIL,
    Kind.SHIPMENT_REMINDER: AuditAction.SHIPMENT_REMINDER_EMAIL,
}
# UltraCart sends a few events at a time; each notice costs one fresh read inside the webhook's request.
MAX_NOTICES_PER_DELIVERY = 10
WEBHOOK_ADDRESS = "webhook"  # the audit's client address for what a webhook made us do


def webhook_notices_send(*, events: Iterable[tuple[str, int | None]]) -> int:
    """Send what the (event name, auto order) pairs ask for, once each; how many emails went out."""
    wanted: dict[tuple[str, int], str] = {}
    for name, oid in events:
        kind = NOTICE_EVENTS.get(name)
        if kind is not None and oid is not None:
            wanted.setdefault((kind, oid), name)
    if len(wanted) > MAX_NOTICES_PER_DELIVERY:
        skipped = len(wanted) - MAX_NOTICES_PER_DELIVERY
        logger.warning("webhook notices over the cap: %d of %d skipped", skipped, len(wanted))
    sent = 0
    # UltraCart's own notifications: their reads count against the hourly budget, not against the network
    # the webhook came from (a visitor's per-minute limit would refuse the second notice).
    with ultracart.ultracart_request_scope(visitor=lambda: None):
        for (wanted_kind, oid), name in list(wanted.items())[:MAX_NOTICES_PER_DELIVERY]:
            sent += _notice_send(kind=Kind(wanted_kind), auto_order_oid=oid, event=name)
    return sent


def webhook_events_notify(
    sender: object, *, events: tuple[tuple[str, int | None], ...], **kwargs: Any
) -> int:
    """The receiver of merchant's `webhook_events_received` (connected in apps.py)."""
    return webhook_notices_send(events=events)


def _language(auto_order: AutoOrder, email: str) -> str:
    chosen = customer_language_get(email=email)
    if chosen:
        return chosen
    return auto_order.language if language_supported(auto_order.language) else settings.LANGUAGE_CODE


def _claim(kind: str, auto_order_oid: int, what: str) -> str | None:
    """The notice's row, inserted before sending (its key), or None when it was sent already."""
    key = hashlib.sha256(f"{kind}:{auto_order_oid}:{what}".encode()).hexdigest()
    try:
        with transaction.atomic():
            CustomerNotice.objects.create(key=key, kind=kind, auto_order_oid=auto_order_oid)
    except IntegrityError:
        return None
    return key


def _notice_send(*, kind: CustomerNotice.Kind, auto_order_oid: int, event: str) -> int:
    def audit(result: str, note: str, *, email: str = "", order_id: str = "") -> None:
        audit_record(action=_AUDIT[kind], result=result, email=email, auto_order_oid=auto_order_oid,
                     order_id=order_id, detail=f"{event}: {note}",
                     client_address=WEBHOOK_ADDRESS)  # fmt: skip

    try:
        fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    except NotFound:
        audit(AuditResult.NOT_FOUND, "UltraCart has no such auto order")
        return 0
    except UltraCartError as error:
        logger.warning(
            "webhook notice not sent: auto order %s unreadable (%s)", auto_order_oid, type(error).__name__
        )
        audit(AuditResult.FAILED, f"UltraCart could not be read ({type(error).__name__})")
        return 0
    email = email_key(fresh.email)
    if not email:
        audit(AuditResult.SKIPPED, "the auto order has no email")
        return 0
    language = _language(fresh, email)
    with translation.override(language):
        found = _what(kind, fresh, email=email, language=language)
    if found is None:
        audit(AuditResult.SKIPPED, "UltraCart's fresh read does not confirm it", email=email)
        return 0
    what, context = found
    key = _claim(kind, auto_order_oid, what)
    if key is None:
        audit(AuditResult.REPEATED, "already sent", email=email, order_id=fresh.original_order_id)
        return 0
    context["auto_order"] = fresh
    if not subscription_email_send(action=str(_AUDIT[kind]), email=email, language=language, context=context,
                                   template=str(kind)):  # fmt: skip
        CustomerNotice.objects.filter(key=key).delete()  # a later delivery may try again
        audit(
            AuditResult.FAILED, "the email could not be sent", email=email, order_id=fresh.original_order_id
        )
        return 0
    audit(AuditResult.OK, f"sent in {language}", email=email, order_id=fresh.original_order_id)
    return 1


def _what(kind: str, fresh: AutoOrder, *, email: str, language: str) -> tuple[str, dict[str, Any]] | None:
    """What the fresh read confirms (its identity, for sending once) and the email's context; None if not."""
    oid = fresh.auto_order_oid
    if kind == Kind.PAYMENT_FAILED:
        failure = payment_failure_detect(auto_order=fresh)
        if failure is None:
            return None
        reason = hashlib.sha256(fresh.failure_reason.encode()).hexdigest()[:16]
        card_url = manage_link_url(auto_order_oid=oid, email=email, purpose=LinkPurpose.CARD)
        return f"{reason}:{failure.attempts}:{failure.stopped}", {"failure": failure, "card_url": card_url}
    reminder = shipment_reminder_build(auto_order=fresh, language=language)
    if reminder is None:
        return None
    links = {
        "skip_url": manage_link_url(auto_order_oid=oid, email=email, purpose=LinkPurpose.SKIP),
        "reschedule_url": manage_link_url(auto_order_oid=oid, email=email, purpose=LinkPurpose.RESCHEDULE),
    }
    return reminder.shipment_at.isoformat(), {"reminder": reminder, **links}
