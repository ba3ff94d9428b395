"""Failed-payment recovery: whether the last charge of a subscription failed, and what to tell the customer.

One function decides (`payment_failure_detect`); the account home's banner, the subscription page's banner
and the auto_order_decline / auto_order_disable emails all show what it returns, in the same words:

- the reason in plain words, from the kind the UltraCart layer read out of the gateway's answer
  (`AutoOrder.failure_kind`): declined, expired card, insufficient funds, or a card problem. The gateway's
  own text (`failure_reason`) is never shown: it holds codes, gateway names and sometimes more;
- when UltraCart tries again (`next_attempt`, while the auto order is active and the date is ahead), or that
  it stopped (the auto order is disabled after its last try);
- the way out: the card update page.

The condition, on UltraCart's fields: an active auto order whose last rebill left a `failure_reason` or a
`credit_card_attempt` count above 0 (the attempts on the rebill being retried), or a disabled one with either
of them (disabled after the last try, `disabled_dts`). A canceled, merged or unknown auto order has nothing
left to recover, whatever it still carries.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.formatting import moment_day_text
from portal.subscriptions.presentation import subscription_name
from portal.ultracart import AutoOrder, AutoOrderStatus


class FailureKind(StrEnum):
    DECLINED = "declined"
    EXPIRED_CARD = "expired_card"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_PROBLEM = "card_problem"


_KINDS = {
    "declined": FailureKind.DECLINED,
    "expired_card": FailureKind.EXPIRED_CARD,
    "insufficient_funds": FailureKind.INSUFFICIENT_FUNDS,
}


@dataclass(frozen=True, slots=True)
class PaymentFailure:
    auto_order_oid: int
    name: str  # the product, as every page and email names the subscription
    kind: FailureKind
    retry_at: datetime | None  # UltraCart's next attempt, only when it is ahead and the auto order active
    stopped: bool  # disabled after the last try: nothing is retried until the card is fixed
    attempts: int  # credit_card_attempt: tries on the failed rebill so far (0 when UltraCart gave none)

    @property
    def reason_words(self) -> str:
        """The reason, in the customer's words; never the gateway's."""
        if self.kind is FailureKind.INSUFFICIENT_FUNDS:
            return _("Your bank declined the charge for insufficient funds.")
        if self.kind is FailureKind.EXPIRED_CARD:
            return _("The card on file has expired.")
        if self.kind is FailureKind.DECLINED:
            return _("Your bank declined the card.")
        return _("There was a problem with the card on file.")

    @property
    def when_words(self) -> str:
        """When UltraCart tries again (the day in the merchant's time zone), or that it stopped."""
        if self.retry_at is not None:
            return _("We'll try again on %(date)s.") % {"date": moment_day_text(self.retry_at)}
        if self.stopped:
            return _("We've stopped trying, so your subscription is on hold until the card is updated.")
        return ""


def payment_failure_detect(*, auto_order: AutoOrder, now: datetime | None = None) -> PaymentFailure | None:
    """The failed last charge of this auto order, or None when there is nothing to recover."""
    if auto_order.status not in (AutoOrderStatus.ACTIVE, AutoOrderStatus.DISABLED):
        return None
    if not (auto_order.failure_reason.strip() or auto_order.credit_card_attempt > 0):
        return None
    stopped = auto_order.status is AutoOrderStatus.DISABLED
    moment = now or timezone.now()
    retry_at = auto_order.next_attempt_at
    if stopped or auto_order.paused or retry_at is None or retry_at <= moment:
        retry_at = None  # a paused or stopped auto order is not retried; a past date says nothing
    return PaymentFailure(
        auto_order_oid=auto_order.auto_order_oid,
        name=subscription_name(auto_order),
        kind=_KINDS.get(auto_order.failure_kind, FailureKind.CARD_PROBLEM),
        retry_at=retry_at,
        stopped=stopped,
        attempts=max(0, auto_order.credit_card_attempt),
    )


def payment_failures_detect(*, auto_orders: tuple[AutoOrder, ...]) -> tuple[PaymentFailure, ...]:
    """The account home's banners: one per subscription whose last charge failed."""
    now = timezone.now()
    found = (payment_failure_detect(auto_order=auto_order, now=now) for auto_order in auto_orders)
    return tuple(failure for failure in found if failure is not None)
