"""`manage.py check --deploy`: the UltraCart settings a production portal must not run without."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


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
    return messages
