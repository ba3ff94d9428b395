"""What the list and detail pages show, built from AutoOrder dataclasses (no UltraCart calls here)."""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import portal_settings_get
from portal.subscriptions.add_ons import PendingAddOn, pending_add_ons
from portal.subscriptions.catalog import catalog_names
from portal.subscriptions.item_choices import item_offers
from portal.subscriptions.payment_failures import PaymentFailure, payment_failure_detect
from portal.subscriptions.presentation import (
    ItemRow,
    StatusWords,
    card_on_file_words,
    item_rows,
    status_words,
    subscription_name,
    subscription_schedule,
    subscription_told_apart,
    upcoming_shipments,
)
from portal.subscriptions.registry import PAGES, actions_allowed, page_actions
from portal.subscriptions.resume_records import resume_pending_at
from portal.subscriptions.skips import skips_in_row
from portal.ultracart import AutoOrder


@dataclass(frozen=True, slots=True)
class SubscriptionCard:
    auto_order: AutoOrder
    name: str  # the product: titles, links, emails
    told_apart: str  # "every month, next shipment Jan. 5, 2027" when another card has the same name, else ""
    status: StatusWords
    items: tuple[ItemRow, ...]
    next_shipment_at: datetime | None
    next_charge_at: datetime | None
    charge_is_retry: bool  # next_charge_at is UltraCart's retry after a declined charge
    resume_at: datetime | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.told_apart})" if self.told_apart else self.name


def subscription_cards(auto_orders: tuple[AutoOrder, ...]) -> list[SubscriptionCard]:
    resumes = resume_pending_at(auto_order_oids=[ao.auto_order_oid for ao in auto_orders])
    lead_days = portal_settings_get().subscription_min_lead_days
    cards = [_card(ao, resumes.get(ao.auto_order_oid), lead_days) for ao in auto_orders]
    names = Counter(card.name for card in cards)
    return [_told_apart(card) if names[card.name] > 1 else card for card in cards]


def _told_apart(card: SubscriptionCard) -> SubscriptionCard:
    words = subscription_told_apart(card.auto_order, next_shipment_at=card.next_shipment_at)
    return replace(card, told_apart=words)


def _card(auto_order: AutoOrder, resume_at: datetime | None, lead_days: int) -> SubscriptionCard:
    resume_at = resume_at if auto_order.paused and auto_order.is_active else None
    schedule = subscription_schedule(auto_order, resume_at=resume_at, lead_days=lead_days)
    return SubscriptionCard(
        auto_order=auto_order,
        name=subscription_name(auto_order),
        told_apart="",
        status=status_words(auto_order, resume_at=resume_at),
        items=item_rows(auto_order, swapped_names=_swapped_names(auto_order)),
        next_shipment_at=schedule.next_shipment_at,
        next_charge_at=schedule.next_charge_at,
        charge_is_retry=schedule.charge_is_retry,
        resume_at=resume_at,
    )


def _swapped_names(auto_order: AutoOrder) -> dict[str, str]:
    """A swapped item's name from the catalogue (cached; its id when UltraCart cannot say now)."""
    swapped = [item.arbitrary_item_id for item in auto_order.items if item.arbitrary_item_id]
    return catalog_names(swapped) if swapped else {}


@dataclass(frozen=True, slots=True)
class SubscriptionDetail:
    card: SubscriptionCard
    upcoming: tuple[datetime, ...]
    rebill_order_ids: tuple[str, ...]
    flows: tuple[str, ...]  # action pages to offer: pause, resume, skip, reschedule, cancel
    can_update_card: bool
    failed_charge: bool  # the last charge failed: the banner offers the card update
    payment_failure: PaymentFailure | None
    skips_in_row: int
    max_skips: int
    card_on_file: str  # "Visa ending in 1111, expires 09/2029", or ""
    add_ons: tuple[PendingAddOn, ...] = ()  # one-time items coming with the next shipment(s)


def subscription_detail(auto_order: AutoOrder) -> SubscriptionDetail:
    config = portal_settings_get()
    card = _card(
        auto_order,
        resume_pending_at(auto_order_oids=[auto_order.auto_order_oid]).get(auto_order.auto_order_oid),
        config.subscription_min_lead_days,
    )
    skips = skips_in_row(auto_order_oid=auto_order.auto_order_oid)
    allowed = actions_allowed(auto_order=auto_order, config=config, skips_in_row=skips)
    offers = [item_offers(item, config=config, allowed=allowed) for item in auto_order.items]
    rows = tuple(replace(row, offers=o) for row, o in zip(card.items, offers, strict=True))
    failure = payment_failure_detect(auto_order=auto_order)
    return SubscriptionDetail(
        card=replace(card, items=rows),
        upcoming=upcoming_shipments(auto_order) if card.next_shipment_at and not card.resume_at else (),
        rebill_order_ids=auto_order.rebill_order_ids,
        flows=tuple(page for page in PAGES if page_actions(page) & allowed),
        can_update_card=SubscriptionAction.UPDATE_CARD in allowed,
        failed_charge=failure is not None,
        payment_failure=failure,
        skips_in_row=skips,
        max_skips=config.subscription_max_skips,
        card_on_file=card_on_file_words(auto_order.card),
        add_ons=pending_add_ons(auto_order),
    )


def flow_allowed(auto_order: AutoOrder, page: SubscriptionAction) -> frozenset[str]:
    """The actions of this page that are allowed now (empty: the page has nothing to offer)."""
    config = portal_settings_get()
    skips = skips_in_row(auto_order_oid=auto_order.auto_order_oid)
    return actions_allowed(auto_order=auto_order, config=config, skips_in_row=skips) & page_actions(page)
