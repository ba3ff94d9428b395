"""Who may see which order, and how much of it. The one place that decides; every order page asks here.

- A valid order token grants this browser session the order (no token in later URLs).
- FULL: the signed-in owner, or a session grant while the order is younger than the merchant's window.
- REDACTED: a session grant after the window (confirmation, id, date, status, items, total).
- NONE: everyone else; callers answer with the same 404 as an unknown order.

While a staff member views as a customer (identity.view_as_get), only that customer's ownership counts: the
staff session's own grants are neither used nor added to. A merchant preview shows what the thank-you link
shows (order_access_for_link) without granting anything.
"""

from datetime import timedelta
from enum import StrEnum

from django.http import HttpRequest
from django.utils import timezone

from portal.core.emails import emails_match
from portal.core.identity import customer_email_get, customer_may_act
from portal.merchant.config import portal_settings_get
from portal.ultracart import Order

SESSION_KEY = "order_grants"
# A session remembers only the most recent grants, so it cannot grow without bound.
MAX_GRANTS = 20


class Access(StrEnum):
    NONE = "none"
    REDACTED = "redacted"
    FULL = "full"


def _grants(request: HttpRequest) -> dict[str, str]:
    if not customer_may_act(request):
        return {}  # viewing as: the staff browser's own grants do not leak into the customer's view
    grants = request.session.get(SESSION_KEY)
    return grants if isinstance(grants, dict) else {}


def order_access_grant(*, request: HttpRequest, order: Order) -> None:
    """After a valid token: remember the order id (and when) in this session (never while viewing as)."""
    if not customer_may_act(request):
        return
    if list(_grants(request))[-1:] == [order.order_id]:
        return  # a reload: already the latest grant, so no session write (nothing reads the grant's time)
    if order.order_id not in _grants(request):
        # A new session id with every new grant, so a session id planted before the visit grants nothing.
        request.session.cycle_key()
    grants = {oid: at for oid, at in _grants(request).items() if oid != order.order_id}
    grants[order.order_id] = timezone.now().isoformat()
    request.session[SESSION_KEY] = dict(list(grants.items())[-MAX_GRANTS:])


def order_access_granted(*, request: HttpRequest, order_id: str) -> bool:
    """This browser arrived through the order's thank-you link (whatever the order's age)."""
    return order_id in _grants(request)


def order_access_may_look_up(*, request: HttpRequest, order_id: str) -> bool:
    """Cheap check before any UltraCart call: a grant for this order, or a signed-in customer."""
    return order_access_granted(request=request, order_id=order_id) or customer_email_get(request) is not None


def _is_owner(request: HttpRequest, order: Order) -> bool:
    email = customer_email_get(request)
    return order_owned_by(order=order, email=email)


def order_owned_by(*, order: Order, email: str | None) -> bool:
    """The order's email is this customer's (core.emails: trimmed, ASCII case only; ß is not ss)."""
    return emails_match(order.email, email)


def _is_recent(order: Order) -> bool:
    # An order without a creation date counts as old: when in doubt, show less.
    if order.created_at is None:
        return False
    window = timedelta(minutes=portal_settings_get().full_details_minutes)
    return timezone.now() - order.created_at < window


def order_access_for_link(*, order: Order) -> Access:
    """What the order's thank-you link shows right now: the merchant preview shows exactly this."""
    return Access.FULL if _is_recent(order) else Access.REDACTED


def order_access_level(*, request: HttpRequest, order: Order) -> Access:
    if _is_owner(request, order):
        return Access.FULL
    if not order_access_granted(request=request, order_id=order.order_id):
        return Access.NONE
    return Access.FULL if _is_recent(order) else Access.REDACTED
