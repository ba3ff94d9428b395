"""What the merchant may save in the portal settings: each rule a small function with a clear message.

The model's fields and its clean() call these, so the admin form and `portal_settings_update` refuse the same
values with the same words.
"""

import functools
import io
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template import Template, TemplateSyntaxError

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
MIN_CONTRAST = 4.5  # WCAG 2 AA, normal text: the accent colour carries white button text
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2000
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
SNIPPET_MAX_CHARS = 20_000
_HOST = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def contrast_with_white(color: str) -> float:
    """WCAG 2 contrast ratio of a #rgb or #rrggbb colour against white (1.0 to 21.0)."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def validate_accent_color(value: str) -> None:
    if not HEX_COLOR.fullmatch(value):
        raise ValidationError(
            "Enter a hex colour: # followed by 3 or 6 hex digits, e.g. #2f5d50.", code="hex_color"
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            f"This colour is too light for white text on buttons: its contrast against white is "
            f"{ratio:.2f}:1; WCAG AA needs at least {MIN_CONTRAST}:1. Pick a darker shade.",
            code="contrast",
        )


_HTTPS_URL = URLValidator(schemes=["https"])
_STATIC_IMAGE = re.compile(r"/static/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\.(?:png|jpe?g|webp)", re.IGNORECASE)


def validate_logo_url(value: str) -> None:
    """An https:// image, or one of the portal's own static images (/static/..., printed on invoices too)."""
    if not value:
        return
    if value.lower().startswith("https://"):
        try:  # a plain address: its host goes into every page's CSP, where ';' or a space adds directives
            _HTTPS_URL(value)
        except ValidationError:
            raise ValidationError(
                "That is not a complete https:// address (e.g. https://cdn.example.com/logo.png, no spaces).",
                code="https_url",
            ) from None
        return
    if _STATIC_IMAGE.fullmatch(value) and ".." not in value:
        return
    raise ValidationError(
        "Only an https:// address (or one of the portal's own /static/ images) is accepted here; "
        "or upload a file.",
        code="https_only",
    )


def validate_one_line(value: str) -> None:
    """The store name is the sign-in email's subject: a line break there makes every send fail."""
    if any(ch in value for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValidationError("Keep the store name on one line.", code="one_line")


def validate_time_zone(value: str) -> None:
    """An IANA zone name that this machine's time zone database knows (America/Los_Angeles, UTC)."""
    if value not in time_zone_names():
        raise ValidationError(
            f"{value!r} is not a time zone name; use an IANA name such as America/Los_Angeles or UTC.",
            code="time_zone",
        )


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def validate_web_url(value: str) -> None:
    if value and not value.lower().startswith(("https://", "http://")):
        raise ValidationError("Only an https:// or http:// address is accepted here.", code="web_only")


def validate_logo_image(data: bytes) -> str:
    """The image's content type when `data` really is a PNG, JPEG or WebP of bounded size; else refused."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"The logo file is {len(data) // 1024} KB; the limit is {LOGO_MAX_BYTES // 1024} KB.",
            code="logo_size",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format or "", image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "The logo must be a PNG, JPEG or WebP image (SVG is not accepted).", code="logo_type"
        ) from None
    if kind not in LOGO_FORMATS:
        raise ValidationError(
            "The logo must be a PNG, JPEG or WebP image (SVG is not accepted).", code="logo_type"
        )
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError(
            f"The logo is {width}x{height} pixels; at most {LOGO_MAX_SIDE} pixels a side.", code="logo_side"
        )
    return LOGO_FORMATS[kind]


def validate_snippet(value: str) -> None:
    if len(value) > SNIPPET_MAX_CHARS:
        raise ValidationError(f"The snippet is limited to {SNIPPET_MAX_CHARS} characters.", code="snippet")
    try:
        Template(value)
    except TemplateSyntaxError as error:
        raise ValidationError(f"The snippet's template tags do not parse: {error}", code="snippet") from None


def conversion_hosts_parse(value: str) -> list[str]:
    return [line.strip().rstrip("/") for line in value.splitlines() if line.strip()]


def validate_conversion_hosts(value: str) -> None:
    for host in conversion_hosts_parse(value):
        if not _HOST.fullmatch(host):
            raise ValidationError(
                f"{host!r} is not an https origin such as https://www.googletagmanager.com.", code="host"
            )


def cancel_reasons_parse(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]
