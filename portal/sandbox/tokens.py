"""Opaque order tokens: `DEMO:<base64>`, the order id encrypted and authenticated under a per-process secret.

Layout of the base64 blob: nonce (12 bytes) | order id XOR an HMAC-SHA256 keystream | tag (16 bytes).
The tag covers the merchant id, nonce and ciphertext, so a token cannot be edited into another order's,
and a fresh nonce per token makes every token for the same order different (as UltraCart's are).
Tokens survive /_control/reset (the secret does not change) but not a restart of the sandbox.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets

_SECRET = os.environ.get("SANDBOX_TOKEN_SECRET", "").encode() or secrets.token_bytes(32)
_NONCE = 12
_TAG = 16


def _keystream(nonce: bytes, length: int) -> bytes:
    stream = b""
    counter = 0
    while len(stream) < length:
        stream += hmac.new(_SECRET, b"ks" + nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return stream[:length]


def _tag(merchant_id: str, nonce: bytes, ciphertext: bytes) -> bytes:
    message = b"tag" + merchant_id.encode() + b"\0" + nonce + ciphertext
    return hmac.new(_SECRET, message, hashlib.sha256).digest()[:_TAG]


def _seal(merchant_id: str, order_id: str) -> str:
    plain = order_id.encode()
    if (_NONCE + len(plain) + _TAG) % 3 == 0:
        plain += b"\0"  # keep the base64 padded with "=", like UltraCart's tokens
    nonce = secrets.token_bytes(_NONCE)
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(nonce, len(plain)), strict=True))
    blob = nonce + cipher + _tag(merchant_id, nonce, cipher)
    return f"{merchant_id}:{base64.b64encode(blob).decode()}"


def token_generate(*, merchant_id: str, order_id: str) -> str:
    """A new token for the order. Retries until it holds `/`, `+` and `=` so clients meet the awkward
    characters every time (random bytes would give them only most of the time)."""
    while True:
        token = _seal(merchant_id, order_id)
        if all(char in token for char in "/+="):
            return token


def token_resolve(token: str) -> str | None:
    """The order id the token stands for, or None when it is not one of ours or was tampered with."""
    merchant_id, separator, encoded = token.strip().partition(":")
    if not separator or not merchant_id:
        return None
    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(blob) <= _NONCE + _TAG:
        return None
    nonce, cipher, tag = blob[:_NONCE], blob[_NONCE:-_TAG], blob[-_TAG:]
    if not hmac.compare_digest(tag, _tag(merchant_id, nonce, cipher)):
        return None
    plain = bytes(a ^ b for a, b in zip(cipher, _keystream(nonce, len(cipher)), strict=True))
    try:
        return plain.rstrip(b"\0").decode()
    except UnicodeDecodeError:
        return None
