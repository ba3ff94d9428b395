"""Saving the portal settings record: validated, audited (who changed which fields), published at once."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from portal.merchant.actions import AuditAction
from portal.merchant.audit import audit_record
from portal.merchant.config import (
    PLAIN_FIELDS,
    PortalSettings,
    logo_digest,
    portal_settings_defaults,
    portal_settings_get,
    portal_settings_invalidate,
)
from portal.merchant.models import PortalConfiguration
from portal.merchant.validation import validate_logo_image, validate_logo_url

# Long or binary fields: the audit says they changed, not what they hold.
_SUMMARIZED = {"conversion_snippet", "conversion_hosts", "logo_image"}
LOGO_FIELD = "logo_image"


def portal_settings_record() -> PortalConfiguration:
    """The saved record, or a new unsaved one holding today's values (the environment defaults)."""
    record = PortalConfiguration.objects.filter(pk=1).first()
    if record is not None:
        return record
    d = portal_settings_defaults()
    return PortalConfiguration(
        **{name: getattr(d, name) for name in PLAIN_FIELDS},
        logo_url=d.logo_url if _logo_url_ok(d.logo_url) else "",
        storefront_url=d.storefront_url,
        subscription_actions=sorted(d.subscription_actions),
        subscription_min_lead_days=d.subscription_min_lead_days,
        subscription_cancel_reasons="\n".join(d.subscription_cancel_reasons),
        subscription_item_rules=settings.PORTAL_SUBSCRIPTION_ITEM_RULES.replace("|", "\n"),
        subscription_add_on_items="\n".join(d.subscription_add_on_items),
        subscription_save_offer_map="\n".join(
            f"{reason}: {', '.join(offers)}" for reason, offers in d.subscription_save_offer_map
        ),
    )


def _logo_url_ok(value: str) -> bool:
    try:
        validate_logo_url(value)
    except ValidationError:
        return False
    return True


def record_values(record: PortalConfiguration) -> dict[str, Any]:
    """The record's editable values as JSON-friendly data (what the audit compares)."""
    values = model_to_dict(record, exclude=["id"])
    values[LOGO_FIELD] = record.logo_digest[:16]
    return values


# One value a line, in no particular order (each is allowed in the CSP).
_LINE_SETS = {"conversion_hosts", "subscription_add_on_items"}
# Values whose order means nothing: a set of checkboxes, a list of allowed hosts.
_UNORDERED = (list, tuple, set, frozenset)


def _normalised(value: Any) -> Any:
    """What a value means, for "did it change": a browser's \r\n line ends, trailing spaces and the order of a
    set are not changes (the audit listed 7 changed fields for 4 real changes)."""
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip()
    if isinstance(value, _UNORDERED):
        return sorted(_normalised(item) for item in value)
    return value


def _meaning(name: str, value: Any) -> Any:
    if name in _LINE_SETS and isinstance(value, str):
        return sorted(line.strip() for line in value.splitlines() if line.strip())
    return _normalised(value)


def _audit_view(values: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {name: ("(changed)" if name in _SUMMARIZED else values.get(name)) for name in fields}


def logo_attach(*, record: PortalConfiguration, data: bytes | None) -> None:
    """Put an uploaded logo on the record (validated: a real PNG, JPEG or WebP); None removes it."""
    if data is None:
        record.logo_image, record.logo_content_type, record.logo_digest = b"", "", ""
        return
    record.logo_content_type = validate_logo_image(data)
    record.logo_image, record.logo_digest = data, logo_digest(data)


def portal_settings_save(
    *, record: PortalConfiguration, before: Mapping[str, Any], actor: str, client_address: str = ""
) -> list[str]:
    """Save a validated record, publish it to every worker after commit, and audit the changed fields."""
    after = record_values(record)
    changed = [name for name in after if _meaning(name, after[name]) != _meaning(name, before.get(name))]
    with transaction.atomic():
        record.updated_by = actor[:150]
        record.save()
        portal_settings_invalidate()
        audit_record(
            action=AuditAction.PORTAL_SETTINGS,
            result="ok",
            before=_audit_view(before, changed),
            after=_audit_view(after, changed),
            detail=f"staff {actor}: {', '.join(changed) or 'no field changed'}",
            client_address=client_address,
        )
    return changed


def portal_settings_update(
    *,
    changes: Mapping[str, Any],
    actor: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> PortalSettings:
    """Change some settings (creating the record from the defaults if needed); refused values raise
    django.core.exceptions.ValidationError with the same messages as the admin form."""
    record = portal_settings_record()
    before = record_values(record)
    for name, value in changes.items():
        if name not in before or name == LOGO_FIELD:
            raise ValueError(f"unknown portal setting {name!r}")
        setattr(record, name, value)
    if logo is not None or remove_logo:
        logo_attach(record=record, data=logo)
    record.full_clean()
    portal_settings_save(record=record, before=before, actor=actor)
    return portal_settings_get()
