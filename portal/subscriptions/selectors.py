"""What the list and detail pages show, built from AutoOrder dataclasses (no UltraCart calls here)."""

from dataclasses import dataclass
from datetime import datetime

from portal.merchant.actions import SubscriptionAction
from portal.merchant.config import portal_settings_get
from portal.subscriptions.presentation import (
    ItemRow,
    StatusWords,
    item_rows,
    status_words,
    upcoming_shipments,
)
from portal.subscriptions.registry import PAGES, actions_allowed, page_actions
from portal.subscriptions.resume_records import resume_pending_at
from portal.subscriptions.skips import skips_in_row
from portal.ultracart import AutoOrder


@dataclass(frozen=True, slots=True)
class SubscriptionCard:
    auto_order: AutoOrder
    status: StatusWords
    items: tuple[ItemRow, ...]
    next_shipment_at: datetime | None
    next_charge_at: datetime | None
    resume_at: datetime | None


def subscription_cards(auto_orders: tuple[AutoOrder, ...]) -> list[SubscriptionCard]:
    resumes = resume_pending_at(auto_order_oids=[ao.auto_order_oid for ao in auto_orders])
    return [_card(ao, resumes.get(ao.auto_order_oid)) for ao in auto_orders]


def _card(auto_order: AutoOrder, resume_at: datetime | None) -> SubscriptionCard:
    live = auto_order.is_active and not auto_order.paused
    return SubscriptionCard(
        auto_order=auto_order,
        status=status_words(auto_order, resume_at=resume_at if auto_order.paused else None),
        items=item_rows(auto_order),
        next_shipment_at=auto_order.next_shipment_at if live else None,
        next_charge_at=auto_order.next_attempt_at if auto_order.is_active else None,
        resume_at=resume_at if auto_order.paused else None,
    )


@dataclass(frozen=True, slots=True)
class SubscriptionDetail:
    card: SubscriptionCard
    upcoming: tuple[datetime, ...]
    rebill_order_ids: tuple[str, ...]
    flows: tuple[str, ...]  # action pages to offer: pause, resume, skip, reschedule, cancel
    can_update_card: bool
    failed_charge: bool
    skips_in_row: int
    max_skips: int


def subscription_detail(auto_order: AutoOrder) -> SubscriptionDetail:
    config = portal_settings_get()
    card = _card(
        auto_order,
        resume_pending_at(auto_order_oids=[auto_order.auto_order_oid]).get(auto_order.auto_order_oid),
    )
    skips = skips_in_row(auto_order_oid=auto_order.auto_order_oid)
    allowed = actions_allowed(auto_order=auto_order, config=config, skips_in_row=skips)
    return SubscriptionDetail(
        card=card,
        upcoming=upcoming_shipments(auto_order) if card.next_shipment_at else (),
        rebill_order_ids=auto_order.rebill_order_ids,
        flows=tuple(page for page in PAGES if page_actions(page) & allowed),
        can_update_card=SubscriptionAction.UPDATE_CARD in allowed,
        failed_charge=card.status.key == "failed_charge",
        skips_in_row=skips,
        max_skips=config.subscription_max_skips,
    )


def flow_allowed(auto_order: AutoOrder, page: SubscriptionAction) -> frozenset[str]:
    """The actions of this page that are allowed now (empty: the page has nothing to offer)."""
    config = portal_settings_get()
    skips = skips_in_row(auto_order_oid=auto_order.auto_order_oid)
    return actions_allowed(auto_order=auto_order, config=config, skips_in_row=skips) & page_actions(page)


def save_offers(auto_order: AutoOrder) -> tuple[str, ...]:
    """Beside the cancel button: pause or skip instead, when the merchant offers them and they apply."""
    if not portal_settings_get().subscription_save_offers:
        return ()
    offers = (SubscriptionAction.PAUSE, SubscriptionAction.SKIP)
    return tuple(str(page) for page in offers if flow_allowed(auto_order, page))
