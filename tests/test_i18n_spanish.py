"""The Spanish catalogue is complete and compiled, and a Spanish shopper gets Spanish pages.

The .po file is parsed by a small reader below (no polib dependency): it understands msgctxt, msgid,
msgid_plural, msgstr / msgstr[n], continuation lines and `#,` flags, which is all makemessages writes.
"""

import ast
import gettext
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

ORDER = "DEMO-0009100009"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def po_entries(path: Path) -> list[PoEntry]:
    """Every entry of a .po file except the header, in file order."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    target: tuple[str, int] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, target = None, None
            continue
        starts_entry = line.startswith("#") or line.split(" ", 1)[0] in {"msgid", "msgctxt"}
        if entry is not None and entry.msgstrs and starts_entry:  # no blank line before the next entry
            entries.append(entry)
            entry, target = None, None
        if entry is None:
            entry = PoEntry()
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword == "msgstr" or index:
                target = ("msgstr", int(index.group(1)) if index else 0)
                entry.msgstrs[target[1]] = ""
            elif keyword in {"msgid", "msgid_plural", "msgctxt"}:
                target = (keyword, 0)
                setattr(entry, keyword, "")
            else:
                raise AssertionError(f"unexpected line in {path.name}: {raw!r}")
        assert target is not None, f"continuation line with nothing to continue: {raw!r}"
        if target[0] == "msgstr":
            entry.msgstrs[target[1]] += text
        else:
            setattr(entry, target[0], getattr(entry, target[0]) + text)
    if entry is not None:
        entries.append(entry)
    return [e for e in entries if e.msgid or e.msgctxt is not None]


ENTRIES = po_entries(PO_PATH)


def _label(entry: PoEntry) -> str:
    return entry.msgid[:60]


def test_catalogue_has_entries():
    # Invoice labels, error pages, receipt pages and messages: far more than a handful.
    assert len(ENTRIES) >= 80


@pytest.mark.parametrize("entry", ENTRIES, ids=_label)
def test_every_entry_is_translated_and_not_fuzzy(entry: PoEntry):
    assert not entry.obsolete, "obsolete entry left in the catalogue"
    assert "fuzzy" not in entry.flags
    assert entry.msgstrs, "no msgstr"
    assert all(text.strip() for text in entry.msgstrs.values()), "empty msgstr"


@pytest.mark.parametrize("entry", ENTRIES, ids=_label)
def test_translations_keep_placeholders(entry: PoEntry):
    expected = sorted(_PLACEHOLDER.findall(entry.msgid))
    for text in entry.msgstrs.values():
        assert sorted(_PLACEHOLDER.findall(text)) == expected


def test_compiled_catalogue_matches_the_po_file():
    """django.mo was compiled from the current django.po (msgfmt after every edit): the same entries, plural
    forms and contexts included, and nothing more (the .mo is committed, so a stale one fails here)."""
    with MO_PATH.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    compiled = {key: value for key, value in catalogue._catalog.items() if key != ""}  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in ENTRIES:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            expected.update({(msgid, n): text for n, text in entry.msgstrs.items()})
        else:
            expected[msgid] = entry.msgstrs[0]
    assert compiled == expected


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "no <h1> on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.mark.django_db
def test_not_found_page_in_spanish(client):
    response = client.get("/nope/", headers={"accept-language": "es"})
    assert response.status_code == 404
    page = _page(response)
    assert '<html lang="es">' in page
    assert _h1(page) == "No pudimos encontrar esa página"
    assert "Error 404" not in page  # no technical labels
    assert "Ir a la página de inicio" in page
    assert "Ir al contenido" in page
    for english in ("We couldn't find that page", "Go to the start page", "Skip to content", "Questions?"):
        assert english not in page


@pytest.mark.django_db
def test_not_found_page_in_english(client):
    response = client.get("/nope/", headers={"accept-language": "en"})
    assert response.status_code == 404
    page = _page(response)
    assert '<html lang="en">' in page
    assert _h1(page) == "We couldn't find that page"
    assert "Go to the start page" in page
    assert "No pudimos encontrar" not in page


@pytest.mark.django_db
def test_a_spanish_order_is_shown_in_spanish_whatever_the_browser_asks(client, sandbox):
    # UltraCart's receipt and the invoice are in the order's language: the page around them is too.
    response = client.get(
        "/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}, headers={"accept-language": "en"}
    )
    assert response["Content-Language"] == "es"
    assert response.status_code == 200
    page = _page(response)
    assert '<html lang="es">' in page
    assert _h1(page) == "Gracias por tu pedido"
    assert "<title>Gracias por tu pedido" in page
    assert "Pedido confirmado" in page
    assert f"Pedido <strong>{ORDER}</strong>" in page
    for spanish in ("Realizado", "En preparación", "Enviado", "Entregado", "Estado del pedido"):
        assert spanish in page
    assert "Artículos" in page
    assert "¿Necesitas ayuda?" in page
    assert "Reenviar mi correo de confirmación" in page
    for english in (
        "Thank you for your order",
        "Order confirmed",
        "Order status",
        "Placed",
        "Processing",
        "Delivered",
        "Need help?",
        "Resend my confirmation email",
        "See all your orders",
        "Skip to content",
    ):
        assert english not in page


@pytest.mark.django_db
def test_an_english_order_is_shown_in_english_to_a_spanish_browser(client, sandbox):
    response = client.get(
        "/thank-you/", {"OrderToken": sandbox.token_for("DEMO-0009100012")}, headers={"accept-language": "es"}
    )
    assert response["Content-Language"] == "en"
    assert response.status_code == 200
    page = _page(response)
    assert '<html lang="en">' in page
    assert _h1(page) == "Thank you, Jane"
    assert "Order confirmed" in page
    assert "Need help?" in page
    for spanish in ("Gracias por tu pedido", "Pedido confirmado", "¿Necesitas ayuda?"):
        assert spanish not in page
