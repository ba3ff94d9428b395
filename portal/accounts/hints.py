"""The sign-in page's pre-filled email: offered by an order page lately, kept for the full-details window."""

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from portal.core.identity import HINT_SESSION_KEY
from portal.merchant.config import portal_settings_get


def sign_in_hint_get(request: HttpRequest) -> str | None:
    """The email to pre-fill on the sign-in page, if an order page offered one lately (a hint, unverified).

    It lasts as long as the thank-you page shows full details: after that, whoever holds this browser
    must not see the full address either.
    """
    hint = request.session.get(HINT_SESSION_KEY)
    if not isinstance(hint, dict) or not isinstance(hint.get("email"), str):
        return None
    try:
        offered_at = datetime.fromisoformat(hint["at"])
    except (KeyError, TypeError, ValueError):
        return None
    window = timedelta(minutes=portal_settings_get().full_details_minutes)
    return hint["email"] if timezone.now() - offered_at < window else None
