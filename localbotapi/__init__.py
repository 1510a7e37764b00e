"""A local Telegram Bot API server on 127.0.0.1, with simulated people.

It speaks the part of the Bot API that Inspraak uses, so the real python-telegram-bot
`Application` runs against it unchanged; it keeps each chat's history with edits applied, lets
tests, the demo and `inspraak preview` act as people (send text, press buttons by label, read
the replies), and can fail the way Telegram fails (429, 5xx, timeouts, a blocked bot; see
`faults.py`). Nothing here contacts Telegram.

    async with LocalBotApi() as api:
        app = Application.builder().token("123:ABC").base_url(api.base_url).build()
        ...  # add handlers
        async with api.running(app):  # or api.attach(app) and run it yourself
            anna = api.user(101, "Anna")
            replies = await anna.command("start", "invite-code")
            await anna.press("Eens")
"""

from localbotapi.faults import BotApiFault
from localbotapi.model import BotApiChat, StoredFile, StoredMessage
from localbotapi.server import LocalBotApi
from localbotapi.users import SimulatedUser

__all__ = [
    "BotApiChat",
    "BotApiFault",
    "LocalBotApi",
    "SimulatedUser",
    "StoredFile",
    "StoredMessage",
]
