"""Who the customer is: one verified email in the session, or nobody.

The sign-in-by-code flow calls `customer_email_set` after it has verified a code; everything else only reads.
"""

from django.http import HttpRequest

SESSION_KEY = "customer_email"


def customer_email_get(request: HttpRequest) -> str | None:
    email = request.session.get(SESSION_KEY)
    return email if isinstance(email, str) and email else None


def customer_email_set(request: HttpRequest, email: str) -> None:
    # A new identity gets a new session id, so a session id planted before sign-in is worthless after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = email.strip().lower()
