"""Every email the portal sends comes from the store (Portal settings' name, DEFAULT_FROM_EMAIL's address)."""

from email import message_from_bytes, policy

import pytest
from django.core import mail

from portal.merchant.settings_records import portal_settings_update
from portal.subscriptions.emails import subscription_email_send

pytestmark = pytest.mark.django_db


def sign_in_email(client) -> mail.EmailMessage:
    client.post("/account/sign-in/", {"email": "jane.doe@example.com"})
    assert mail.outbox, "no sign-in email was sent"
    return mail.outbox[-1]


def test_the_sign_in_email_comes_from_the_store(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Customer portal <no-reply@shop.example>"
    assert sign_in_email(client).from_email == "Demo Store <no-reply@shop.example>"


def test_a_store_name_with_accents_and_a_comma_is_a_valid_header(client):
    portal_settings_update(changes={"store_name": "Café Ñandú, Ltd"}, actor="t")
    message = message_from_bytes(sign_in_email(client).message().as_bytes(), policy=policy.default)
    (sender,) = message["From"].addresses  # one address: the comma did not split it in two
    assert (sender.display_name, sender.addr_spec) == ("Café Ñandú, Ltd", "no-reply@example.com")


def test_subscription_confirmations_come_from_the_store():
    portal_settings_update(changes={"store_name": "Tea House"}, actor="t")
    assert subscription_email_send(
        action="cancel", email="jane.doe@example.com", language="en", context={"auto_order": None}
    )
    assert mail.outbox[-1].from_email == "Tea House <no-reply@example.com>"
