"""Subscription self-service: every action the customer takes on an auto order.

Each action reads the auto order fresh from UltraCart (the write's own read), checks on that read that it
belongs to the signed-in customer and that the action is allowed in its state (a precondition, before
anything is written), writes back only the intended fields, and records the attempt in the audit log
whatever happens. A used-up form token makes a double submit act once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import ultracart
from portal.core.client_ip import client_ip
from portal.core.identity import customer_email_get
from portal.merchant.audit import audit_record
from portal.merchant.config import portal_settings_get
from portal.receipts.access import auto_order_access_allowed
from portal.subscriptions import plans
from portal.subscriptions.emails import subscription_email_send
from portal.subscriptions.errors import (
    ActionError,
    ActionFailed,
    ActionNotFound,
    ActionRefused,
    ActionRepeated,
)
from portal.subscriptions.presentation import cancel_reason_label
from portal.subscriptions.resumes import consecutive_skips, resume_cancel_pending, resume_schedule
from portal.subscriptions.tokens import form_token_use
from portal.ultracart import AutoOrder, NotFound, Precondition, UltraCartError


def auto_order_summary(auto_order: AutoOrder) -> dict[str, Any]:
    """What the audit log keeps of an auto order, before and after."""
    return {
        "status": auto_order.status_label,
        "enabled": auto_order.enabled,
        "paused": auto_order.paused,
        "next_shipment": auto_order.next_shipment_at.isoformat() if auto_order.next_shipment_at else None,
        "cancel_reason": auto_order.cancel_reason,
        "items": [
            {
                "item_id": i.item_id,
                "paused": i.paused,
                "next_shipment": i.next_shipment_at.isoformat() if i.next_shipment_at else None,
            }
            for i in auto_order.items
        ],
    }


@dataclass(frozen=True, slots=True)
class Done:
    auto_order: AutoOrder
    resume_at: datetime | None = None


def _perform(
    *,
    request: HttpRequest,
    auto_order_oid: int,
    action: str,
    form_token: str,
    write: Callable[[Precondition], AutoOrder],
    check: Callable[[AutoOrder], None] | None = None,
    detail: str = "",
    token_action: str = "",
) -> AutoOrder:
    email = customer_email_get(request) or ""
    before: dict[str, Any] = {}
    order_id = ""

    def audit(result: str, *, after: AutoOrder | None = None, request_id: str = "", note: str = "") -> None:
        audit_record(
            action=action,
            result=result,
            email=email,
            auto_order_oid=auto_order_oid,
            order_id=order_id,
            before=before,
            after=auto_order_summary(after) if after else {},
            detail=" ".join(p for p in (detail, note) if p),
            ultracart_request_id=request_id,
            client_address=client_ip(request),
        )

    def precondition(fresh: AutoOrder) -> None:
        nonlocal before, order_id
        if not auto_order_access_allowed(request=request, auto_order=fresh):
            raise ActionNotFound()
        before, order_id = auto_order_summary(fresh), fresh.original_order_id
        skips = consecutive_skips(auto_order_oid=auto_order_oid)
        if action not in plans.actions_allowed(
            auto_order=fresh, config=portal_settings_get(), skips_in_row=skips
        ):
            raise ActionRefused(_("That change isn't available for this subscription right now."))
        if check is not None:
            check(fresh)

    used = form_token_use(
        form_token, email=email, auto_order_oid=auto_order_oid, action=token_action or action
    )
    if not used:
        audit(ActionRepeated.result)
        raise ActionRepeated(_("That request was already handled. Here is your subscription as it is now."))
    try:
        after = write(precondition)
    except ActionError as error:
        audit(error.result, note=error.message)
        raise
    except NotFound as error:
        audit(ActionNotFound.result, request_id=error.request_id)
        raise ActionNotFound() from error
    except UltraCartError as error:
        ultracart.auto_order_cache_invalidate(auto_order_oid=auto_order_oid)  # the outcome may be unknown
        audit(ActionFailed.result, request_id=error.request_id, note=type(error).__name__)
        message = _("We couldn't reach our store systems, so nothing was changed. Please try again soon.")
        raise ActionFailed(message) from error
    audit("ok", after=after, request_id=ultracart.ultracart_last_request_id())
    return after


def _send(action: str, request: HttpRequest, auto_order: AutoOrder, **context: Any) -> None:
    subscription_email_send(
        action=action,
        email=customer_email_get(request) or "",
        language=get_language(),
        context={"auto_order": auto_order, **context},
    )


def auto_order_pause(*, request: HttpRequest, auto_order_oid: int, form_token: str) -> Done:
    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="pause",
        form_token=form_token,
        write=lambda pre: ultracart.auto_order_pause(auto_order_oid=auto_order_oid, precondition=pre),
    )
    resume_cancel_pending(auto_order_oid=auto_order_oid)
    _send("pause", request, after)
    return Done(after)


def auto_order_pause_until(
    *, request: HttpRequest, auto_order_oid: int, form_token: str, day: date | None = None, shipments: int = 0
) -> Done:
    """Pause now and resume on `day`, or after `shipments` (1 to 3) shipments; the worker resumes it."""
    config = portal_settings_get()
    resume_at: datetime | None = None

    def check(fresh: AutoOrder) -> None:
        nonlocal resume_at
        if day is not None and plans.pause_until_bounds_ok(day, config):
            resume_at = plans.pause_until_resume_at(day)
        elif day is None and 1 <= shipments <= 3:
            resume_at = plans.pause_resume_at(fresh, shipments=shipments, config=config)
        if resume_at is None:
            raise ActionRefused(_("Please choose a resume date within the dates shown."))

    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="pause_until",
        form_token=form_token,
        check=check,
        detail=f"day={day} shipments={shipments}",
        token_action="pause",
        write=lambda pre: ultracart.auto_order_pause(auto_order_oid=auto_order_oid, precondition=pre),
    )
    assert resume_at is not None
    resume_schedule(
        auto_order_oid=auto_order_oid, email=after.email, language=get_language(), resume_at=resume_at
    )
    _send("pause_until", request, after, resume_at=resume_at)
    return Done(after, resume_at=resume_at)


def auto_order_resume(*, request: HttpRequest, auto_order_oid: int, form_token: str) -> Done:
    earliest = plans.earliest_shipment(portal_settings_get())
    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="resume",
        form_token=form_token,
        write=lambda pre: ultracart.auto_order_update(
            auto_order_oid=auto_order_oid, paused=False, next_shipment_not_before=earliest, precondition=pre
        ),
    )
    resume_cancel_pending(auto_order_oid=auto_order_oid)
    _send("resume", request, after)
    return Done(after)


def auto_order_skip(
    *, request: HttpRequest, auto_order_oid: int, form_token: str, expected: datetime
) -> Done:
    """Move the next shipment one interval on; `expected` is the new date the customer confirmed."""

    def check(fresh: AutoOrder) -> None:
        if plans.shipment_after(fresh) != expected:
            raise ActionRefused(_("Your subscription changed meanwhile. Please check the new date again."))

    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="skip",
        form_token=form_token,
        check=check,
        write=lambda pre: ultracart.auto_order_update(
            auto_order_oid=auto_order_oid, next_shipment_at=expected, precondition=pre
        ),
    )
    return Done(after)


def auto_order_reschedule(*, request: HttpRequest, auto_order_oid: int, form_token: str, day: date) -> Done:
    """Move the next shipment to `day`, within the merchant's bounds (checked here, on the server)."""
    if not plans.day_within_bounds(day, portal_settings_get()):
        audit_record(
            action="reschedule",
            result="refused",
            email=customer_email_get(request) or "",
            auto_order_oid=auto_order_oid,
            detail=f"day={day} out of bounds",
            client_address=client_ip(request),
        )
        raise ActionRefused(_("Please choose a date within the dates shown."))
    target = plans.reschedule_target(day)
    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="reschedule",
        form_token=form_token,
        detail=f"day={day}",
        write=lambda pre: ultracart.auto_order_update(
            auto_order_oid=auto_order_oid, next_shipment_at=target, precondition=pre
        ),
    )
    _send("reschedule", request, after)
    return Done(after)


