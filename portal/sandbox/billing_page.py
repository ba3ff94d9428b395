"""The stand-in for UltraCart's hosted update-billing page (where getAutoOrderUpdateBillingUrl points).

Styled, in the customer's language (`?lang=es`, which the portal adds), with a form that records the new
card on the auto order's original order (the card rebills charge: only its type, last four digits and
expiry are kept, never the number), and a link back (`?return=`, an http(s) address the portal adds).
"""

import html
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.core import signing
from django.http import HttpRequest, HttpResponse

from portal.sandbox.store import STORE

_SALT = "sandbox.update-billing"
_WORDS = {
    "en": {
        "title": "Update your card",
        "lead": "This secure page stands in for UltraCart's. Your subscription {code} will charge this card.",
        "current": "Card on file: {card}",
        "number": "Card number",
        "month": "Expiry month",
        "year": "Expiry year",
        "save": "Save card",
        "saved": "Your card ending in {last4} is saved. It expires {month:02d}/{year}.",
        "bad_number": "Enter the card number (13 to 19 digits).",
        "bad_expiry": "Enter an expiry date in the future.",
        "expired": "This page has expired. Please open it again from your subscription.",
        "back": "Back to your subscription",
        "missing": "We couldn't find that subscription.",
        "none": "none",
    },
    "es": {
        "title": "Actualiza tu tarjeta",
        "lead": "Esta página segura sustituye a la de UltraCart. Tu suscripción {code} cobrará esta tarjeta.",
        "current": "Tarjeta guardada: {card}",
        "number": "Número de tarjeta",
        "month": "Mes de caducidad",
        "year": "Año de caducidad",
        "save": "Guardar tarjeta",
        "saved": "Tu tarjeta terminada en {last4} está guardada. Caduca el {month:02d}/{year}.",
        "bad_number": "Escribe el número de la tarjeta (de 13 a 19 dígitos).",
        "bad_expiry": "Escribe una fecha de caducidad futura.",
        "expired": "Esta página ha caducado. Vuelve a abrirla desde tu suscripción.",
        "back": "Volver a tu suscripción",
        "missing": "No encontramos esa suscripción.",
        "none": "ninguna",
    },
}
_STYLE = """
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1c2321;background:#f4f6f5}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d5dcd9;
border-radius:12px}
h1{font-size:1.5rem;margin:0 0 .5rem}label{display:block;font-weight:600;margin-top:1rem}
input,select{font:inherit;padding:.5rem;border:1px solid #6b7672;border-radius:6px;width:100%;
box-sizing:border-box}
.row{display:flex;gap:1rem}.row>div{flex:1}
button{margin-top:1.25rem;font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:6px;
background:#1f5f4a;color:#fff;cursor:pointer}
.error{color:#a1262c;font-weight:600}.ok{color:#1f5f4a;font-weight:600}a{color:#1f5f4a}
.secure{font-size:.875rem;color:#4d5753}
"""


def _language(request: HttpRequest) -> str:
    wanted = (request.GET.get("lang") or request.POST.get("lang") or "en")[:2].lower()
    return wanted if wanted in _WORDS else "en"


def _back_url(request: HttpRequest) -> str:
    url = request.GET.get("return") or request.POST.get("return") or ""
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc and len(url) <= 500 else ""


def _page(language: str, body: str, status: int = 200) -> HttpResponse:
    words = _WORDS[language]
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(words['title'])} · UltraCart (sandbox)</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def _card_words(card: dict[str, Any], language: str) -> str:
    last4 = str(card.get("card_number", ""))[-4:]
    if not last4.isdigit():
        return _WORDS[language]["none"]
    month, year = card.get("card_expiration_month"), card.get("card_expiration_year")
    expiry = f" · {int(month):02d}/{year}" if isinstance(month, int) and isinstance(year, int) else ""
    return f"{card.get('card_type', '')} •••• {last4}{expiry}".strip()


