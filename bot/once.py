"""Each update changes things once, also when Telegram delivers it again after a restart.

PTB confirms an update to Telegram with its next getUpdates call. When the process dies after an
update was handled but before that call, Telegram delivers the update again to the next process.
`decide_once` runs what an update changes in one transaction together with the record that the
update was handled (`storage.turns`), and finds a second delivery by that record: the one
mechanism against duplicates, in a process and across restarts. A chat that belongs to no
participant yet has nothing stored that could be changed twice (the conversation stores
nothing before consent): its update is recorded only when it made the chat a participant's.

The record is written before the reply goes out and marked replied after: until then the person
is owed their question (see `handlers.deliver_owed`), also across a crash. It is the one record
of owed replies too: a person who has not consented yet is owed nothing (they write again).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from telegram import Update

from bot.context import Context
from storage.store import Store
from storage.turns import KEEP_HOURS, Claim

log = logging.getLogger(__name__)
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
    records = store(context)
    async with records.transaction():
        claim = await records.claim_update(chat.id, update.update_id)
        if claim is Claim.DUPLICATE:
            log.info("an update delivered again after a restart was dropped")
            return None
        result = await decide()
        if claim is Claim.UNLINKED:
            # This very update may have made the chat a participant's (consent): record it.
            await records.claim_update(chat.id, update.update_id)
    return result


async def replied(context: Context, chat_id: int) -> None:
    """The reply went out and shows where the person is: nothing is owed any more."""
    await store(context).chat_replied(chat_id)


async def forget_old(context: Context) -> int:
    """Job: drop records Telegram can no longer deliver again (their reply went out)."""
    before = datetime.now(UTC) - timedelta(hours=KEEP_HOURS)
    return await store(context).forget_handled_updates(before)
