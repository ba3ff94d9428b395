"""Subscription self-service: every action on an auto order runs one path, for a customer's page and for
the resume worker alike: fresh read (under the auto order's write lock) -> ownership and precondition ->
write of the intended fields -> audit -> what follows -> email. Services never see the request: an Actor
says who acts, from where, in which language. Every attempt is audited, whatever happens.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal import ultracart
from portal.merchant.actions import AuditAction, AuditResult, SubscriptionAction
from portal.merchant.audit import audit_record
from portal.merchant.config import portal_settings_get
from portal.subscriptions.access import auto_order_owned_by
from portal.subscriptions.actors import Actor
from portal.subscriptions.emails import subscription_email_send
from portal.subscriptions.errors import (
    ActionBusy,
    ActionError,
    ActionExpired,
    ActionFailed,
    ActionLimited,
    ActionNotFound,
    ActionRefused,
    ActionRejected,
    ActionRepeated,
    ActionUnconfirmed,
)
from portal.subscriptions.flows import Done, Plan, changed_meanwhile
from portal.subscriptions.presentation import cancel_reason_label
from portal.subscriptions.registry import ActionEntry, actions_allowed
from portal.subscriptions.skips import skips_in_row
from portal.subscriptions.summaries import auto_order_fingerprint, auto_order_summary
from portal.subscriptions.tokens import TokenUse, form_token_use
from portal.ultracart import AutoOrder, BadResponse, NotFound, UltraCartError, VisitorLimited

__all__ = ["ActionError", "ActionFailed", "ActionNotFound", "ActionRefused", "ActionRepeated", "Done"]

NOT_AVAILABLE = gettext_lazy("That change isn't available for this subscription right now.")


UNCONFIRMED_MESSAGE = gettext_lazy(
    "We couldn't confirm whether your change went through: our store systems didn't answer in time. "
    "This page shows your subscription as it is now; if the change isn't there, try again in a minute."
)


class _NothingToDo(ActionRefused):
    """The worker's precondition: the subscription is no longer in a state to resume (not an error)."""


def action_refusal_record(
    *, actor: Actor, auto_order_oid: int, action: SubscriptionAction, reason: str
) -> None:
    """A refused attempt that never reached a write (an invalid form post): audited with its reason, which
    names fields, never the values posted."""
    audit_record(action=action, result=AuditResult.REFUSED, email=actor.email, auto_order_oid=auto_order_oid,
                 detail=reason, client_address=actor.client_address)  # fmt: skip


def _detail(actor: Actor, *parts: str) -> str:
    return " ".join(p for p in (f"staff {actor.staff}:" if actor.staff else "", *parts) if p)


def _token_checked(*, actor: Actor, auto_order_oid: int, entry: ActionEntry, form_token: str) -> str:
    """The fingerprint the review was built on; raises (after auditing) for a used or invalid token."""
    page = entry.page or entry.action
    check = form_token_use(form_token, email=actor.email, auto_order_oid=auto_order_oid, action=page)
    if check.use == TokenUse.OK:
        return check.seen
    used = check.use == TokenUse.USED
    audit_record(action=entry.action, result=AuditResult.REPEATED if used else AuditResult.REFUSED,
                 email=actor.email, auto_order_oid=auto_order_oid, detail=check.reason,
                 client_address=actor.client_address)  # fmt: skip
    if used:
        raise ActionRepeated(_("That request was already handled. Here is your subscription as it is now."))
    raise ActionExpired(_("This form has expired. Please check the change below and confirm it again."))


def action_perform(
    *,
    actor: Actor,
    auto_order_oid: int,
    entry: ActionEntry,
    data: dict[str, Any],
    reviewed: AutoOrder | None,
    form_token: str | None,
    audit_as: AuditAction | None = None,
) -> Done:
    """Act once. `reviewed` and `form_token` come from a confirmation page; the worker passes neither (it
    has no review to match, and the merchant's switches do not stop a resume the customer asked for)."""
    action = audit_as or entry.action
    record: dict[str, Any] = {"before": {}, "order_id": ""}
    plan = Plan()

    def audit(result: str, *, after: AutoOrder | None = None, request_id: str = "", note: str = "") -> None:
        audit_record(
            action=action, result=result, email=actor.email, auto_order_oid=auto_order_oid,
            order_id=record["order_id"], before=record["before"],
            after=auto_order_summary(after) if after else {}, detail=_detail(actor, plan.detail, note),
            ultracart_request_id=request_id, client_address=actor.client_address,
        )  # fmt: skip

    customer = form_token is not None  # a customer's confirm, not the worker's resume
    seen = (
        _token_checked(actor=actor, auto_order_oid=auto_order_oid, entry=entry, form_token=form_token)
        if form_token is not None
        else None
    )
    config = portal_settings_get()

    def precondition(fresh: AutoOrder) -> None:
        if not auto_order_owned_by(auto_order=fresh, email=actor.email):
            raise ActionNotFound()
        record.update(before=auto_order_summary(fresh), order_id=fresh.original_order_id)
        if customer and seen != auto_order_fingerprint(fresh):
            raise changed_meanwhile(fresh)
        skips = skips_in_row(auto_order_oid=auto_order_oid)
        if not customer and not entry.offered(auto_order=fresh, skips_in_row=skips, config=config):
            raise _NothingToDo("no longer paused and enabled")
        if customer and entry.action not in actions_allowed(
            auto_order=fresh, config=config, skips_in_row=skips
        ):
            raise ActionRefused(str(NOT_AVAILABLE))
        if entry.check is not None:
            entry.check(fresh=fresh, plan=plan)

    assert entry.write is not None, entry.action
    try:
        plan = entry.plan(auto_order=reviewed, data=data, config=config)
        after = entry.write(auto_order_oid=auto_order_oid, plan=plan, precondition=precondition)
    except ActionError as error:
        audit(AuditResult.SKIPPED if isinstance(error, _NothingToDo) else error.result, note=error.message)
        raise
    except UltraCartError as error:
        raise _mapped(error, entry=entry, audit=audit, auto_order_oid=auto_order_oid) from error
    audit(AuditResult.OK, after=after, request_id=ultracart.ultracart_last_request_id(),
          note=ultracart.auto_order_write_note())  # fmt: skip
    if entry.after is not None:
        entry.after(auto_order=after, plan=plan, email=actor.email, language=actor.language)
    if entry.emails:
        context = {"auto_order": after, "resume_at": plan.resume_at, "plan": plan,
                   "cancel_reason": cancel_reason_label(plan.reason) if plan.reason else ""}  # fmt: skip
        subscription_email_send(
            action=entry.action, email=actor.email, language=actor.language, context=context
        )
    return Done(after, plan)


