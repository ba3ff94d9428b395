"""Freshness: cache keys, TTLs, the stale fallback and invalidation for everything read from UltraCart.

Every cached value is written twice: a fresh copy that lives for its TTL, and a stale copy that lives for
ULTRACART_STALE_SECONDS (default a week). Reads use the fresh copy; when UltraCart cannot be asked (our
budget is spent, it answers 429, or it is down) we serve the stale copy rather than an error page.
Invalidation removes fresh copies only: the stale ones are a last resort, never a first answer.

Emails and tokens never appear in keys: they are HMAC-hashed with SECRET_KEY. Per-customer lists carry a
version number, so invalidating a customer is one write whatever the number of pages cached.
"""

import hashlib
import hmac
import json
import logging
import random
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from portal.core.cache_safe import cache_fail_open
from portal.core.emails import email_key
from portal.core.windows import window_add, window_counts
from portal.ultracart.client import call_deadline
from portal.ultracart.errors import BadCredentials, BadResponse, NotFound, RateLimited, Unavailable

logger = logging.getLogger("portal.ultracart")

# Bump when a model changes shape, so pickled objects of the old shape are simply not found.
# v2: Shipment status and dates, TrackingEvent.tag, TaxLine.rate, Order card fields; v4: AutoOrder's
# self-service fields, language and currency_code, catalogue items.
_SCHEMA = "uc:v4"
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")

TTL_ORDER = 10 * 60  # webhooks and the customer's own actions invalidate sooner
TTL_TOKEN = 24 * 3600  # a token always names the same order
TTL_ORDER_LIST = 5 * 60
TTL_RECEIPT = 60 * 60
TTL_INVOICE = 60 * 60
TTL_AUTO_ORDER = 5 * 60
TTL_AUTO_ORDER_LIST = 5 * 60
TTL_ITEM = 60 * 60  # a catalogue item (name, price, options) changes rarely; a confirm reuses the review's
TTL_CUSTOMER_VERSION = 30 * 24 * 3600
# "UltraCart has no such thing" is remembered briefly, so a bot retrying a bad link costs one call a minute.
TTL_NOT_FOUND = 60
NOT_FOUND = "__ultracart_not_found__"


def _stale_seconds() -> int:
    return int(settings.ULTRACART_STALE_SECONDS)


