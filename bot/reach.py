"""Whether Telegram's Bot API is reached (conversation/reachable.py): what an answer of the Bot
API means for that, and what an operator checks for each kind of trouble.

Kept free of PTB so that `inspraak health` reads the advice without loading the bot.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversation.reachable import Advice, Reachability, Trouble

ADVICE: Advice = {
    Trouble.UNREACHABLE: "the Bot API does not answer. Check this server's network and "
    "firewall, a proxy (HTTPS_PROXY) and TELEGRAM_API_URL",
    Trouble.FAILING: "the Bot API answers with server errors. This usually passes by itself; "
    "with a Bot API server of your own (TELEGRAM_API_URL), check that server",
    Trouble.REFUSED: "Telegram refuses TELEGRAM_BOT_TOKEN. Check it with @BotFather (/mybots "
    "→ API Token): a revoked token needs the new one and a restart",
    Trouble.CONFLICT: "another program takes this bot's updates (409 Conflict). Stop the other "
    "`inspraak run` with this TELEGRAM_BOT_TOKEN",
    Trouble.UNDELIVERED: "Telegram cannot deliver updates to the webhook "
    "<INSPRAAK_WEBHOOK_URL>/telegram. Check that the reverse proxy passes /telegram on to "
    "INSPRAAK_WEBHOOK_PORT, and the host name's DNS and certificate",
}
STOPPED = "the bot's polling loop or webhook server has stopped. Restart the service"
# A webhook delivery Telegram failed this recently, with updates waiting, is one still failing
# (Telegram tries again with growing pauses, and keeps the date of its last failure).
RECENT = timedelta(minutes=10)


def trouble_of(status: int) -> Trouble | None:
    """What a Bot API answer with this HTTP status says about reaching it: None when Telegram
    was reached (also a refusal of one call: 400, a blocked bot 403, a rate limit 429)."""
    if status >= 500:
        return Trouble.FAILING
    if status in (401, 404):  # Telegram's answers to a token it does not know
        return Trouble.REFUSED
    if status == 409:  # getUpdates while another process polls, or a webhook is set
        return Trouble.CONFLICT
    return None


def webhook_delivery(
    delivered: Reachability,
    pending: int,
    last_error: datetime | None,
    message: str | None,
    now: datetime,
) -> None:
    """What getWebhookInfo says about Telegram reaching the webhook: updates waiting while its
    last delivery failed recently is trouble, anything else is fine."""
    if pending and last_error is not None and now - last_error < RECENT:
        delivered.failed(Trouble.UNDELIVERED, message or "no reason given")
    else:
        delivered.reached()