def auto_order_cancel(*, request: HttpRequest, auto_order_oid: int, form_token: str, reason: str) -> Done:
    def check(_fresh: AutoOrder) -> None:
        if reason not in portal_settings_get().subscription_cancel_reasons:
            raise ActionRefused(_("Please choose a reason from the list."))

    after = _perform(
        request=request,
        auto_order_oid=auto_order_oid,
        action="cancel",
        form_token=form_token,
        check=check,
        detail=f"reason={reason}",
        write=lambda pre: ultracart.auto_order_update(
            auto_order_oid=auto_order_oid,
            enabled=False,
            cancel_reason=reason,
            canceled_by_user="customer",
            precondition=pre,
        ),
    )
    resume_cancel_pending(auto_order_oid=auto_order_oid)
    _send("cancel", request, after, cancel_reason=cancel_reason_label(reason))
    return Done(after)


def auto_order_billing_url_get(*, request: HttpRequest, auto_order_oid: int) -> str:
    """UltraCart's update-billing page for the customer's own auto order (fresh ownership check)."""
    email = customer_email_get(request) or ""
    try:
        fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    except NotFound as error:
        raise ActionNotFound() from error
    except UltraCartError as error:
        raise ActionFailed(
            _("We couldn't open the card update page. Please try again in a few minutes.")
        ) from error
    if not auto_order_access_allowed(request=request, auto_order=fresh):
        raise ActionNotFound()
    allowed = plans.actions_allowed(auto_order=fresh, config=portal_settings_get(), skips_in_row=0)
    result = "ok" if "update_card" in allowed else "refused"
    audit_record(
        action="update_card",
        result=result,
        email=email,
        auto_order_oid=auto_order_oid,
        order_id=fresh.original_order_id,
        before=auto_order_summary(fresh),
        client_address=client_ip(request),
    )
    if result != "ok":
        raise ActionRefused(_("That change isn't available for this subscription right now."))
    try:
        return ultracart.auto_order_billing_url(auto_order_oid=auto_order_oid)
    except UltraCartError as error:
        raise ActionFailed(
            _("We couldn't open the card update page. Please try again in a few minutes.")
        ) from error
