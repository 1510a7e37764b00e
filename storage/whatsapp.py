"""WhatsApp numbers of participants and the messages handled for them.

A number sits in `whatsapp_links` (like a Telegram chat id in `messaging_links`: apart from
answers, gone with the participant and with `inspraak retention`), with when its owner last
wrote: WhatsApp lets a business send free-form messages only within 24 hours of that.

Each message WhatsApp delivers is recorded by the SHA-256 of its id (Meta's ids encode the
number) in the transaction of what it changed (`claim`), so a second delivery, also after a
restart, changes nothing and gets no second reply. The record is also a promise, as in
`storage.turns`: marked `replied` once the reply went out; until then the participant is owed
their question. Records go after `KEEP_DAYS` (Meta retries an unanswered webhook for up to 7
days), and with the participant.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from storage.db import Db, now
from storage.turns import Claim

KEEP_DAYS = 7
WINDOW = timedelta(hours=24)


def _hash(message_id: str) -> str:
    return hashlib.sha256(message_id.encode()).hexdigest()


async def claim_whatsapp_message(db: Db, wa_id: str, message_id: str) -> Claim:
    """Record this message as handled, unless it was before. Call it inside the transaction
    that stores what the message changes (a rollback undoes the record too)."""
    written = await db.execute(
        "INSERT INTO whatsapp_messages (id_hash, participant_id, received_at) "
        "VALUES (?, (SELECT participant_id FROM whatsapp_links WHERE wa_id = ?), ?) "
        "ON CONFLICT DO NOTHING",
        (_hash(message_id), wa_id, now()),
    )
    return Claim.NEW if written.rowcount > 0 else Claim.DUPLICATE


async def whatsapp_wrote(db: Db, wa_id: str, message_id: str) -> None:
    """The number's owner wrote (their window opens for 24 hours, and they are reachable);
    a message that made them a participant (consent) is now theirs."""
    await db.execute(
        "UPDATE whatsapp_links SET last_wrote_at = ?, unreachable = 0 WHERE wa_id = ?",
        (now(), wa_id),
    )
    await db.execute(
        "UPDATE whatsapp_messages SET participant_id = "
        "(SELECT participant_id FROM whatsapp_links WHERE wa_id = ?) "
        "WHERE id_hash = ? AND participant_id IS NULL",
        (wa_id, _hash(message_id)),
    )


async def whatsapp_replied(db: Db, wa_id: str, message_id: str = "") -> None:
    """The number got a reply that shows where the person is (to `message_id`, which may be
    from before they were a participant): nothing is owed any more."""
    await db.execute(
        "UPDATE whatsapp_messages SET replied = 1 WHERE replied = 0 AND (id_hash = ? OR "
        "participant_id = (SELECT participant_id FROM whatsapp_links WHERE wa_id = ?))",
        (_hash(message_id), wa_id),
    )


async def whatsapp_owed(db: Db, at: datetime | None = None) -> list[str]:
    """Numbers owed a reply (a message handled, its reply not delivered) whose window is still
    open at `at`; a closed window owes nothing (WhatsApp would refuse)."""
    opened_after = (at or datetime.now(UTC)) - WINDOW
    rows = await db.fetch_all(
        "SELECT DISTINCT wa_id FROM whatsapp_messages JOIN whatsapp_links "
        "USING (participant_id) WHERE replied = 0 AND unreachable = 0 "
        "AND julianday(last_wrote_at) > julianday(?) ORDER BY wa_id",
        (opened_after.isoformat(timespec="seconds"),),
    )
    return [str(row[0]) for row in rows]


async def whatsapp_window_open(db: Db, wa_id: str, at: datetime | None = None) -> bool:
    """Whether a free-form message may go to this number now (they wrote in the last 24
    hours, as far as this process knows)."""
    row = await db.fetch_one("SELECT last_wrote_at FROM whatsapp_links WHERE wa_id = ?", (wa_id,))
    if row is None:
        return False
    wrote = datetime.fromisoformat(str(row[0]))
    return (at or datetime.now(UTC)) - wrote < WINDOW


async def whatsapp_unreachable(db: Db, wa_id: str) -> None:
    """WhatsApp cannot deliver to this number (blocked, or no WhatsApp): no reminders, and
    nothing owed, until they write again."""
    await db.execute("UPDATE whatsapp_links SET unreachable = 1 WHERE wa_id = ?", (wa_id,))
    await whatsapp_replied(db, wa_id)


async def forget_whatsapp_messages(db: Db, before: datetime | None = None) -> int:
    """Drop records older than KEEP_DAYS (no second delivery can come later); returns how
    many."""
    cutoff = (before or datetime.now(UTC)) - timedelta(days=KEEP_DAYS)
    written = await db.execute(
        "DELETE FROM whatsapp_messages WHERE julianday(received_at) < julianday(?)",
        (cutoff.isoformat(timespec="seconds"),),
    )
    return written.rowcount
