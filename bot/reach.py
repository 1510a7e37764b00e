"""Whether Telegram's Bot API is reached (conversation/reachable.py): what an answer of the Bot
API means for that, and what an operator checks for each kind of trouble.

Kept free of PTB so that `inspraak health` reads the advice without loading the bot.
"""

from __future__ import annotations

from conversation.reachable import Advice, Trouble

ADVICE: Advice = {
    Trouble.UNREACHABLE: "the Bot API does not answer. Check this server's network and "
    "firewall, a proxy (HTTPS_PROXY) and TELEGRAM_API_URL",
    Trouble.FAILING: "the Bot API answers with server errors. This usually passes by itself; "
    "with a Bot API server of your own (TELEGRAM_API_URL), check that server",
    Trouble.REFUSED: "Telegram refuses TELEGRAM_BOT_TOKEN. Check it with @BotFather (/mybots "
    "→ API Token): a revoked token needs the new one and a restart",
    Trouble.CONFLICT: "another program takes this bot's updates (409 Conflict). Stop the other "
    "`inspraak run` with this TELEGRAM_BOT_TOKEN",
}
STOPPED = "the bot's polling loop or webhook server has stopped. Restart the service"


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
