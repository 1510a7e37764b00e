"""Each update changes things once, also when Telegram delivers it again after a restart.

PTB confirms an update to Telegram with its next getUpdates call. When the process dies after an
update was handled but before that call, Telegram delivers the update again to the next process.
`decide_once` runs what an update changes in one transaction together with the record that the
update was handled (`store.handle_once`, storage/handled.py: the one record of deliveries
handled and replies owed, WhatsApp's too), and finds a second delivery by that record: the one
mechanism against duplicates, in a process and across restarts. A chat that belongs to no
participant yet has nothing stored that could be changed twice (the conversation stores
nothing before consent): its update is recorded only when it made the chat a participant's.

The record is written before the reply goes out and marked replied after: until then the person
is owed their question (see `handlers.deliver_owed`), also across a crash. It is the one record
of owed replies too: a person who has not consented yet is owed nothing (they write again).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Update

from bot.context import Context
from storage.identities import Chat
from storage.store import Store

T = TypeVar("T")


def store(context: Context) -> Store:
    return context.bot_data.store


async def decide_once(
    update: Update, context: Context, decide: Callable[[], Awaitable[T]]
) -> T | None:
    """`decide()` (a conversation operation) with this update recorded as handled, in one
    transaction; None, with nothing done, when the update was handled before."""
    chat = update.effective_chat
    assert chat is not None
    return await store(context).handle_once(Chat(chat.id), update.update_id, decide)


async def replied(context: Context, chat_id: int) -> None:
    """The reply went out and shows where the person is: nothing is owed any more."""
    await store(context).reply_delivered(Chat(chat_id))


async def forget_old(context: Context) -> int:
    """Job: drop records no platform can deliver again whose reply went out."""
    return await store(context).forget_handled()