def _digest(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()[:32]


def _id(value: str | int) -> str:
    text = str(value)
    return text if _SAFE_ID.fullmatch(text) else _digest(text)


def _email(email: str) -> str:
    return _digest(email_key(email))


# Keys, one per data need. Fresh keys; stale copies live under stale_key_of(key).
def key_order(order_id: str) -> str:
    return f"{_SCHEMA}:order:{_id(order_id)}"


def key_token(token: str) -> str:
    return f"{_SCHEMA}:token:{_digest(token)}"


def key_receipt(order_id: str) -> str:
    return f"{_SCHEMA}:receipt:{_id(order_id)}"


def key_invoice(order_id: str) -> str:
    return f"{_SCHEMA}:invoice:{_id(order_id)}"


def key_auto_order(auto_order_oid: int) -> str:
    return f"{_SCHEMA}:auto_order:{_id(auto_order_oid)}"


# One version per list kind: a change to a subscription forgets the auto order list, not the order history.
CUSTOMER_LISTS = ("orders", "auto_orders")


def key_item(item_id: str) -> str:
    return f"{_SCHEMA}:item:{_id(item_id)}"


def _customer_version_key(email: str, kind: str) -> str:
    return f"{_SCHEMA}:customer_version:{kind}:{_email(email)}"


def _customer_version(email: str, kind: str) -> str:
    with cache_fail_open("ultracart cache: customer list version unknown"):
        return str(cache.get(_customer_version_key(email, kind)) or "0")
    return "0"


def key_order_list(email: str, *, limit: int, offset: int) -> tuple[str, str]:
    """(fresh key, stale key): the fresh one carries the customer's version, the stale one does not."""
    base = f"orders:{_email(email)}:{limit}:{offset}"
    return f"{_SCHEMA}:{base}:v{_customer_version(email, 'orders')}", stale_key_of(f"{_SCHEMA}:{base}")


def key_order_pages(email: str, *, limit: int) -> str:
    """How many pages of `limit` orders the customer is known to have (moves with their order lists)."""
    return f"{_SCHEMA}:order_pages:{_email(email)}:{limit}:v{_customer_version(email, 'orders')}"


def key_auto_order_list(email: str) -> tuple[str, str]:
    base = f"auto_orders:{_email(email)}"
    return f"{_SCHEMA}:{base}:v{_customer_version(email, 'auto_orders')}", stale_key_of(f"{_SCHEMA}:{base}")


def stale_key_of(key: str) -> str:
    return key.replace(f"{_SCHEMA}:", f"{_SCHEMA}:stale:", 1)


def _log(operation: str, state: str) -> None:
    logger.debug(json.dumps({"operation": operation, "outcome": "ok", "status": None, "cache": state}))
    _sample(state)


# The hit rate for the admin's API status page, from a 1-in-10 sample of reads (hit, stale or miss), so a
# warm page pays a cache write only one time in ten.
_SAMPLE_EVERY = 10


def _sample(state: str) -> None:
    if random.randrange(_SAMPLE_EVERY):
        return
    with cache_fail_open("ultracart cache: read not counted"):
        window_add([f"uc:cache-reads:{state}"])


def cache_hit_rate() -> tuple[float | None, int]:
    """(share of UltraCart reads answered from the cache in the last hour or so, reads sampled)."""
    with cache_fail_open("ultracart cache: hit rate unknown"):
        hits, stale, misses = window_counts([f"uc:cache-reads:{state}" for state in ("hit", "stale", "miss")])
        total = hits + stale + misses
        return ((hits + stale) / total if total else None), total * _SAMPLE_EVERY
    return None, 0


def cache_get(key: str) -> Any:
    with cache_fail_open("ultracart cache: read failed"):  # an outage costs a call, never a page
        return cache.get(key)
    return None


def cache_get_any(key: str) -> Any:
    """The fresh copy, else the stale one, else None: for when UltraCart cannot be asked at all."""
    value = cache_get(key)
    return value if value is not None and value != NOT_FOUND else cache_get(stale_key_of(key))


def cache_store(key: str, value: Any, *, ttl: int, stale_key: str | None = None) -> None:
    with cache_fail_open("ultracart cache: write failed"):
        cache.set(key, value, timeout=ttl)
        cache.set(stale_key or stale_key_of(key), value, timeout=max(ttl, _stale_seconds()))


def cache_store_many(values: dict[str, Any], *, ttl: int) -> None:
    """cache_store for several values in two round trips (fresh copies, then stale ones)."""
    if not values:
        return
    with cache_fail_open("ultracart cache: write failed"):
        cache.set_many(values, timeout=ttl)
        cache.set_many({stale_key_of(k): v for k, v in values.items()}, timeout=max(ttl, _stale_seconds()))


def cache_remember_not_found(key: str) -> None:
    with cache_fail_open("ultracart cache: write failed"):
        cache.set(key, NOT_FOUND, timeout=TTL_NOT_FOUND)


def cache_read_through[T](
    *, operation: str, key: str, ttl: int, fetch: Callable[[], T], stale_key: str | None = None
) -> T:
    """The cached value, or fetch() and cache it; when UltraCart cannot answer, the stale copy if any.

    With a stale copy in hand, UltraCart gets ULTRACART_STALE_DEADLINE rather than the whole deadline:
    a warm page never waits long for an answer it can do without. Only a true "no such object" (NotFound,
    UltraCart's 404) beats the stale copy; an outage, our own limits, a malformed answer, any other 4xx and
    a refused key (401/410, the merchant must fix it) all serve it.
    """
    value: T | None = cache_get(key)  # whatever fetch() stored under this key
    if value == NOT_FOUND:
        _log(operation, "hit")
        raise NotFound("UltraCart had no such object a moment ago", operation=operation, status=404)
    if value is not None:
        _log(operation, "hit")
        return value
    stale: T | None = cache_get(stale_key or stale_key_of(key))
    try:
        if stale is None:
            value = fetch()
        else:
            with call_deadline(seconds=float(settings.ULTRACART_STALE_DEADLINE)):
                value = fetch()
    except NotFound:
        cache_remember_not_found(key)
        raise
    except (RateLimited, Unavailable, BadResponse, BadCredentials):  # whatever is not "no such object"
        if stale is None:
            raise
        _log(operation, "stale")
        return stale
    _sample("miss")
    cache_store(key, value, ttl=ttl, stale_key=stale_key)
    return value


def _delete(*keys: str) -> None:
    with cache_fail_open("ultracart cache: invalidation failed"):
        cache.delete_many(list(keys))


def customer_cache_invalidate(*, email: str, lists: tuple[str, ...] = CUSTOMER_LISTS) -> None:
    """Forget the customer's order and/or auto order lists (all pages) by moving them to a new version."""
    if not email:
        return
    version = uuid.uuid4().hex[:12]
    with cache_fail_open("ultracart cache: invalidation failed"):
        cache.set_many(
            {_customer_version_key(email, kind): version for kind in lists}, timeout=TTL_CUSTOMER_VERSION
        )


def order_cache_invalidate(*, order_id: str) -> None:
    """Forget one order (and its receipt, invoice, and the lists it appears in)."""
    order = cache_get(key_order(order_id))
    _delete(key_order(order_id), key_receipt(order_id), key_invoice(order_id))
    if order is not None and getattr(order, "email", None):
        customer_cache_invalidate(email=order.email)


def auto_order_cache_invalidate(*, auto_order_oid: int) -> None:
    """Forget one auto order (and the customer's auto order list it appears in)."""
    auto_order = cache_get(key_auto_order(auto_order_oid))
    _delete(key_auto_order(auto_order_oid))
    if auto_order is not None and getattr(auto_order, "email", None):
        customer_cache_invalidate(email=auto_order.email, lists=("auto_orders",))


def auto_order_list_cache_update(*, email: str, auto_order: Any) -> None:
    """After a write: UltraCart's answer replaces that auto order in the customer's cached list (same place
    in it), so the next list page costs no getAutoOrdersByQuery. A list not cached, or cached without this
    auto order, is forgotten instead: the next page reads it afresh."""
    key, stale_key = key_auto_order_list(email)
    listed = cache_get(key)
    oid = getattr(auto_order, "auto_order_oid", None)
    listed_oids = {getattr(entry, "auto_order_oid", None) for entry in listed or ()}
    if not isinstance(listed, tuple) or oid not in listed_oids:
        customer_cache_invalidate(email=email, lists=("auto_orders",))
        return
    updated = tuple(auto_order if entry.auto_order_oid == oid else entry for entry in listed)
    cache_store(key, updated, ttl=TTL_AUTO_ORDER_LIST, stale_key=stale_key)
