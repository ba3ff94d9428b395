"""`manage.py check --deploy`: the UltraCart settings a production portal must not run without."""

from django.conf import settings
from django.core.checks import CheckMessage, Info, Tags, Warning, register


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
