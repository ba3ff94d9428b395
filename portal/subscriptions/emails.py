"""Confirmation emails for pause, resume, reschedule and cancel: HTML and text, in the customer's language."""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from portal.merchant.config import portal_settings_get
from portal.merchant.emails import email_sender

logger = logging.getLogger("portal.subscriptions")
EMAIL_ACTIONS = frozenset({"pause", "pause_until", "resume", "reschedule", "cancel"})


def subscription_email_send(*, action: str, email: str, language: str, context: dict[str, Any]) -> bool:
    """Send the confirmation for `action`; a mail failure is logged, never undoes the change."""
    if action not in EMAIL_ACTIONS or not email:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        data = {**context, "action": action, "brand": portal_settings_get()}
        subject = render_to_string("subscriptions/emails/subject.txt", data).strip()
        text = render_to_string("subscriptions/emails/confirmation.txt", data)
        html = render_to_string("subscriptions/emails/confirmation.html", data)
    message = EmailMultiAlternatives(subject, text, email_sender(), [email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("subscription confirmation email failed action=%s", action)
        return False
    return True
