"""Confirmation emails for subscription changes: HTML and text, in the customer's language. Each names the
product, says what changed and the new next date, and links to the subscription's page."""

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
from portal.subscriptions.presentation import subscription_name, subscription_schedule
from portal.ultracart import AutoOrder

logger = logging.getLogger("portal.subscriptions")


def subscription_page_url(*, auto_order_oid: int) -> str:
    """The subscription's page as an emailed link: the portal's public base URL, never the request's host."""
    return portal_url(reverse("subscriptions:detail", args=[auto_order_oid]))


def _facts(auto_order: AutoOrder, context: dict[str, Any]) -> dict[str, Any]:
    schedule = subscription_schedule(
        auto_order,
        resume_at=context.get("resume_at"),
        lead_days=portal_settings_get().subscription_min_lead_days,
    )
    return {
        "subscription_name": subscription_name(auto_order),
        "next_shipment_at": schedule.next_shipment_at,
        "next_charge_at": schedule.next_charge_at,
        "subscription_url": subscription_page_url(auto_order_oid=auto_order.auto_order_oid),
    }


def subscription_email_send(*, action: str, email: str, language: str, context: dict[str, Any]) -> bool:
    """Send the confirmation for `action`; a mail failure is logged, never undoes the change."""
    if not email:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        data = {**context, "action": action, "brand": portal_settings_get()}
        if isinstance(context.get("auto_order"), AutoOrder):
            data.update(_facts(context["auto_order"], context))
        subject = render_to_string("subscriptions/emails/subject.txt", data).strip()
        data["subject"] = subject  # the HTML's title, escaped there
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
