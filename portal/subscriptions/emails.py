"""Confirmation emails of the actions whose registry entry sends one: HTML and text, in the customer's
language (templates/subscriptions/emails/)."""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.core.links import portal_url
from portal.merchant.config import portal_settings_get
from portal.merchant.emails import email_sender

logger = logging.getLogger("portal.subscriptions")


def subscription_email_send(*, action: str, email: str, language: str, context: dict[str, Any]) -> bool:
    """Send the confirmation for `action`; a mail failure is logged, never undoes the change."""
    if not email:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        data = {**context, "action": action, "brand": portal_settings_get()}
        auto_order = context.get("auto_order")
        if auto_order is not None:  # the link is built from PORTAL_BASE_URL, like every emailed link
            data["subscription_url"] = portal_url(
                reverse("subscriptions:detail", args=[auto_order.auto_order_oid])
            )
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
