"""The visitor's address, for rate limits.

Without a proxy it is REMOTE_ADDR. Behind N trusted reverse proxies (PORTAL_TRUSTED_PROXIES=N), each proxy
appends the address it received the request from to X-Forwarded-For, so the client is the N-th entry from
the right; anything further left was written by the client and cannot be trusted. A value that is not an IP
address falls back to REMOTE_ADDR.

Limits key on `client_network`: the IPv4 address, or the IPv6 /64 (one household or server gets a whole
/64, so per-address limits would be no limit at all).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies = int(settings.PORTAL_TRUSTED_PROXIES)
    if proxies > 0:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= proxies and (forwarded := _address(hops[-proxies])) is not None:
            return str(forwarded)
    return remote


def client_network(request: HttpRequest) -> str:
    address = _address(client_ip(request))
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_block(request: HttpRequest) -> str:
    """The block the visitor's network sits in: the IPv4 /24 or the IPv6 /48 (one site, one provider pool)."""
    address = _address(client_ip(request))
    if address is None:
        return "unknown"
    prefix = 48 if address.version == 6 else 24
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
