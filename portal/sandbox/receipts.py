"""`format`: an order as a customer receipt, in UltraCart's HTML style (div or table) or as text.

Order text is escaped, except in the hostile demo order, whose receipt carries live markup on purpose:
a compromised upstream could send it, and the portal's sanitizer must hold.
"""

from html import escape
from typing import Any

HOSTILE_ORDER_IDS = frozenset({"DEMO-0009100007"})
HOSTILE_MARKUP = (
    "<div class='merchant-message'>Thanks for your order!"
    "<script>alert('sandbox-receipt')</script>"
    "<img src=x onerror=alert('sandbox-receipt')></div>"
)
CSS_LINKS = ["https://secure.ultracart.com/themes/receipt/receipt.css"]

_LABELS = {
    "en": {
        "receipt": "Receipt",
        "shipment": "Shipment Confirmation",
        "refund": "Refund Confirmation",
        "quote": "Quote",
        "order_id": "Order ID:",
        "date": "Order Date:",
        "bill_to": "Bill To",
        "ship_to": "Ship To",
        "method": "Shipping Method:",
        "item": "Item",
        "qty": "Quantity",
        "description": "Description",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "tax": "Tax",
        "shipping": "Shipping/Handling",
        "total": "Total",
        "refunded": "Refunded",
        "card": "Card Type:",
        "card_number": "Card Number:",
        "payment": "Payment Method:",
        "tracking": "Tracking Number:",
        "coupon": "Coupon:",
    },
    "es": {
        "receipt": "Recibo",
        "shipment": "Confirmación de envío",
        "refund": "Confirmación de reembolso",
        "quote": "Presupuesto",
        "order_id": "Pedido:",
        "date": "Fecha del pedido:",
        "bill_to": "Facturar a",
        "ship_to": "Enviar a",
        "method": "Método de envío:",
        "item": "Artículo",
        "qty": "Cantidad",
        "description": "Descripción",
        "amount": "Importe",
        "subtotal": "Subtotal",
        "discount": "Descuento",
        "tax": "IVA",
        "shipping": "Envío",
        "total": "Total",
        "refunded": "Reembolsado",
        "card": "Tarjeta:",
        "card_number": "Número de tarjeta:",
        "payment": "Forma de pago:",
        "tracking": "Número de seguimiento:",
        "coupon": "Cupón:",
    },
}


