"""The one allow-list for HTML we did not write (UltraCart's formatted receipt).

Keeps tables and basic text formatting; drops scripts, styles, frames, event handlers, style attributes
(the CSP forbids inline styles), images (the CSP allows only our own) and any URL that is not http(s) or
mailto. Links get rel="noopener noreferrer". Relative and scheme-relative links (`/account/…`, `//host`) are
dropped: in our page they would point at us or at a host of the sender's choosing. Classes are kept with a
`uc-` prefix, so upstream markup can never borrow our own styles (a fake button or notice).
"""

import functools

import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
    "div", "span", "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "b", "strong", "i", "em", "u", "s", "small", "sub", "sup", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "blockquote", "pre", "code", "abbr", "bdi", "bdo",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "dir", "lang", "title"},
    "a": {"href"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
_ABSOLUTE_LINK = ("https://", "http://", "mailto:")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return " ".join(f"uc-{name}" for name in value.split() if name.replace("-", "").isalnum()) or None
    if attribute == "href":
        return value if value.strip().lower().startswith(_ABSOLUTE_LINK) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style", "iframe", "noscript", "template", "object", "svg", "math"},
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)


@functools.lru_cache(maxsize=256)
def _clean(html: str) -> str:
    # A pure function of the text: each process cleans a given receipt once (it was ~8% of a warm order
    # page), and a changed receipt is a different key. 256 receipts of ~20 KB at most.
    return _CLEANER.clean(html)


def receipt_html_sanitize(*, html: str) -> SafeString:
    """Upstream HTML, made safe to place in our page."""
    return mark_safe(_clean(html))  # noqa: S308 - the allow-list above is what makes it safe
