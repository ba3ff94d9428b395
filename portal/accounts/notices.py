"""What the sign-in pages say after a code check or a refused send: plain, true, the same for every address.

Translated when called, in the language of the page (the view runs under the customer's language).
"""

import math
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.codes import TRIES_PER_CODE, CodeCheck, CodeResult, code_lifetime_minutes
from portal.accounts.limits import SendLimit, SendRefusal

# The code cannot be used again: the page offers a new one instead of the code field.
CODE_GONE = frozenset({CodeCheck.USED_UP, CodeCheck.EXPIRED, CodeCheck.USED, CodeCheck.LOCKED})


def wait_words(seconds: int) -> str:
    """ "45 seconds", "12 minutes": how long until another code can be asked for."""
    if seconds < 90:
        count = max(1, seconds)
        return ngettext("%(count)s second", "%(count)s seconds", count) % {"count": count}
    count = math.ceil(seconds / 60)
    return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname() or ''}".strip()


def code_check_notice(result: CodeResult) -> str:
    """The message for a code that did not sign in."""
    if result.check is CodeCheck.WRONG:
        return ngettext(
            "That code isn't right. Check the latest email from us: you can try %(count)s more time.",
            "That code isn't right. Check the latest email from us: you can try %(count)s more times.",
            result.tries_left,
        ) % {"count": result.tries_left}
    if result.check is CodeCheck.USED_UP:
        return _("This code no longer works: it was entered wrongly %(tries)s times. Ask for a new code.") % {
            "tries": TRIES_PER_CODE
        }
    if result.check is CodeCheck.USED:
        return _("This code has already been used. Ask for a new code to sign in again.")
    if result.check is CodeCheck.LOCKED:
        if result.locked_until is None:
            return _("Too many wrong codes for this address. For your safety, codes for it are paused.")
        return _(
            "Too many wrong codes for this address today. For your safety, codes for it don't work until "
            "%(time)s. The link in a new email still signs you in: ask for one below."
        ) % {"time": _when(result.locked_until)}
    minutes = code_lifetime_minutes()
    return ngettext(
        "This code has expired: codes work for %(minutes)d minute. Ask for a new code.",
        "This code has expired: codes work for %(minutes)d minutes. Ask for a new code.",
        minutes,
    ) % {"minutes": minutes}


def send_refusal_notice(refusal: SendRefusal, *, masked_email: str) -> str:
    """Why no code was sent just now and when another can be asked for; it never depends on the address."""
    wait = wait_words(refusal.retry_after)
    if refusal.limit is SendLimit.RECENT:
        return _(
            "We sent a code to %(email)s moments ago: use that one, it works for 10 minutes. "
            "You can ask for another in %(wait)s."
        ) % {"email": masked_email, "wait": wait}
    if refusal.limit is SendLimit.EMAIL:
        return _(
            "We've sent several codes to %(email)s in the last hour: use the latest one. "
            "You can ask for another in %(wait)s."
        ) % {"email": masked_email, "wait": wait}
    if refusal.limit is SendLimit.NETWORK:
        return _(
            "Many codes were asked for from your network lately, so we didn't send one just now. If you have "
            "a code from us, enter it below; you can ask for another in %(wait)s."
        ) % {"wait": wait}
    return _(
        "We're sending a lot of sign-in emails right now, so we didn't send one just now. If you have a "
        "code from us, enter it below; you can ask for another in %(wait)s."
    ) % {"wait": wait}
