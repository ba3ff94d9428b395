"""Subscription emails: HTML and text, in the customer's language, on one base template each
(templates/subscriptions/emails/base.html, base.txt). Each names the product and says what changed (or, for
the webhook notices, what is coming or what failed), and every one about an auto order carries a manage link
(portal/subscriptions/manage_links.py) for the recipient: the base templates show it, so no email needs code
of its own for it. Confirmations of an action use `confirmation`; other emails name their own templates."""

import logging
import re
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.core.links import portal_url
from portal.merchant.config import portal_settings_get
from portal.merchant.emails import email_sender
from portal.subscriptions.manage_links import manage_link_url
from portal.subscriptions.presentation import subscription_name, subscription_schedule
from portal.ultracart import AutoOrder

logger = logging.getLogger("portal.subscriptions")
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")


def subscription_page_url(*, auto_order_oid: int) -> str:
    """The subscription's page as an emailed link: the portal's public base URL, never the request's host."""
    return portal_url(reverse("subscriptions:detail", args=[auto_order_oid]))


def _facts(auto_order: AutoOrder, context: dict[str, Any], *, email: str) -> dict[str, Any]:
    schedule = subscription_schedule(
        auto_order,
        resume_at=context.get("resume_at"),
        lead_days=portal_settings_get().subscription_min_lead_days,
    )
    # The one link of every subscription email: a manage link for the recipient (signed, 7 days, once).
    manage = manage_link_url(auto_order_oid=auto_order.auto_order_oid, email=email)
    return {
        "subscription_name": subscription_name(auto_order),
        "next_shipment_at": schedule.next_shipment_at,
        "next_charge_at": schedule.next_charge_at,
        "manage_url": manage,
        "subscription_url": manage,  # the older name, for templates that still use it
    }


def subscription_email_send(
    *, action: str, email: str, language: str, context: dict[str, Any], template: str = "confirmation"
) -> bool:
    """Send the email `template` names (an action's confirmation by default); a mail failure is logged and
    returns False, never undoes a change."""
    if not email:
        return False
    brand = portal_settings_get()
    names = ("subject", "confirmation") if template == "confirmation" else (f"{template}_subject", template)
    with translation.override(language or settings.LANGUAGE_CODE):
        accent = brand.accent_color if _HEX_COLOR.match(brand.accent_color) else "#2f5d50"
        data = {**context, "action": action, "brand": brand, "brand_accent": accent}
        if isinstance(context.get("auto_order"), AutoOrder):
            data.update(_facts(context["auto_order"], context, email=email))
        subject = render_to_string(f"subscriptions/emails/{names[0]}.txt", data).strip()
        data["subject"] = subject  # the HTML's title, escaped there
        text = render_to_string(f"subscriptions/emails/{names[1]}.txt", data)
        html = render_to_string(f"subscriptions/emails/{names[1]}.html", data)
    message = EmailMultiAlternatives(subject, text, email_sender(), [email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("subscription email failed action=%s", action)
        return False
    return True
