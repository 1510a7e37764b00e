"""WhatsApp numbers of participants, and the 24-hour window.

A number sits in `whatsapp_links` (like a Telegram chat id in `messaging_links`: apart from
answers, gone with the participant and with `inspraak retention`), with when its owner last
wrote: WhatsApp lets a business send free-form messages only within 24 hours of that. The
messages handled for them, and the replies they are owed, are recorded as for every messaging
channel (`storage.handled`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import Db, now
from storage.handled import WHATSAPP_WINDOW, reply_delivered
from storage.identities import WhatsApp


async def whatsapp_wrote(db: Db, wa_id: str) -> None:
    """The number's owner wrote: their window opens for 24 hours, and they are reachable."""
    await db.execute(
        "UPDATE whatsapp_links SET last_wrote_at = ?, unreachable = 0 WHERE wa_id = ?",
        (now(), wa_id),
    )


async def whatsapp_window_open(db: Db, wa_id: str, at: datetime | None = None) -> bool:
    """Whether a free-form message may go to this number now (they wrote in the last 24
    hours, as far as this process knows)."""
    row = await db.fetch_one("SELECT last_wrote_at FROM whatsapp_links WHERE wa_id = ?", (wa_id,))
    if row is None:
        return False
    wrote = datetime.fromisoformat(str(row[0]))
    return (at or datetime.now(UTC)) - wrote < WHATSAPP_WINDOW


async def whatsapp_unreachable(db: Db, wa_id: str) -> None:
    """WhatsApp cannot deliver to this number (blocked, or no WhatsApp): no reminders, and
    nothing owed, until they write again."""
    await db.execute("UPDATE whatsapp_links SET unreachable = 1 WHERE wa_id = ?", (wa_id,))
    await reply_delivered(db, WhatsApp(wa_id))
