"""UltraCart's wire format: JSON envelopes, error bodies, headers, timestamps and query parameters."""

import json
import secrets
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse

JSON_TYPE = "application/json; charset=UTF-8"
MAX_LIMIT = 200
DEFAULT_LIMIT = 100

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_USER_MESSAGES = {
    400: "The request was not valid.",
    401: "Invalid credentials.",
    404: "The requested object was not found.",
    410: "This authorized application has been disabled.",
    429: "Too many requests. Please try again later.",
    500: "An internal error occurred. Please try again later.",
}


class ApiError(Exception):
    """Raised by views; becomes an ErrorResponse with the UC-REST-ERROR header."""

    def __init__(self, status: int, developer_message: str, *, object_id: str = "") -> None:
        super().__init__(developer_message)
        self.status = status
        self.developer_message = developer_message
        self.object_id = object_id


def request_id() -> str:
    """31 uppercase hex characters, like UltraCart's X-UltraCart-Request-Id."""
    return secrets.token_hex(16).upper()[:31]


def json_response(body: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=JSON_TYPE)
    response["X-UltraCart-Request-Id"] = request_id()
    return response


# The spec's JSON names for payloads whose wire key is not the snake_case payload_name.
_WIRE_KEYS = {"pdf_base64": "pdfBase64", "cancel_reasons": "cancelReasons"}


def envelope(payload_name: str, payload: Any, *, result_set: dict[str, Any] | None = None) -> HttpResponse:
    metadata: dict[str, Any] = {"payload_name": payload_name}
    if result_set is not None:
        metadata = {"result_set": result_set, "payload_name": payload_name}
    key = _WIRE_KEYS.get(payload_name, payload_name)
    return json_response({key: payload, "success": True, "metadata": metadata})


def error_response(status: int, developer_message: str, *, object_id: str = "") -> HttpResponse:
    error: dict[str, Any] = {
        "developer_message": developer_message,
        "user_message": _USER_MESSAGES.get(status, "An error occurred."),
        "error_code": str(status),
    }
    if object_id:
        error["object_id"] = object_id
    response = json_response({"error": error, "success": False, "metadata": {}}, status=status)
    response.reason_phrase = _REASONS.get(status, "Error")
    response["UC-REST-ERROR"] = developer_message
    return response


def timestamp(moment: datetime) -> str:
    """ISO-8601 with a numeric offset and no milliseconds: 2021-04-22T00:00:00+00:00."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_timestamp(text: str) -> datetime:
    """Accept what UltraCart clients send: offsets, 'Z', milliseconds. Naive times are UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_json(request: HttpRequest, *, required: bool = True) -> Any:
    if not request.body:
        if required:
            raise ApiError(400, "A JSON request body is required.")
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"Invalid JSON in the request body: {exc}") from exc


def expansions(request: HttpRequest) -> set[str]:
    """`_expand=a,b.c` -> {"a", "b.c", "b"}: a dotted expansion implies its parent."""
    names: set[str] = set()
    for raw in request.GET.get("_expand", "").split(","):
        name = raw.strip()
        while name:
            names.add(name)
            name = name.rpartition(".")[0]
    return names


def page_params(request: HttpRequest) -> tuple[int, int]:
    try:
        limit = int(request.GET.get("_limit", DEFAULT_LIMIT))
        offset = int(request.GET.get("_offset", 0))
    except ValueError as exc:
        raise ApiError(400, "_limit and _offset must be integers.") from exc
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, f"_limit must be between 1 and {MAX_LIMIT}.")
    if offset < 0:
        raise ApiError(400, "_offset must be zero or more.")
    return limit, offset


def paginate(items: list[Any], *, limit: int, offset: int) -> tuple[list[Any], dict[str, Any]]:
    page = items[offset : offset + limit]
    more = offset + len(page) < len(items)
    result_set: dict[str, Any] = {
        "count": len(page),
        "offset": offset,
        "limit": limit,
        "more": more,
        "total_records": len(items),
    }
    if more:
        result_set["next_offset"] = offset + len(page)
    return page, result_set


def sort_records(records: list[dict[str, Any]], sort: str, key_for: Any) -> list[dict[str, Any]]:
    """`_sort=+shipping.state_region,-shipping.city`: apply the keys last to first (stable sorts)."""
    fields = [f.strip() for f in sort.split(",") if f.strip()]
    for field in reversed(fields):
        descending = field.startswith("-")
        name = field.lstrip("+-").strip()
        records = sorted(records, key=partial(_sort_key, key_for=key_for, name=name), reverse=descending)
    return records


def _sort_key(record: dict[str, Any], *, key_for: Any, name: str) -> tuple[int, Any]:
    return _sortable(key_for(record, name))


def _sortable(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, bool | int | float):
        return (1, float(value))
    return (2, str(value).lower())


def dig(record: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(record, dict):
            return None
        record = record.get(part)
    return record
