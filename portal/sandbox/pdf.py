"""`generateInvoice`: a small, valid, multi-page PDF written by hand (Helvetica, WinAnsi text)."""

import base64
from typing import Any

_LINES_PER_PAGE = 48
_PAGE_WIDTH, _PAGE_HEIGHT = 612, 792


def _pdf_text(text: str) -> bytes:
    """A PDF literal string: WinAnsi bytes (unknown characters become '?'), with ( ) \\ escaped."""
    raw = text.replace("\n", " ").encode("cp1252", errors="replace")
    return (
        b"("
        + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b" ")
        + b")"
    )


def invoice_lines(order: dict[str, Any]) -> list[str]:
    billing = order.get("billing", {})
    summary = order.get("summary", {})
    lines = [
        f"INVOICE {order.get('order_id', '')}",
        f"Order date: {order.get('creation_dts', '')[:10]}",
        "",
        "Bill to: " + " ".join(filter(None, [billing.get("first_name", ""), billing.get("last_name", "")])),
    ]
    lines += [
        f"         {billing[key]}" for key in ("company", "address1", "address2", "city") if billing.get(key)
    ]
    lines.append("")
    for entry in order.get("items", []):
        cost = entry.get("total_cost_with_discount", {}).get("localized_formatted", "")
        lines.append(f"{entry.get('quantity', 0):g} x {entry.get('merchant_item_id', '')}  {cost}")
        lines.append(f"    {entry.get('description', '')}"[:110])
    lines.append("")
    for label, key in (
        ("Subtotal", "subtotal"),
        ("Shipping", "shipping_handling_total"),
        ("Tax", "tax"),
        ("Total", "total"),
    ):
        lines.append(f"{label}: {summary.get(key, {}).get('localized_formatted', '')}")
    if summary.get("total_refunded", {}).get("value"):
        lines.append(f"Refunded: {summary['total_refunded'].get('localized_formatted', '')}")
    return lines


def pdf_document(lines: list[str]) -> bytes:
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, max(len(lines), 1), _LINES_PER_PAGE)] or [[]]
    # Objects: 1 catalog, 2 pages, 3 font, then (page, content) per page.
    objects: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT /F1 10 Tf 14 TL 50 742 Td"]
        stream += [_pdf_text(line) + b" Tj T*" for line in page]
        stream.append(_pdf_text(f"Page {number} of {len(pages)}") + b" Tj ET")
        content = b"\n".join(stream)
        page_id, content_id = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_id} 0 R".encode())
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def invoice_base64(order: dict[str, Any]) -> str:
    """The PDF, base64 wrapped at 76 characters with newlines, as UltraCart sends `pdfBase64`."""
    return base64.encodebytes(pdf_document(invoice_lines(order))).decode().rstrip("\n")
