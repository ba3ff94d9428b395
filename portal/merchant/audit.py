"""What happened: every customer action (and, later, every staff view-as) goes through `audit_record`."""

import logging
from typing import Any

from portal.merchant.actions import AuditAction, SubscriptionAction
from portal.merchant.models import AuditEntry

logger = logging.getLogger("portal.audit")


def audit_record(
    *,
    action: SubscriptionAction | AuditAction,
    result: str,
    email: str = "",
    auto_order_oid: int | None = None,
    order_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
    ultracart_request_id: str = "",
    client_address: str = "",
) -> AuditEntry:
    entry = AuditEntry.objects.create(
        action=str(action),
        result=result,
        email=email,
        auto_order_oid=auto_order_oid,
        order_id=order_id[:64],
        before=before or {},
        after=after or {},
        detail=detail[:2000],
        ultracart_request_id=ultracart_request_id[:64],
        client_address=client_address[:64],
    )
    logger.info("audit action=%s result=%s auto_order=%s", action, result, auto_order_oid)
    return entry
