"""Change the shipping address: every later shipment goes to the new one.

UltraCart rebills from the original order, so the write is original_order.shipping (its own sample changes
the original order for exactly this), and never billing: billing.email is whose subscription it is.
"""

from dataclasses import asdict

from django.utils.translation import gettext as _

from portal import ultracart
from portal.merchant.config import PortalSettings
from portal.subscriptions.errors import ActionRefused
from portal.subscriptions.flows import Change, Data, Done, Plan
from portal.ultracart import Address, AutoOrder, Precondition, ShippingAddressChange

# The form's fields, as ShippingAddressChange names them (phone is day_phone there).
FIELDS = ("first_name", "last_name", "company", "address1", "address2", "city", "state_region",
          "postal_code", "country_code")  # fmt: skip


def address_initial(address: Address | None) -> dict[str, str]:
    """The form prefilled with where it ships now."""
    if address is None:
        return {}
    return {**{name: getattr(address, name) for name in FIELDS}, "phone": address.phone}


def address_lines(address: Address | None) -> str:
    """Name and postal lines, one a line (the review's cells, the email)."""
    if address is None:
        return "—"
    return "\n".join(line for line in (address.full_name, *address.lines) if line) or "—"


def _as_address(change: ShippingAddressChange, phone: str) -> Address:
    values = {name: value for name, value in asdict(change).items() if name != "day_phone"}
    return Address(**values, email="", phone=change.day_phone if change.day_phone is not None else phone)


def shipping_address_plan(*, auto_order: AutoOrder | None, data: Data, config: PortalSettings) -> Plan:
    current = auto_order.shipping if auto_order is not None else None
    phone = str(data.get("phone") or "")
    try:
        address = ShippingAddressChange(
            **{name: str(data.get(name) or "") for name in FIELDS},
            # The phone as it was stays untouched (it may be the evening phone UltraCart read it from).
            day_phone=None if current is not None and phone == current.phone else phone,
        )
    except (TypeError, ValueError) as error:  # the form checks first: a hostile post lands here
        raise ActionRefused(_("Please check the address: a field is missing or too long.")) from error
    before = address_initial(current)
    before["day_phone"] = before.pop("phone", "")
    changed = sorted(n for n, v in asdict(address).items() if v is not None and before.get(n, "") != v)
    return Plan(address=address, detail=f"fields={','.join(changed) or 'none'}")


def shipping_address_review(*, auto_order: AutoOrder, plan: Plan, config: PortalSettings) -> list[Change]:
    assert plan.address is not None  # shipping_address_plan makes sure
    current = auto_order.shipping
    new = _as_address(plan.address, current.phone if current else "")
    changes = [Change(_("Ships to"), address_lines(current), address_lines(new))]
    if new.phone != (current.phone if current else ""):
        changes.append(Change(_("Phone"), (current.phone if current else "") or "—", new.phone or "—"))
    return changes


def shipping_address_write(*, auto_order_oid: int, plan: Plan, precondition: Precondition) -> AutoOrder:
    assert plan.address is not None
    return ultracart.auto_order_shipping_change(
        auto_order_oid=auto_order_oid, address=plan.address, precondition=precondition
    )


def shipping_address_done(*, done: Done) -> str:
    return _("Saved. Your future shipments go to the new address.")
