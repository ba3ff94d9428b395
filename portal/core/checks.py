"""Start-up checks: PORTAL_BASE_URL on every start (`check`, `migrate`, `runserver`), and, for
`manage.py check --deploy`, the UltraCart settings a production portal must not run without."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, Warning, register
from django.http.request import validate_host


@register()
def portal_base_url_check(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Every emailed link is built from PORTAL_BASE_URL: it must be a plain http(s) origin we answer on."""
    value = str(settings.PORTAL_BASE_URL)
    parts = urlsplit(value)
    hint = "Set PORTAL_BASE_URL to where customers reach the portal, e.g. https://portal.example.com"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Error(f"PORTAL_BASE_URL {value!r} is not an http or https URL.", hint=hint, id="portal.E001")]
    if parts.query or parts.fragment or parts.username or parts.password or parts.path not in ("", "/"):
        return [
            Error(
                "PORTAL_BASE_URL must be an origin only (no path, query, fragment or credentials).",
                hint=hint,
                id="portal.E002",
            )
        ]
    messages: list[CheckMessage] = []
    if settings.HTTPS and parts.scheme != "https":
        messages.append(
            Error(
                "PORTAL_BASE_URL is http while HTTPS is on: emailed links would be sent in clear.",
                hint=hint,
                id="portal.E003",
            )
        )
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        messages.append(
            Warning(
                f"PORTAL_BASE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: its links would fail.",
                hint="Add the host to ALLOWED_HOSTS, or correct PORTAL_BASE_URL.",
                id="portal.W004",
            )
        )
    return messages


@register(Tags.security, deploy=True)
def ultracart_settings_check(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.ULTRACART_API_KEY == "sandbox-key":
        messages.append(
            Warning(
                "ULTRACART_API_KEY is not set: the portal talks to the embedded sandbox, not UltraCart.",
                hint="Set ULTRACART_API_KEY to the merchant's simple API key.",
                id="portal.W001",
            )
        )
    if not settings.ULTRACART_BASE_URL.startswith("https://"):
        messages.append(
            Warning(
                "ULTRACART_BASE_URL is not https: the API key would travel in clear text.",
                hint="Leave ULTRACART_BASE_URL unset (https://secure.ultracart.com/rest/v2) or use https.",
                id="portal.W002",
            )
        )
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        messages.append(
            Warning(
                "The cache is local memory: each worker process keeps its own UltraCart budget, rate "
                "limits and cached answers, so the limits do not hold across workers.",
                hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1.",
                id="portal.W003",
            )
        )
    if settings.PORTAL_TRUSTED_PROXIES == 0:
        messages.append(
            Info(
                "PORTAL_TRUSTED_PROXIES is 0: rate limits key on REMOTE_ADDR. Behind a reverse proxy "
                "that is the proxy, and every visitor would share one limit.",
                hint="Set PORTAL_TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For.",
                id="portal.I001",
            )
        )
    return messages
