"""updateAutoOrder: the fields subscription self-service writes, checked as UltraCart documents them.

- items[]: `arbitrary_quantity` (a number above 0), `arbitrary_schedule_days` (whole days, at least 1),
  `arbitrary_unit_cost` (0 or more) with `arbitrary_unit_cost_remaining_orders` (0 or more),
  `arbitrary_percentage_discount` (0 to 100), `options` ([{label ≤ 50, value ≤ 1024}]), and no `frequency`
  on an item that follows a fixed multi-step program.
- `cancel_after_next_x_orders`: whole rebills, 0 or more (0: no limit).
- `add_ons`: the whole list, replaced by what is sent. A write read without the `add_ons` expansion carries
  none, so it drops the existing ones, as UltraCart does.
- `original_order.billing` / `.shipping`: written through to the original order (UltraCart's own sample
  changes the original order to change every later rebill), within OrderShipping's limits: names 30,
  company and address lines 50, city and state 32, postal code 20, country code 2, phones 25 characters.
  Read-only fields sent back (day_phone_e164, tracking, weight...) are ignored, like UltraCart does.
"""

from typing import Any

from portal.sandbox.catalog import program_steps
from portal.sandbox.wire import ApiError

ADDRESS_LIMITS = {
    "title": 50,
    "first_name": 30,
    "last_name": 30,
    "company": 50,
    "address1": 50,
    "address2": 50,
    "city": 32,
    "state_region": 32,
    "postal_code": 20,
    "country_code": 2,
    "day_phone": 25,
    "evening_phone": 25,
}
_WRITABLE = {"billing": (*ADDRESS_LIMITS, "email"), "shipping": (*ADDRESS_LIMITS, "ship_to_residential")}
_OPTION_LABEL, _OPTION_VALUE = 50, 1024


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_int(name: str, value: Any, *, minimum: int) -> None:
    if value is not None and (not _is_int(value) or value < minimum):
        raise ApiError(400, f"{name} must be a whole number of at least {minimum}.")


def _check_number(
    name: str, value: Any, *, minimum: float, above: bool = False, maximum: float = 1e9
) -> None:
    if value is None:
        return
    if not _is_number(value) or value < minimum or (above and value == minimum) or value > maximum:
        bound = f"above {minimum:g}" if above else f"between {minimum:g} and {maximum:g}"
        raise ApiError(400, f"{name} must be a number {bound}.")


def _check_options(name: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(option, dict) for option in value):
        raise ApiError(400, f"{name} must be a list of options.")
    for option in value:
        label, text = option.get("label"), option.get("value")
        if not isinstance(label, str) or not label or len(label) > _OPTION_LABEL:
            raise ApiError(400, f"{name}[].label must be text of 1 to {_OPTION_LABEL} characters.")
        if not isinstance(text, str) or len(text) > _OPTION_VALUE:
            raise ApiError(400, f"{name}[].value must be text of at most {_OPTION_VALUE} characters.")


def item_fields_check(change: dict[str, Any], before: dict[str, Any]) -> None:
    """400 for a changed item whose self-service fields UltraCart would refuse."""
    _check_number("arbitrary_quantity", change.get("arbitrary_quantity"), minimum=0, above=True)
    _check_int("arbitrary_schedule_days", change.get("arbitrary_schedule_days"), minimum=1)
    _check_number("arbitrary_unit_cost", change.get("arbitrary_unit_cost"), minimum=0)
    _check_int(
        "arbitrary_unit_cost_remaining_orders", change.get("arbitrary_unit_cost_remaining_orders"), minimum=0
    )
    _check_number(
        "arbitrary_percentage_discount", change.get("arbitrary_percentage_discount"), minimum=0, maximum=100
    )
    _check_options("options", change.get("options"))
    frequency = change.get("frequency")
    if frequency and frequency != before.get("frequency") and program_steps({**before, **change}):
        raise ApiError(400, "This item follows a fixed multi-step schedule; it has no frequency to change.")


def add_ons_checked(sent: Any, *, known_ids: set[str]) -> list[dict[str, Any]]:
    """The auto order's new add-on list (absent: none, as UltraCart replaces the list with what is sent)."""
    if sent is None:
        return []
    if not isinstance(sent, list) or not all(isinstance(add_on, dict) for add_on in sent):
        raise ApiError(400, "add_ons must be a list of add-on items.")
    for add_on in sent:
        item_id = add_on.get("item_id")
        if not isinstance(item_id, str) or item_id not in known_ids:
            raise ApiError(400, f"Unknown item id {item_id!r} in add_ons.", object_id=str(item_id))
        _check_int("add_ons[].quantity", add_on.get("quantity"), minimum=1)
        _check_int("add_ons[].next_x_orders", add_on.get("next_x_orders"), minimum=1)
        _check_number("add_ons[].arbitrary_unit_cost", add_on.get("arbitrary_unit_cost"), minimum=0)
        if "free_shipping" in add_on and not isinstance(add_on["free_shipping"], bool):
            raise ApiError(400, "add_ons[].free_shipping must be true or false.")
        _check_options("add_ons[].options", add_on.get("options"))
    return [{key: value for key, value in add_on.items() if value is not None} for add_on in sent]


def auto_order_fields_check(body: dict[str, Any]) -> None:
    _check_int("cancel_after_next_x_orders", body.get("cancel_after_next_x_orders"), minimum=0)


def original_order_written(order: dict[str, Any] | None, sent: Any) -> dict[str, Any] | None:
    """The original order with the sent billing/shipping written in, or None when nothing is to be written."""
    if sent is None or order is None:
        return None
    if not isinstance(sent, dict):
        raise ApiError(400, "original_order must be an order object.")
    written = dict(order)
    for section, writable in _WRITABLE.items():
        if sent.get(section) is None:
            continue  # not expanded on the read, so not sent: left as it is
        fields = sent[section]
        if not isinstance(fields, dict):
            raise ApiError(400, f"original_order.{section} must be an object.")
        for name, limit in ADDRESS_LIMITS.items():
            value = fields.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                raise ApiError(
                    400, f"original_order.{section}.{name} must be text of at most {limit} characters."
                )
        merged = dict(order.get(section) or {})
        if fields.get("day_phone") not in (None, merged.get("day_phone")):
            merged.pop("day_phone_e164", None)  # derived by UltraCart from day_phone; stale now
        merged.update({name: fields[name] for name in writable if fields.get(name) is not None})
        written[section] = merged
    return written
