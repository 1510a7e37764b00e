"""Each Telegram update handled once, and each reply owed until it went out, across restarts.

Telegram keeps an update until the bot confirms it (with the offset of its next getUpdates
call). A bot that stops after handling an update but before confirming it gets the same update
again when it starts: a typed "3" would then answer the next question. So the bot records every
update it handles for a participant here, in the same transaction as what the update changed
(`claim`), and drops an update it finds recorded.

The record is also a promise: it is written before the reply is sent and marked `replied` once
the reply reached Telegram. A participant with an update not replied to is *owed* their current
question: Telegram failed, or the process was killed between storing the answer and sending the
reply. The bot sends it when Telegram answers again, and at start-up.

Rows hold a participant id, Telegram's update id and a time: no chat id, no content. They go
with the participant or their Telegram link, and a day after their reply went out (Telegram
keeps an unconfirmed update for 24 hours at most, so no second delivery can come later).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

from storage.db import Db, now

KEEP_HOURS = 24  # Telegram keeps an update this long at most


class Claim(Enum):
    NEW = "new"  # recorded now: handle it
    DUPLICATE = "duplicate"  # handled before: drop it
    UNLINKED = "unlinked"  # the chat belongs to no participant (yet): nothing recorded


async def claim_update(db: Db, chat_id: int, update_id: int) -> Claim:
    """Record that this chat's update is being handled, unless it was handled before.

    Call it inside the transaction that stores what the update changes: if that rolls back, so
    does the record, and the update counts as not handled.
    """
    written = await db.execute(
        "INSERT INTO handled_updates (participant_id, update_id, handled_at) "
        "SELECT participant_id, ?, ? FROM messaging_links WHERE chat_id = ? "
        "ON CONFLICT DO NOTHING",
        (update_id, now(), chat_id),
    )
    if written.rowcount > 0:
        return Claim.NEW
    linked = await db.fetch_one("SELECT 1 FROM messaging_links WHERE chat_id = ?", (chat_id,))
    return Claim.DUPLICATE if linked else Claim.UNLINKED


async def chat_replied(db: Db, chat_id: int) -> None:
    """The chat got a reply that shows where the person is: nothing is owed any more."""
    await db.execute(
        "UPDATE handled_updates SET replied = 1 WHERE replied = 0 AND participant_id = "
        "(SELECT participant_id FROM messaging_links WHERE chat_id = ?)",
        (chat_id,),
    )


async def chat_owed(db: Db, chat_id: int) -> bool:
    """Whether this chat is owed a reply (an update handled, its reply not delivered)."""
    row = await db.fetch_one(
        "SELECT 1 FROM handled_updates JOIN messaging_links USING (participant_id) "
        "WHERE chat_id = ? AND replied = 0 LIMIT 1",
        (chat_id,),
    )
    return row is not None


async def owed_chats(db: Db) -> list[int]:
    """Every chat owed a reply, also from before a restart."""
    rows = await db.fetch_all(
        "SELECT DISTINCT chat_id FROM handled_updates JOIN messaging_links "
        "USING (participant_id) WHERE replied = 0 ORDER BY chat_id"
    )
    return [int(row[0]) for row in rows]


async def forget_handled_updates(db: Db, handled_before: datetime) -> int:
    """Drop records whose reply went out before `handled_before`, and those of participants
    no longer reachable on Telegram (their link was deleted); returns how many."""
    written = await db.execute(
        "DELETE FROM handled_updates WHERE (replied = 1 AND handled_at < ?) "
        "OR participant_id NOT IN (SELECT participant_id FROM messaging_links)",
        (handled_before.astimezone(UTC).isoformat(timespec="seconds"),),
    )
    return written.rowcount
