"""Absolute links for emails, built from PORTAL_BASE_URL, never from the request (its Host can be forged)."""

from django.conf import settings


def portal_url(path: str) -> str:
    """`path` (one of our own, from reverse()) on the configured base URL: "https://portal.example.com/x/"."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("portal_url takes a path of ours, starting with one slash")
    return f"{str(settings.PORTAL_BASE_URL).rstrip('/')}{path}"
