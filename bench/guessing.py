"""1,000 guessing addresses for one simulated hour, while real shoppers arrive: calls spent, shoppers served.

Every 10 minutes each guessing address sends a random well-formed token (a new one each time: 6 an hour,
past the per-address allowance of 5), and every minute one new shopper arrives from an address of their
own with the token of an order placed that minute. The
clock of the limits (portal/core/windows.py) is simulated; UltraCart is the sandbox, and its request log
counts the calls. Two layouts of the guessing addresses: clustered in 4 /24 blocks (one provider's range)
and scattered over 1,000 /24 blocks (a botnet).

Then issue 20's two bursts (a region spent by a dozen guessers; one IPv6 household's 256 /64s), each
followed by fresh shoppers next to it.

    .venv/bin/python bench/guessing.py [--guessers 1000] [--minutes 60]
"""

import argparse
import logging
import secrets
from unittest import mock

import _setup  # noqa: F401 - Django, set up for benchmarks (first)
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from portal.receipts.guard import token_miss_share
from portal.sandbox.server import start_in_thread

LAYOUTS = {
    "clustered (4 /24 blocks, one /16)": lambda i: f"100.64.{i % 4}.{i // 4 % 250 + 1}",
    "scattered (each its own /16)": lambda i: f"{11 + i // 250}.{i % 250}.{i % 9}.1",
}


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _shopper_orders(base: str, count: int) -> list[str]:
    orders = [
        {"order_id": f"DEMO-00093{n:05d}", "billing": {"email": f"shopper{n}@example.com"}}
        for n in range(count)
    ]
    requests.post(f"{base}/_control/orders", json=orders, timeout=10).raise_for_status()
    tokens = requests.get(f"{base}/_control/tokens", timeout=10).json()
    by_id = {entry["order_id"]: entry["order_token"] for entry in tokens}
    return [by_id[order["order_id"]] for order in orders]


def simulate(base: str, layout: str, *, guessers: int, minutes: int) -> dict[str, float]:
    cache.clear()
    requests.post(f"{base}/_control/reset", timeout=10)
    shopper_tokens = _shopper_orders(base, minutes)
    requests.delete(f"{base}/_control/requests", timeout=10)
    address_of, clock, served = LAYOUTS[layout], SimulatedClock(), 0
    with mock.patch("portal.core.windows._now", clock):
        for minute in range(minutes):
            for i in range(guessers if minute % 10 == 0 else 0):
                token = f"DEMO:{secrets.token_urlsafe(24)}=="
                Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR=address_of(i))
            shopper = Client().get(
                "/thank-you/", {"OrderToken": shopper_tokens[minute]}, REMOTE_ADDR=f"198.51.{minute}.20"
            )
            served += shopper.status_code == 200
            clock.now += 60
    log = requests.get(f"{base}/_control/requests", timeout=10).json()
    misses = sum(1 for entry in log if entry["operation"] == "getOrderByToken" and entry["status"] == 404)
    return {
        "guesses": guessers * len(range(0, minutes, 10)),
        "guess_calls": misses,
        "calls": len(log),
        "served": served / minutes,
    }


def burst_then_shoppers(base: str, case: str) -> dict[str, int]:
    """Issue 20's two bursts, then fresh shoppers next to them: guesses, calls they spent, shoppers served.

    region: 12 IPv4 addresses x 5 guesses in one /16, then 10 fresh shoppers in that /16 (item 6).
    ipv6-56: every /64 of one household's /56 (256) x 5 guesses, then 10 fresh shoppers in the neighbouring
    /56s of the same /48 (item 4).
    """
    cache.clear()
    requests.post(f"{base}/_control/reset", timeout=10)
    shopper_tokens = _shopper_orders(base, 10)
    requests.delete(f"{base}/_control/requests", timeout=10)
    if case == "region":
        guessers = [f"100.70.{a}.9" for a in range(12)]
        shoppers = [f"100.70.{200 + i}.{i + 1}" for i in range(10)]
    else:
        guessers = [f"2001:db8:5:{n:x}::1" for n in range(256)]
        shoppers = [f"2001:db8:5:{(i + 1) * 256:x}::1" for i in range(10)]
    for ip in guessers:
        for _guess in range(5):
            token = f"DEMO:{secrets.token_urlsafe(24)}=="
            Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR=ip)
    log = requests.get(f"{base}/_control/requests", timeout=10).json()
    served = sum(
        Client().get("/thank-you/", {"OrderToken": token}, REMOTE_ADDR=ip).status_code == 200
        for ip, token in zip(shoppers, shopper_tokens, strict=True)
    )
    guesses = len(guessers) * 5
    return {"guesses": guesses, "guess_calls": len(log), "served": served, "shoppers": len(shoppers)}


BURSTS = {
    "region": "12 IPv4 addresses x 5 guesses in one /16, then 10 fresh shoppers in that /16",
    "ipv6-56": "256 /64s of one IPv6 /56 x 5 guesses, then 10 fresh shoppers in the next /56s of its /48",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guessers", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # every refused guess is a 503
    server = start_in_thread(port=0)
    base = f"http://127.0.0.1:{server.server_port}"
    settings.ULTRACART_BASE_URL = f"{base}/rest/v2"
    share, per_block = token_miss_share(), settings.PORTAL_TOKEN_MISSES_PER_BLOCK
    print(f"{args.guessers} guessing addresses, {args.minutes} simulated minutes, "
          "a guess per address every 10 minutes, one new shopper a minute")  # fmt: skip
    print(f"limits: {settings.PORTAL_TOKEN_MISSES_PER_HOUR} misses per address, {per_block} per /24 block, "
          f"{share} for everyone before only clean addresses are asked; budget "
          f"{settings.ULTRACART_CALLS_PER_HOUR} calls/hour")  # fmt: skip
    for layout in LAYOUTS:
        result = simulate(base, layout, guessers=args.guessers, minutes=args.minutes)
        print(
            f"{layout:34s} guesses {result['guesses']:6.0f}  UltraCart calls spent by guesses "
            f"{result['guess_calls']:5.0f}  all calls {result['calls']:5.0f}  shoppers served "
            f"{result['served']:6.1%}"
        )
    for case, label in BURSTS.items():
        burst = burst_then_shoppers(base, case)
        print(
            f"{label}: guesses {burst['guesses']}, UltraCart calls spent by guesses {burst['guess_calls']}, "
            f"shoppers served {burst['served']} of {burst['shoppers']}"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
