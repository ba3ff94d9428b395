"""Checks JSON against the official SDK's models: every field name at every depth, types, enums, limits.

The SDK accepts unknown keys silently (they become additional properties), so names are checked here by
walking its `openapi_types`; types, enums and length limits by its own strict conversion.
"""

from typing import Any

from ultracart import Configuration
from ultracart.model_utils import OpenApiModel, validate_and_convert_types


def unknown_fields(value: Any, model: type, path: str = "") -> list[str]:
    """Dotted paths of the keys the SDK's model does not know, at every depth."""
    if not isinstance(value, dict) or not issubclass(model, OpenApiModel):
        return []
    types: dict[str, tuple[Any, ...]] = getattr(model, "openapi_types")  # an untyped classproperty
    found = []
    for key, inner in value.items():
        where = f"{path}{key}"
        if key not in types:
            found.append(where)
            continue
        declared = types[key][0]
        if isinstance(declared, list):
            for element in inner if isinstance(inner, list) else []:
                found += unknown_fields(element, declared[0], f"{where}[].")
        elif isinstance(declared, type):
            found += unknown_fields(inner, declared, f"{where}.")
    return found


def sdk_accepts(value: dict[str, Any], model: type) -> None:
    """Raises the SDK's own error when a type, an enum value or a length limit does not fit."""
    validate_and_convert_types(value, (model,), ["body"], True, True, configuration=Configuration())