def _lines(order: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """What the receipt shows, as plain (unescaped) text, decided once for every format."""
    language = "es" if options.get("translate") and order.get("language_iso_code") in ("SPA", "ESP") else "en"
    labels = _LABELS[language]
    context = str(options.get("context") or "receipt")
    summary = order.get("summary", {})

    def amount(key: str) -> str:
        return str(summary.get(key, {}).get("localized_formatted", ""))

    totals = [(labels["subtotal"], amount("subtotal"))]
    if summary.get("subtotal_discount", {}).get("value"):
        totals.append((labels["discount"], "-" + amount("subtotal_discount")))
    totals += [(labels["shipping"], amount("shipping_handling_total")), (labels["tax"], amount("tax"))]
    totals.append((labels["total"], amount("total")))
    if summary.get("total_refunded", {}).get("value"):
        totals.append((labels["refunded"], amount("total_refunded")))
    payment = order.get("payment", {})
    card = payment.get("credit_card", {})
    payment_lines = []
    if options.get("show_payment_info") or options.get("show_non_sensitive_payment_info"):
        payment_lines.append((labels["payment"], payment.get("payment_method", "")))
        if card:
            payment_lines.append((labels["card"], card.get("card_type", "")))
    if options.get("show_payment_info") and card:
        payment_lines.append((labels["card_number"], card.get("card_number", "")))
    internal = []
    if options.get("show_internal_information"):
        internal.append(
            f"INTERNAL: payment status {payment.get('payment_status', '')}; "
            f"placed by {order.get('internal', {}).get('placed_by_user', 'unknown')}"
        )
    if options.get("show_merchant_notes"):
        internal.append("Merchant notes: " + order.get("internal", {}).get("merchant_notes", ""))
    shipping = order.get("shipping", {})
    return {
        "labels": labels,
        "title": labels.get(context.split("-")[0], labels["receipt"]),
        "context": context,
        "order_id": order.get("order_id", ""),
        "date": order.get("creation_dts", "")[:10],
        "bill_to": None if options.get("hide_bill_to_address") else _address(order.get("billing", {})),
        "ship_to": _address(shipping),
        "method": shipping.get("shipping_method", ""),
        "tracking": [n for n in shipping.get("tracking_numbers", []) if n],
        "coupons": [c.get("coupon_code", "") for c in order.get("coupons", [])],
        "items": [
            (
                i.get("merchant_item_id", ""),
                f"{i.get('quantity', 0):g}",
                i.get("description", ""),
                [f"{o.get('label', '')}: {o.get('value', '')}" for o in i.get("options", [])],
                i.get("total_cost_with_discount", {}).get("localized_formatted", ""),
            )
            for i in order.get("items", [])
        ],
        "totals": totals,
        "payment": payment_lines,
        "internal": internal,
    }


def _address(record: dict[str, Any]) -> list[str]:
    name = " ".join(filter(None, [record.get("first_name", ""), record.get("last_name", "")]))
    place = " ".join(
        filter(None, [record.get("city", ""), record.get("state_region", ""), record.get("postal_code", "")])
    )
    keys = ("company", "address1", "address2")
    return [
        line
        for line in [name, *(record.get(k, "") for k in keys), place, record.get("country_code", "")]
        if line
    ]


def render_text(order: dict[str, Any], options: dict[str, Any]) -> str:
    r = _lines(order, options)
    labels = r["labels"]
    out = [r["title"], f"{labels['order_id']} {r['order_id']}", f"{labels['date']} {r['date']}", ""]
    for heading, lines in ((labels["bill_to"], r["bill_to"]), (labels["ship_to"], r["ship_to"])):
        if lines is not None:
            out += [heading, *(f"  {line}" for line in lines), ""]
    out.append(f"{labels['method']} {r['method']}")
    out += [f"{labels['tracking']} {number}" for number in r["tracking"]]
    out += [f"{labels['coupon']} {code}" for code in r["coupons"]]
    out.append("")
    for sku, qty, description, options_text, total in r["items"]:
        out.append(f"{qty} x {sku}  {description.replace(chr(10), ' / ')}  {total}")
        out += [f"    {line}" for line in options_text]
    out.append("")
    out += [f"{label}: {value}" for label, value in r["totals"]]
    out += [f"{label} {value}" for label, value in r["payment"]]
    out += r["internal"]
    return "\n".join(out) + "\n"


def _row(css: str, label: str, value: str, *, tag: str) -> str:
    field = escape(value).replace("\n", "<br />")
    if tag == "table":
        return (
            f"<tr class='{css}'>\n<td class='{css}-label label'>{escape(label)}</td>\n"
            f"<td class='{css}-field field'>{field}</td>\n</tr>\n"
        )
    return (
        f"<div class='{css}'><span class='{css}-label label'>{escape(label)}</span> "
        f"<span class='{css}-field field'>{field}</span></div>\n"
    )


def _section(css: str, inner: str, *, tag: str) -> str:
    if tag == "table":
        return f"<tr><td class='section-container'><table class='{css}'>{inner}</table></td></tr>\n"
    return f"<div class='{css}'>{inner}</div>\n"


def _items_html(r: dict[str, Any], *, tag: str) -> str:
    labels, rows = r["labels"], []
    cell, row = ("td", "tr") if tag == "table" else ("div", "div")
    if tag == "table":
        heads = (labels["item"], labels["qty"], labels["description"], labels["amount"])
        rows.append("<thead><tr class='item-header section-header'>")
        rows.append("".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead><tbody class='items'>")
    for index, (sku, qty, description, options_text, total) in enumerate(r["items"], start=1):
        text = escape(description).replace("\n", "<br />")
        text += "".join(f"<br /><span class='qualifier'>{escape(line)}</span>" for line in options_text)
        values = (
            ("item-id", escape(sku)),
            ("item-qty", qty),
            ("item-description", text),
            ("item-cost", escape(total)),
        )
        cells = "".join(f"<{cell} class='{css}'>{value}</{cell}>" for css, value in values)
        rows.append(f"<{row} class='order-item item-{index}'>{cells}</{row}>\n")
    if tag == "table":
        rows.append("</tbody>")
    return "".join(rows)


def render_html(order: dict[str, Any], options: dict[str, Any], *, tag: str) -> str:
    r = _lines(order, options)
    labels = r["labels"]
    parts = []
    if order.get("order_id") in HOSTILE_ORDER_IDS:
        parts.append(_section("merchant-message-section", HOSTILE_MARKUP, tag=tag))
    head = _row("order-id", labels["order_id"], r["order_id"], tag=tag)
    parts.append(
        _section("order-id", head + _row("creation-date", labels["date"], r["date"], tag=tag), tag=tag)
    )
    for css, heading, lines in (
        ("billto", labels["bill_to"], r["bill_to"]),
        ("shipto", labels["ship_to"], r["ship_to"]),
    ):
        if lines is not None:
            parts.append(
                _section(
                    f"{css}-section order-section",
                    _row(f"{css}-address", heading, "\n".join(lines), tag=tag),
                    tag=tag,
                )
            )
    misc = [_row("shipping-method", labels["method"], r["method"], tag=tag)]
    misc += [_row("tracking-number", labels["tracking"], number, tag=tag) for number in r["tracking"]]
    misc += [_row("coupon", labels["coupon"], code, tag=tag) for code in r["coupons"]]
    misc += [_row("payment-info", label, value, tag=tag) for label, value in r["payment"]]
    parts.append(_section("misc-section order-section", "".join(misc), tag=tag))
    parts.append(_section("item-section order-section", _items_html(r, tag=tag), tag=tag))
    totals = [
        _row(label.lower().replace("/", "-").replace(" ", "-"), label, value, tag=tag)
        for label, value in r["totals"]
    ]
    parts.append(_section("summary-section order-section", "".join(totals), tag=tag))
    if r["internal"]:
        parts.append(
            _section(
                "internal-information",
                "".join(_row("internal", "", line, tag=tag) for line in r["internal"]),
                tag=tag,
            )
        )
    box = "table" if tag == "table" else "div"
    return f"<{box} class='order receipt-{escape(r['context'])}'>" + "".join(parts) + f"</{box}>"


def render(order: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The OrderFormatResponse body: `{css_links, formatted_result}`, nothing else."""
    kind = options.get("format") or "table"
    if kind == "text":
        return {"css_links": [], "formatted_result": render_text(order, options)}
    return {
        "css_links": list(CSS_LINKS),
        "formatted_result": render_html(order, options, tag="div" if kind == "div" else "table"),
    }
