"""Who may see and change which auto order: its owner, signed in, and nobody else.

An auto order belongs to its original order's email, by the one email rule (portal/core/emails.py) that
decides orders too (portal/receipts/access.py). Callers answer everyone else with the same 404 as a missing
auto order, so ids cannot be probed. The resume worker asks the same question with the email it recorded.

A confirmed manage link (portal/subscriptions/manage_links.py) counts as the owner for its one auto order
(`subscription_email_get`), still checked against the auto order's email here.
"""

from django.http import HttpRequest

from portal.core.emails import emails_match
from portal.core.identity import subscription_email_get
from portal.ultracart import AutoOrder


def auto_order_owned_by(*, auto_order: AutoOrder, email: str | None) -> bool:
    """Auto orders belong to their original order's email, by the same rule as orders."""
    return emails_match(auto_order.email, email)


def auto_order_access_allowed(*, request: HttpRequest, auto_order: AutoOrder) -> bool:
    """Only the signed-in owner (while viewing as, the customer viewed), or the holder of a confirmed manage
    link for this auto order whose email is still the auto order's."""
    email = subscription_email_get(request, auto_order_oid=auto_order.auto_order_oid)
    return auto_order_owned_by(auto_order=auto_order, email=email)
