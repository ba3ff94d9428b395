"""Confirming a manage link (the POST of its confirm page): fresh owner read, one use, audited.

The view then grants the browser that one subscription (portal/core/identity.py). Every POST is audited as
MANAGE_LINK_SIGN_IN with what became of it; the token itself is never recorded or logged.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from portal import ultracart
from portal.core.cache_safe import cache_fail_open
from portal.core.client_ip import client_network
from portal.core.emails import email_key
from portal.merchant.actions import AuditAction, AuditResult
from portal.merchant.audit import audit_record
from portal.subscriptions.errors import ActionNotFound
from portal.subscriptions.manage_links import (
    LinkProblem,
    ManageLinkInvalid,
    manage_link_read,
    manage_link_sent_to,
    manage_link_use,
)
from portal.ultracart import NotFound, UltraCartError

LIMIT_RETRY_AFTER = 60


@dataclass(frozen=True, slots=True)
class LinkConfirmed:
    email: str  # the auto order's email as UltraCart has it now (the one the link was sent to)
    landing: str  # our own path: the subscription, or the page the link's purpose names
    language: str  # the email's language: the browser keeps it unless it chose one


def _network_key(group: str, request: HttpRequest) -> str:
    return client_network(request)


def manage_link_rate_limited(*, request: HttpRequest, rate: str) -> bool:
    """Our own limit on the confirm page, per client network; a cache outage lets the visitor through."""
    with cache_fail_open("manage link rate limit unavailable: allowing"):
        limited: bool = is_ratelimited(
            request, group="manage-link", key=_network_key, rate=rate, increment=True
        )
        return limited
    return False


def manage_link_confirm(*, token: str, auto_order_oid: int, client_address: str) -> LinkConfirmed:
    """The link is ours, for this auto order, in time and unused, and the auto order's email is still the
    one it was sent to: use it up. ManageLinkInvalid, ActionNotFound or an UltraCartError otherwise (an
    UltraCart failure uses nothing up: the customer presses again once it answers)."""

    def audit(result: str, *, detail: str = "", email: str = "", order_id: str = "") -> None:
        audit_record(action=AuditAction.MANAGE_LINK_SIGN_IN, result=result, email=email,
                     auto_order_oid=auto_order_oid, order_id=order_id, detail=detail,
                     client_address=client_address)  # fmt: skip

    try:
        link = manage_link_read(token=token, auto_order_oid=auto_order_oid)
    except ManageLinkInvalid as error:
        audit(AuditResult.REPEATED if error.problem is LinkProblem.USED else AuditResult.REFUSED,
              detail=error.problem.value)  # fmt: skip
        raise
    try:
        fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    except NotFound as error:
        audit(AuditResult.NOT_FOUND, detail="no such auto order")
        raise ActionNotFound() from error
    except UltraCartError as error:
        audit(AuditResult.LIMITED if isinstance(error, ultracart.VisitorLimited) else AuditResult.FAILED,
              detail=type(error).__name__)  # fmt: skip
        raise
    if not manage_link_sent_to(link, email=fresh.email):
        audit(AuditResult.REFUSED, detail=LinkProblem.EMAIL_CHANGED.value)
        raise ManageLinkInvalid(LinkProblem.EMAIL_CHANGED)
    if not manage_link_use(link):
        audit(AuditResult.REPEATED, detail=LinkProblem.USED.value)
        raise ManageLinkInvalid(LinkProblem.USED)
    email = email_key(fresh.email)
    audit(AuditResult.OK, detail=f"purpose {link.purpose}", email=email, order_id=fresh.original_order_id)
    return LinkConfirmed(email=email, landing=link.landing, language=link.language)
