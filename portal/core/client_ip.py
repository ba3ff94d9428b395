"""The visitor's address, for rate limits.

Without a proxy it is REMOTE_ADDR. Behind N trusted reverse proxies (PORTAL_TRUSTED_PROXIES=N), each proxy
appends the address it received the request from to X-Forwarded-For, so the client is the N-th entry from
the right; anything further left was written by the client and cannot be trusted. The header is believed
only when the request comes from PORTAL_TRUSTED_PROXY_NETWORKS (private and loopback ranges by default): a
client reaching the web server directly cannot pick its own address. A value that is not an IP address
falls back to REMOTE_ADDR. An IPv4-mapped IPv6 address (::ffff:1.2.3.4, from a dual-stack listener) is its
IPv4 address.

Limits key on three sizes: `client_network`, the IPv4 address or the IPv6 /56 (an ISP gives a household a
/56 or a /48, so per-/64 limits would let one household count as 256 visitors); `client_block`, the IPv4 /24
or IPv6 /48 (one site); `client_region`, the IPv4 /16 or IPv6 /32 (one provider's allocation: free /48s come
from one).
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@cache
def _trusted_networks(spec: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _from_trusted_proxy(remote: IPAddress | None) -> bool:
    networks = _trusted_networks(str(settings.PORTAL_TRUSTED_PROXY_NETWORKS))
    return remote is not None and any(remote.version == net.version and remote in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies = int(settings.PORTAL_TRUSTED_PROXIES)
    remote_address = _address(remote)
    if proxies > 0 and _from_trusted_proxy(remote_address):
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= proxies and (forwarded := _address(hops[-proxies])) is not None:
            return str(forwarded)
    return str(remote_address) if remote_address is not None else remote


def _prefix(request: HttpRequest, *, v4: int, v6: int) -> str:
    address = _address(client_ip(request))
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{v6}", strict=False))
    return str(ipaddress.ip_network(f"{address}/{v4}", strict=False)) if v4 < 32 else str(address)


def client_network(request: HttpRequest) -> str:
    """One visitor's network: the IPv4 address, or the IPv6 /56 (a household's smallest delegation)."""
    return _prefix(request, v4=32, v6=56)


def client_uses_ipv4(request: HttpRequest) -> bool:
    address = _address(client_ip(request))
    return address is not None and address.version == 4


def client_block(request: HttpRequest) -> str:
    """The block the visitor's network sits in: the IPv4 /24 or the IPv6 /48 (one site, one provider pool)."""
    return _prefix(request, v4=24, v6=48)


def client_region(request: HttpRequest) -> str:
    """The IPv4 /16 or the IPv6 /32: one provider's allocation."""
    return _prefix(request, v4=16, v6=32)
