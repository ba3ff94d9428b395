"""Manage links: the link in every subscription email that opens that one subscription without a code.

A link is `/account/subscriptions/<oid>/link/?t=<token>` on PORTAL_BASE_URL. The token is signed with
django.core.signing under its own salt (nothing else's signature opens it, and it opens nothing else) and
holds the auto order, an HMAC of the email it was sent to (never the email: a URL is not private), its
purpose, the language of the email (the confirm page speaks it to a browser that has chosen none), a
one-time nonce and when it was made. It is good for LINK_DAYS days and signs in once.

GET only shows a confirm page (mail scanners open links; nothing changes on GET). The POST reads the auto
order fresh from UltraCart, checks that its email is still the one the link was sent to, uses the link up
(`ManageLinkUse`) and grants the browser that one subscription (portal/core/identity.py
`subscription_grant_set`). Purpose: where the customer lands afterwards (the subscription, the skip or
reschedule page, the card update).
"""

import hmac
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from portal.core.emails import email_key
from portal.core.links import portal_url
from portal.subscriptions.models import ManageLinkUse

SALT = "portal.subscriptions.manage_link"
LINK_DAYS = 7
LINK_SECONDS = LINK_DAYS * 24 * 3600
_CLOCK_SKEW = 300  # a link "made" further in the future than this was not made by us


class LinkPurpose(StrEnum):
    MANAGE = "manage"
    SKIP = "skip"
    RESCHEDULE = "reschedule"
    CARD = "card"


# Where a confirmed link lands: the subscription's page, or one of its own pages (URL names).
_LANDING = {
    LinkPurpose.MANAGE: "subscriptions:detail",
    LinkPurpose.SKIP: "subscriptions:skip",
    LinkPurpose.RESCHEDULE: "subscriptions:reschedule",
    LinkPurpose.CARD: "subscriptions:card",
}


class LinkProblem(StrEnum):
    MANGLED = "mangled"  # not one of our links (cut, edited, another salt's signature)
    OTHER_SUBSCRIPTION = "other_subscription"  # a link for another auto order than the URL's
    EXPIRED = "expired"
    USED = "used"
    EMAIL_CHANGED = "email_changed"  # the auto order's email is no longer the one the link was sent to


class ManageLinkInvalid(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ManageLink:
    auto_order_oid: int
    email_digest: str
    purpose: LinkPurpose
    nonce: str
    issued_at: float
    language: str  # the email's ("en", "es"), or ""

    @property
    def landing(self) -> str:
        return reverse(_LANDING[self.purpose], args=[self.auto_order_oid])


def _now() -> float:
    """The links' clock (tests move it to see a link expire)."""
    return time.time()


def _email_digest(email: str) -> str:
    return salted_hmac(f"{SALT}.email", email_key(email), algorithm="sha256").hexdigest()[:32]


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, algorithm="sha256")


def manage_link_token(
    *, auto_order_oid: int, email: str, purpose: LinkPurpose = LinkPurpose.MANAGE, language: str | None = None
) -> str:
    """A new signed token for this auto order, sent to `email` (in `language`, by default the active one)."""
    payload = {
        "l": (language or translation.get_language() or "")[:8],
        "o": int(auto_order_oid),
        "e": _email_digest(email),
        "p": str(purpose),
        "n": secrets.token_hex(12),
        "t": int(_now()),
    }
    return _signer().sign_object(payload, compress=True)


def manage_link_url(
    *, auto_order_oid: int, email: str, purpose: LinkPurpose = LinkPurpose.MANAGE, language: str | None = None
) -> str:
    """The emailed link: PORTAL_BASE_URL, never the request's host (portal/core/links.py)."""
    token = manage_link_token(auto_order_oid=auto_order_oid, email=email, purpose=purpose, language=language)
    path = reverse("subscriptions:link", args=[int(auto_order_oid)])
    return f"{portal_url(path)}?{urlencode({'t': token})}"


def _payload(token: str) -> dict[str, Any]:
    if not token or len(token) > 1000:
        raise ManageLinkInvalid(LinkProblem.MANGLED)
    try:
        payload = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        raise ManageLinkInvalid(LinkProblem.MANGLED) from None
    if not isinstance(payload, dict):
        raise ManageLinkInvalid(LinkProblem.MANGLED)
    return payload


def manage_link_read(*, token: str, auto_order_oid: int) -> ManageLink:
    """The link, if it is ours, for this auto order, within its 7 days and not used; ManageLinkInvalid if not.

    Reads the database (was it used?) and writes nothing: the confirm page's GET calls it.
    """
    payload = _payload(token)
    oid, digest, purpose = payload.get("o"), payload.get("e"), payload.get("p")
    nonce, issued = payload.get("n"), payload.get("t")
    if not (isinstance(oid, int) and isinstance(digest, str) and isinstance(nonce, str)):
        raise ManageLinkInvalid(LinkProblem.MANGLED)
    if not isinstance(issued, int) or purpose not in {p.value for p in LinkPurpose}:
        raise ManageLinkInvalid(LinkProblem.MANGLED)
    if oid != auto_order_oid:
        raise ManageLinkInvalid(LinkProblem.OTHER_SUBSCRIPTION)
    age = _now() - issued
    if age < -_CLOCK_SKEW:
        raise ManageLinkInvalid(LinkProblem.MANGLED)
    if age > LINK_SECONDS:
        raise ManageLinkInvalid(LinkProblem.EXPIRED)
    if ManageLinkUse.objects.filter(nonce=nonce).exists():
        raise ManageLinkInvalid(LinkProblem.USED)
    language = payload.get("l")
    language = language if isinstance(language, str) else ""
    return ManageLink(oid, digest, LinkPurpose(purpose), nonce, float(issued), language)


def manage_link_sent_to(link: ManageLink, *, email: str) -> bool:
    """The link was sent to this email (by the one email rule: email_key before hashing)."""
    return bool(email) and hmac.compare_digest(link.email_digest, _email_digest(email))


def manage_link_use(link: ManageLink) -> bool:
    """Use the link up; False when another request used it first (two clicks, a replay)."""
    try:
        with transaction.atomic():
            ManageLinkUse.objects.create(nonce=link.nonce, auto_order_oid=link.auto_order_oid)
    except IntegrityError:
        return False
    return True
