"""Test helpers for who the visitor is: a signed-in customer, or a merchant's staff member."""

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client, RequestFactory

from portal.core.identity import customer_email_set


def client_sign_in(client: Client, email: str) -> Client:
    """Put a verified email in the client's session (what sign-in by code does after checking a code)."""
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    customer_email_set(request, email)
    session.save()
    assert session.session_key is not None  # save() gave the new session its key
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def page_without_tokens(content: bytes) -> bytes:
    """A page's bytes without its per-request CSRF tokens (masked anew on every render, so never equal)."""
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken"', content)


def merchant_staff(username: str, *codenames: str) -> User:
    """A staff user holding only the merchant app's permissions named (e.g. preview_thank_you)."""
    user = User.objects.create_user(username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="merchant", codename__in=codenames)
    )
    return user
