"""The audit log as CSV, safe to open in a spreadsheet."""

import csv
import io
import json
from collections.abc import Iterable

from portal.merchant.models import AuditEntry

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "at",
    "action",
    "result",
    "email",
    "auto_order_oid",
    "order_id",
    "before",
    "after",
    "detail",
    "ultracart_request_id",
    "client_address",
)


def csv_cell_neutralize(value: object) -> str:
    """The value as text; one a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cell(entry: AuditEntry, column: str) -> object:
    value = getattr(entry, column)
    if column in ("before", "after"):
        return json.dumps(value, sort_keys=True, default=str) if value else ""
    if column == "at":
        return value.isoformat()
    return value


def audit_csv(*, entries: Iterable[AuditEntry]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark: Excel on Windows reads UTF-8 (accents, ñ) only with it
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([csv_cell_neutralize(_cell(entry, column)) for column in COLUMNS])
    return out.getvalue()
