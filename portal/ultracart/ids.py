"""Order ids as they may appear in an UltraCart URL path.

UltraCart order ids are `<MERCHANT>-<digits>` (or the dated `<MERCHANT>-YYYYMMDDHHMM-RRRRRR` scheme). An id
from a URL that is anything else (".", "..", slashes, newlines) would change which endpoint we call, so it is
refused as "not found" before any request is made.
"""

import re
from urllib.parse import quote

from portal.ultracart.errors import NotFound

_ORDER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def order_id_path_segment(order_id: str, *, operation: str) -> str:
    if not _ORDER_ID.fullmatch(order_id):
        raise NotFound("not an UltraCart order id", operation=operation)
    return quote(order_id, safe="")
