"""The one rule for "is this the same customer's email": trim, then lower-case ASCII letters only.

Every other character must match exactly. Python's own `lower()` and `casefold()` both go further:
`casefold()` makes `ß` equal `ss`, and `lower()` turns the Kelvin sign (U+212A) into `k` and the dotted
capital I (U+0130) into `i` plus a combining dot. Either would let one customer's address open another's
orders and subscriptions.
"""

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_SPACE = " \t\r\n\f\v"


def email_key(email: str) -> str:
    """The form in which two emails are compared, stored in the session and used in cache keys."""
    return email.strip(_ASCII_SPACE).translate(_ASCII_LOWER)


def emails_match(first: str | None, second: str | None) -> bool:
    """Both present and the same after `email_key`. An empty address matches nothing."""
    if not first or not second:
        return False
    key = email_key(first)
    return bool(key) and key == email_key(second)


def email_mask(email: str) -> str:
    """An address as pages show it to whoever holds the browser: "j•••@example.com" ("" if not an address)."""
    local, at, domain = email.partition("@")
    if not at or not local:
        return ""
    return f"{local[0]}•••@{domain}"
