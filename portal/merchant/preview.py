""" "Preview thank-you page": staff open an order's thank-you page as the customer would see it.

The portal asks UltraCart for the order's token (generateOrderToken) and reads the order through it, as the
customer's link does. The preview itself lives under the admin URL only, behind the admin's staff check: the
public thank-you page has no preview switch at all, so no visitor can trigger preview behaviour. Its link
carries a signed value naming the order and the staff user, valid for PREVIEW_MINUTES, never the token: a
reload after that cannot replay the customer's link (and so can never be the counted first view).
Nothing is granted to the staff session, no first view is recorded, and the conversion snippet is off.
"""

from dataclasses import dataclass

from django.core import signing

from portal.ultracart import (
    NotFound,
    Order,
    UltraCartError,
    order_get,
    order_get_by_token,
    order_token_generate,
)

PREVIEW_SALT = "portal.merchant.preview"
PREVIEW_MINUTES = 15


class PreviewError(Exception):
    """The order could not be opened; `message` says why, for the staff member, and `result` for the audit."""

    def __init__(self, message: str, *, result: str) -> None:
        super().__init__(message)
        self.message = message
        self.result = result


@dataclass(frozen=True, slots=True)
class PreviewLink:
    order_id: str
    signed: str  # for the preview page's ?p=


def preview_order_open(*, order_id: str, staff_id: int) -> PreviewLink:
    """Ask UltraCart for a token, read the order through it, and sign a short-lived preview link."""
    try:
        token = order_token_generate(order_id=order_id)
        order = order_get_by_token(token=token)
    except NotFound as exc:
        raise PreviewError(f"UltraCart has no order {order_id}.", result="not_found") from exc
    except UltraCartError as exc:
        raise PreviewError(
            "UltraCart did not answer just now, so no preview could be made. Please try again in a minute.",
            result="unavailable",
        ) from exc
    signed = signing.dumps({"o": order.order_id, "u": staff_id}, salt=PREVIEW_SALT, compress=True)
    return PreviewLink(order_id=order.order_id, signed=signed)


def preview_link_read(*, signed: str, staff_id: int) -> str | None:
    """The order id of a preview link this staff user made in the last PREVIEW_MINUTES, else None."""
    try:
        value = signing.loads(signed, salt=PREVIEW_SALT, max_age=PREVIEW_MINUTES * 60)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(value, dict) or value.get("u") != staff_id or not isinstance(value.get("o"), str):
        return None
    order_id: str = value["o"]
    return order_id


def preview_order_get(*, order_id: str) -> Order:
    """The order for the preview page (the token read cached it). Raises UltraCartError."""
    return order_get(order_id=order_id)