def _mapped(error: UltraCartError, *, entry: ActionEntry, audit: Any, auto_order_oid: int) -> ActionError:
    """What a failed write means to the customer, audited once."""
    if isinstance(error, VisitorLimited):  # our own limit refused before UltraCart was asked: nothing changed
        audit(AuditResult.LIMITED, note=type(error).__name__)
        return _limited(error)
    if isinstance(error, NotFound):
        audit(AuditResult.NOT_FOUND, request_id=error.request_id)
        return ActionNotFound()
    if isinstance(error, ultracart.WriteInProgress):
        audit(AuditResult.BUSY)
        return ActionBusy(_("Another change to this subscription is being saved right now, so nothing was "
                            "changed. Please try again in a few seconds."))  # fmt: skip
    ultracart.auto_order_cache_invalidate(auto_order_oid=auto_order_oid)  # the next page reads it fresh
    if isinstance(error, ultracart.WriteUnconfirmed):
        audit(AuditResult.UNKNOWN, request_id=error.request_id, note=str(error.args[0]))
        return ActionUnconfirmed(str(UNCONFIRMED_MESSAGE))
    if isinstance(error, BadResponse) and error.status is not None and 400 <= error.status < 500:
        audit(AuditResult.REJECTED, request_id=error.request_id, note=f"UltraCart {error.status}")
        return ActionRejected(
            _("UltraCart didn't accept that change (%(what)s), so nothing was changed. Please choose "
              "another option or contact us.") % {"what": entry.refused_words}
        )  # fmt: skip
    audit(AuditResult.FAILED, request_id=error.request_id, note=type(error).__name__)
    return ActionFailed(
        _("We couldn't reach our store systems, so nothing was changed. Please try again soon.")
    )


def _limited(error: VisitorLimited) -> ActionLimited:
    message = ngettext(
        "You've made several changes in a short time, so nothing was changed. "
        "Please try again in %(seconds)d second.",
        "You've made several changes in a short time, so nothing was changed. "
        "Please try again in %(seconds)d seconds.",
        error.retry_after,
    ) % {"seconds": error.retry_after}
    return ActionLimited(message, retry_after=error.retry_after)


def auto_order_billing_url_get(*, actor: Actor, auto_order_oid: int, entry: ActionEntry) -> str:
    """UltraCart's update-billing page for the customer's own auto order (fresh ownership check)."""
    unavailable = _("We couldn't open the card update page. Please try again in a few minutes.")
    try:
        fresh = ultracart.auto_order_get_fresh(auto_order_oid=auto_order_oid)
    except NotFound as error:
        raise ActionNotFound() from error
    except VisitorLimited as error:
        raise _limited(error) from error
    except UltraCartError as error:
        raise ActionFailed(unavailable) from error
    if not auto_order_owned_by(auto_order=fresh, email=actor.email):
        raise ActionNotFound()
    allowed = entry.action in actions_allowed(auto_order=fresh, config=portal_settings_get(), skips_in_row=0)
    audit_record(
        action=entry.action, result=AuditResult.SENT_TO_CARD_PAGE if allowed else AuditResult.REFUSED,
        email=actor.email, auto_order_oid=auto_order_oid, order_id=fresh.original_order_id,
        before=auto_order_summary(fresh), client_address=actor.client_address,
    )  # fmt: skip
    if not allowed:
        raise ActionRefused(str(NOT_AVAILABLE))
    try:
        return ultracart.auto_order_billing_url(auto_order_oid=auto_order_oid)
    except VisitorLimited as error:
        raise _limited(error) from error
    except UltraCartError as error:
        raise ActionFailed(unavailable) from error
