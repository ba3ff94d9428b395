"""The sign-in email: the code and a link, branded, in the language the customer is reading."""

from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.codes import IssuedCode, code_lifetime_minutes
from portal.core.links import portal_url
from portal.merchant.branding import branding
from portal.merchant.config import portal_settings_get
from portal.merchant.emails import email_sender


def sign_in_email_send(*, request: HttpRequest, email: str, issued: IssuedCode) -> None:
    brand = portal_settings_get()
    link = portal_url(f"{reverse('accounts:sign_in_code')}?link={issued.link_key}")
    # The accent colour checked as on every page (a plain hex value), since it lands in a style attribute.
    accent = branding(request)["brand_accent"]
    context = {
        "brand": brand,
        "accent": accent,
        "code": issued.code,
        "link": link,
        "minutes": code_lifetime_minutes(),
    }
    # Not the code itself: a subject shows on lock screens and in notification previews.
    subject = _("Your %(store)s sign-in code") % {"store": brand.store_name}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/emails/sign_in_code.txt", context, request=request),
        from_email=email_sender(),
        to=[email],
    )
    message.attach_alternative(
        render_to_string("accounts/emails/sign_in_code.html", context, request=request), "text/html"
    )
    message.send()
