"""The order token from UltraCart's Custom Thank-You URL: find it in the query string and check its shape.

A token looks like `DEMO:<base64>`. Anything else is refused before it costs an UltraCart call.
"""

import re

from django.http import QueryDict

# UltraCart's placeholder is `[OrderToken]`; merchants and tools spell the parameter in these ways.
TOKEN_PARAMETERS = ("OrderToken", "orderToken", "order_token")
MAX_TOKEN_LENGTH = 256
# Merchant id, one colon, then base64 (standard or URL-safe alphabet, optional padding).
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9]{1,32}:[A-Za-z0-9+/_-]{8,}={0,2}")


def order_token_from_query(*, query: QueryDict) -> str | None:
    """The token if the query carries a well-formed one, else None."""
    raw = next((value for name in TOKEN_PARAMETERS if (value := query.get(name))), "")
    # An unencoded `+` in a query string decodes to a space; a token never contains a space.
    token = raw.strip().replace(" ", "+")
    if not token or len(token) > MAX_TOKEN_LENGTH or not _TOKEN_SHAPE.fullmatch(token):
        return None
    return token
