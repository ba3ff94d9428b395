"""The visitor's IP address, for rate limits.

Without a proxy it is REMOTE_ADDR. Behind N trusted reverse proxies (PORTAL_TRUSTED_PROXIES=N), each proxy
appends the address it received the request from to X-Forwarded-For, so the client is the N-th entry from
the right; anything further left was written by the client and cannot be trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = int(settings.PORTAL_TRUSTED_PROXIES)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote
