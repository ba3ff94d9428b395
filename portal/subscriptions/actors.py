"""Who acts: what a subscription service needs to know of a request, so that it never sees the request.

A page builds one from the signed-in customer; the resume worker builds one for the customer who set the
timed pause; staff's "Run now" adds the staff member's name. The services then run the same path.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from portal.core.client_ip import client_ip
from portal.core.identity import subscription_email_get

WORKER_ADDRESS = "worker"  # the audit's client address for what the task worker does


@dataclass(frozen=True, slots=True)
class Actor:
    email: str  # the customer the subscription must belong to (ownership is checked on the fresh read)
    client_address: str
    language: str  # for the confirmation email
    staff: str = ""  # a staff member acting for the customer (the audit names them)


def actor_from_request(request: HttpRequest) -> Actor:
    """The customer of this request; on a subscription's own URLs a confirmed manage link for that auto order
    counts too (the one rule of portal/core/identity.py), so every action view gets it without asking."""
    match = getattr(request, "resolver_match", None)
    oid = match.kwargs.get("auto_order_oid") if match is not None else None
    return Actor(
        email=subscription_email_get(request, auto_order_oid=oid if isinstance(oid, int) else None) or "",
        client_address=client_ip(request),
        language=get_language() or settings.LANGUAGE_CODE,
    )
