"""Who the customer is: one verified email in the session, or nobody.

The sign-in-by-code flow calls `customer_email_set` after it has verified a code; everything else only reads.
"""

from django.http import HttpRequest

SESSION_KEY = "customer_email"
# The email a thank-you page offers to sign in with; kept in the session so it never appears in a URL.
HINT_SESSION_KEY = "sign_in_email_hint"


def customer_email_get(request: HttpRequest) -> str | None:
    email = request.session.get(SESSION_KEY)
    return email if isinstance(email, str) and email else None


def customer_email_set(request: HttpRequest, email: str) -> None:
    # A new identity gets a new session id, so a session id planted before sign-in is worthless after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = email.strip().lower()


def sign_in_hint_set(request: HttpRequest, email: str) -> None:
    request.session[HINT_SESSION_KEY] = email.strip().lower()


def sign_in_hint_get(request: HttpRequest) -> str | None:
    """The email to pre-fill on the sign-in page, if an order page offered one (unverified: a hint only)."""
    hint = request.session.get(HINT_SESSION_KEY)
    return hint if isinstance(hint, str) and hint else None
