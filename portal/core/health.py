"""What /healthz checks, and who may see the figures behind the answer.

In public it says only ok / degraded / error per part: calls this hour and the last error times are exactly
what someone guessing tokens needs to time an attack. The figures go to a health token or a staff session.
"""

import hmac

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest

# ultracart_status() also says "unknown" (no call recorded yet): nothing has failed, so in public that is ok.
_PUBLIC_ULTRACART = {"ok": "ok", "unknown": "ok", "degraded": "degraded", "error": "error"}


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        return False


def cache_ok() -> bool:
    try:
        cache.set("healthz:probe", "1", 10)
        return bool(cache.get("healthz:probe") == "1")
    except Exception:  # any backend failure (Redis down) means "not ok", never a 500 here
        return False


def public_ultracart_state(status: dict[str, object]) -> str:
    return _PUBLIC_ULTRACART.get(str(status.get("status")), "degraded")


def overall_state(parts: dict[str, str]) -> str:
    # The database is the one thing we cannot serve without; a cold cache or a busy UltraCart degrade.
    if parts["database"] != "ok":
        return "error"
    return "ok" if all(state == "ok" for state in parts.values()) else "degraded"


def health_figures_allowed(request: HttpRequest) -> bool:
    """A staff session, or `Authorization: Bearer <PORTAL_HEALTH_TOKEN>` (an empty setting admits nobody)."""
    expected = str(settings.PORTAL_HEALTH_TOKEN)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if expected and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), expected.encode()):
        return True
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_active and user.is_staff)
    except DatabaseError:  # sessions live in the database; when it is down /healthz must still answer
        return False
