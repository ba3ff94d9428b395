"""The merchant's uploaded logo, served from the database so every worker has it without shared storage."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from portal.merchant.config import logo_path
from portal.merchant.models import PortalConfiguration


@require_safe
def brand_logo(request: HttpRequest, name: str) -> HttpResponse:
    # The name is checked before the image is read: a wrong name (anyone may send one) costs no blob read.
    record = PortalConfiguration.objects.defer("logo_image").filter(pk=1).first()
    if record is None or not record.logo_digest:
        raise Http404
    if logo_path(digest=record.logo_digest, content_type=record.logo_content_type).rsplit("/", 1)[1] != name:
        raise Http404  # an old logo's name: its URL carries the digest, so it may be cached for a year
    response = HttpResponse(bytes(record.logo_image), content_type=record.logo_content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
