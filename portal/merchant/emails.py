"""Who every email the portal sends comes from: the store, by its name in Portal settings.

The address stays DEFAULT_FROM_EMAIL's (the one the mail server and SPF/DKIM are set up for); only the
display name is the merchant's: "Demo Store <no-reply@example.com>". Every sender calls `email_sender()`.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings

from portal.merchant.config import portal_settings_get


def email_sender() -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    store = portal_settings_get().store_name.strip()
    # formataddr quotes a name with commas or quotes and encodes one with accents (RFC 2047).
    return formataddr((store, address)) if store else address
