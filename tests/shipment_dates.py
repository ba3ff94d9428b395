"""The demo schedule's dates, read from the sandbox (they are relative to its start-up, never fixed)."""

from datetime import date

from django.utils.formats import date_format

from portal.ultracart.auto_orders import AUTO_ORDER_EXPANSION
from tests.sandbox_control import SandboxControl


def shipment_stamps(sandbox: SandboxControl, oid: int) -> list[str]:
    """The first item's future_schedules shipment_dts, soonest first (the next shipment is the first)."""
    body = sandbox.api(
        "GET", f"/auto_order/auto_orders/{oid}", params={"_expand": AUTO_ORDER_EXPANSION}
    ).json()
    return [s["shipment_dts"] for s in body["auto_order"]["items"][0]["future_schedules"]]


def shipment_days(sandbox: SandboxControl, oid: int) -> list[str]:
    """The same as YYYY-MM-DD, the calendar day UltraCart sent (how the pages and forms name a shipment)."""
    return [stamp[:10] for stamp in shipment_stamps(sandbox, oid)]


def shown(day: str | date) -> str:
    """A day as the (active language's) page writes it: "Feb. 1, 2027"."""
    return date_format(date.fromisoformat(day) if isinstance(day, str) else day, "DATE_FORMAT")
