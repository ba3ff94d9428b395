"""GET /healthz, for load balancers and monitoring: the state in public, figures by token or to staff."""

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.core import health
from portal.ultracart.health import ultracart_status


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    ultracart = ultracart_status()
    parts = {
        "database": "ok" if health.database_ok() else "error",
        "cache": "ok" if health.cache_ok() else "error",
        "ultracart": health.public_ultracart_state(ultracart),
    }
    body: dict[str, object] = {"status": health.overall_state(parts), **parts}
    if health.health_figures_allowed(request):
        body["figures"] = {"ultracart": ultracart}
    response = JsonResponse(body, status=200 if parts["database"] == "ok" else 503)
    patch_vary_headers(response, ["Authorization"])
    return response
