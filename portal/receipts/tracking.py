"""Shipments as the order page shows them: the carrier by name, each tracking number linked to the carrier's
own tracking page (UPS, FedEx, USPS, DHL), plain text for a carrier we do not know, the status in words,
the events newest first and the expected delivery date.

We build the carrier links ourselves rather than follow UltraCart's `tracking_url`: a link on our page
goes to a carrier we know, with the number URL-encoded, whatever an upstream field says.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.receipts.wording import tracking_status_text
from portal.ultracart.models import Shipment, TrackingEvent

_CARRIERS: dict[str, tuple[str, str]] = {
    # normalized name -> (display name, tracking page with {number})
    "ups": ("UPS", "https://www.ups.com/track?tracknum={number}"),
    "fedex": ("FedEx", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    "federalexpress": ("FedEx", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    "usps": ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "uspostalservice": ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "unitedstatespostalservice": ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "dhl": ("DHL", "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}"),
    "dhlexpress": ("DHL", "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}"),
}
_UPS_NUMBER = re.compile(r"^1Z[0-9A-Z]{16}$")
_NOT_A_LETTER = re.compile(r"[^a-z]")


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime | None
    text: str
    location: str


@dataclass(frozen=True, slots=True)
class ShipmentView:
    carrier: str  # "UPS"; the shipping method's own prefix for a carrier we do not know; "" when none
    tracking_number: str  # "" on a redacted page
    tracking_url: str  # "" for an unknown carrier or a redacted page
    status: str  # in the active language, "" when UltraCart gave none
    expected_delivery_at: datetime | None
    delivered_at: datetime | None
    events: tuple[EventView, ...]  # newest first; empty on a redacted page


def _carrier(shipment: Shipment) -> tuple[str, str]:
    key = _NOT_A_LETTER.sub("", shipment.carrier.lower())
    if key in _CARRIERS:
        return _CARRIERS[key]
    if not key and _UPS_NUMBER.match(shipment.tracking_number.upper()):
        return _CARRIERS["ups"]
    return shipment.carrier.strip(), ""


def _event_view(event: TrackingEvent) -> EventView:
    # The carrier's message is English: an English page shows it, any other page the event code in words.
    text = event.description if (get_language() or "en").startswith("en") else ""
    text = text or tracking_status_text(status=event.tag) or _("Tracking update")
    return EventView(at=event.at, text=text, location=event.location)


def shipment_views(*, shipments: tuple[Shipment, ...], is_full: bool) -> tuple[ShipmentView, ...]:
    views = []
    for shipment in shipments:
        carrier, url_template = _carrier(shipment)
        number = shipment.tracking_number if is_full else ""
        views.append(
            ShipmentView(
                carrier=carrier,
                tracking_number=number,
                tracking_url=url_template.format(number=quote(number, safe=""))
                if number and url_template
                else "",
                status=tracking_status_text(status=shipment.status),
                expected_delivery_at=shipment.expected_delivery_at,
                delivered_at=shipment.delivered_at,
                events=tuple(_event_view(event) for event in shipment.events) if is_full else (),
            )
        )
    return tuple(views)
