"""What the self-service changes take: UltraCart's bounds and the new shipping address, checked first."""

from dataclasses import asdict, dataclass

from portal.ultracart.models import ItemOption

# OrderShipping's limits (UltraCart answers 400 beyond them).
ADDRESS_LIMITS: dict[str, int] = {
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
}
OPTION_LABEL_LIMIT, OPTION_VALUE_LIMIT = 50, 1024
EVERY_DAYS_MAX = 365


@dataclass(frozen=True, slots=True)
class ShippingAddressChange:
    """A new shipping address for every later shipment. "" empties a field (no second line); day_phone None
    keeps the phone on file."""

    first_name: str
    last_name: str
    address1: str
    city: str
    postal_code: str
    country_code: str
    address2: str = ""
    company: str = ""
    state_region: str = ""
    day_phone: str | None = None

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value is not None and len(value) > ADDRESS_LIMITS[name]:
                raise ValueError(f"{name} is longer than UltraCart's {ADDRESS_LIMITS[name]} characters")
        if len(self.country_code) != 2:
            raise ValueError("country_code must be a two-letter ISO code")


def positive_int_check(name: str, value: int, *, maximum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}")


def options_json(options: tuple[ItemOption, ...]) -> list[dict[str, str]]:
    for option in options:
        if not option.name or len(option.name) > OPTION_LABEL_LIMIT or len(option.value) > OPTION_VALUE_LIMIT:
            raise ValueError("an option's label is 1-50 characters and its value at most 1,024")
    return [{"label": option.name, "value": option.value} for option in options]