def _form(language: str, code: str, card: dict[str, Any], back: str, error: str = "") -> str:
    words = _WORDS[language]
    esc = html.escape
    years = range(datetime.now(UTC).year, datetime.now(UTC).year + 12)
    return (
        f'<h1 id="title">{esc(words["title"])}</h1>'
        f"<p>{esc(words['lead'].format(code=code))}</p>"
        f"<p class='secure'>{esc(words['current'].format(card=_card_words(card, language)))}</p>"
        + (f'<p class="error" role="alert" id="form-error">{esc(error)}</p>' if error else "")
        + '<form method="post" aria-labelledby="title">'
        f'<input type="hidden" name="lang" value="{language}">'
        f'<input type="hidden" name="return" value="{esc(back)}">'
        f'<input type="hidden" name="ticket" value="{esc(signing.dumps(code, salt=_SALT))}">'
        f'<label for="number">{esc(words["number"])}</label>'
        '<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required'
        + (' aria-describedby="form-error"' if error else "")
        + ">"
        '<div class="row"><div>'
        f'<label for="month">{esc(words["month"])}</label><select id="month" name="month" '
        'autocomplete="cc-exp-month">'
        + "".join(f'<option value="{m}">{m:02d}</option>' for m in range(1, 13))
        + f'</select></div><div><label for="year">{esc(words["year"])}</label>'
        '<select id="year" name="year" autocomplete="cc-exp-year">'
        + "".join(f'<option value="{y}">{y}</option>' for y in years)
        + f'</select></div></div><button type="submit">{esc(words["save"])}</button></form>'
        + _back_link(language, back)
    )


def _back_link(language: str, back: str) -> str:
    if not back:
        return ""
    return f'<p><a href="{html.escape(back)}">{html.escape(_WORDS[language]["back"])}</a></p>'


def _valid_card(request: HttpRequest) -> tuple[str, int, int] | str:
    """(last four, month, year), or the key of what is wrong."""
    number = re.sub(r"[\s-]", "", request.POST.get("number", ""))
    if not number.isdigit() or not 13 <= len(number) <= 19:
        return "bad_number"
    try:
        month, year = int(request.POST.get("month", "")), int(request.POST.get("year", ""))
    except ValueError:
        return "bad_expiry"
    now = datetime.now(UTC)
    if not 1 <= month <= 12 or (year, month) < (now.year, now.month) or year > now.year + 20:
        return "bad_expiry"
    return number[-4:], month, year


def _card_type(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if digits.startswith("4"):
        return "VISA"
    if re.match(r"^(5[1-5]|2[2-7])", digits):
        return "MasterCard"
    if re.match(r"^3[47]", digits):
        return "AMEX"
    if re.match(r"^(6011|65)", digits):
        return "Discover"
    return ""


def update_billing_page(request: HttpRequest, auto_order_code: str) -> HttpResponse:
    language, back = _language(request), _back_url(request)
    words = _WORDS[language]
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    with STORE.lock:
        auto_order = next(
            (a for a in STORE.all_auto_orders() if a.get("auto_order_code") == auto_order_code), None
        )
        order = STORE.order(auto_order.get("original_order_id", "")) if auto_order else None
        if auto_order is None or order is None:
            return _page(language, f"<h1>{html.escape(words['missing'])}</h1>", status=404)
        card = order.setdefault("payment", {}).setdefault("credit_card", {})
        if request.method != "POST":
            return _page(language, _form(language, auto_order_code, card, back))
        try:
            ticket = signing.loads(request.POST.get("ticket", ""), salt=_SALT, max_age=2 * 3600)
        except signing.BadSignature:
            ticket = None
        if ticket != auto_order_code:  # a form from this page, for this subscription, in the last two hours
            return _page(language, _form(language, auto_order_code, card, back, words["expired"]), 400)
        checked = _valid_card(request)
        if isinstance(checked, str):
            return _page(language, _form(language, auto_order_code, card, back, words[checked]), 400)
        last4, month, year = checked
        card.update(
            card_type=_card_type(request.POST.get("number", "")) or card.get("card_type", ""),
            card_number="************" + last4,
            card_number_truncated=True,
            card_expiration_month=month,
            card_expiration_year=year,
        )
        STORE.put_order(order)
    saved = words["saved"].format(last4=last4, month=month, year=year)
    body = f"<h1>{html.escape(words['title'])}</h1><p class='ok' role='status'>{html.escape(saved)}</p>"
    return _page(language, body + _back_link(language, back))
