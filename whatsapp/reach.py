"""Whether WhatsApp's Cloud API is reached (conversation/reachable.py): what a failed call
means for that, and what an operator checks for each kind of trouble.

WhatsApp calls Meta only to answer someone, to send a reminder, or (every 30 seconds) to send a
question still owed: the health check follows those calls, so an outage shows once a call fails
and keeps failing for INSPRAAK_UNREACHABLE_SECONDS. Kept light, so that `inspraak health` reads
the advice without loading the channel.
"""

from __future__ import annotations

from conversation.reachable import Advice, Trouble

ADVICE: Advice = {
    Trouble.UNREACHABLE: "the Cloud API does not answer. Check this server's network and "
    "firewall, a proxy (HTTPS_PROXY) and WHATSAPP_API_URL",
    Trouble.FAILING: "the Cloud API answers with server errors. This usually passes by itself "
    "(Meta's status: metastatus.com)",
    Trouble.REFUSED: "Meta refuses WHATSAPP_TOKEN (expired, revoked, or without permission "
    "whatsapp_business_messaging for WHATSAPP_PHONE_NUMBER_ID). Make a new system user token "
    "(README, Going live with WhatsApp, step 3), set it and restart",
}
EXPIRED_TOKEN = 190  # Meta's OAuthException: the access token expired or is invalid
NO_PERMISSION = frozenset({10, 200})  # the token may not act for this phone number


def trouble_of(status: int, code: int | None) -> Trouble | None:
    """What a Cloud API answer (HTTP `status`, 0 when none came; Meta's error `code`) says about
    reaching it: None when Meta was reached (also a refusal of one message: a closed window, an
    undeliverable number, a rate limit)."""
    if status == 0:
        return Trouble.UNREACHABLE
    if status >= 500:
        return Trouble.FAILING
    if status == 401 or code == EXPIRED_TOKEN or code in NO_PERMISSION:
        return Trouble.REFUSED
    return None
