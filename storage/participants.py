"""Participants: pseudonymous people, created on their first consent, and their erasure."""

from __future__ import annotations

import secrets

from storage.audit_log import audit
from storage.db import Db, now
from storage.identities import Participant, Who, link_identity, participant_for


async def ensure_participant(db: Db, who: Who, language: str) -> Participant:
    """The participant `who` acts for; a new one, linked to `who`, when there is none yet."""
    existing = await participant_for(db, who)
    if existing is not None:
        return existing
    written = await db.execute(
        "INSERT INTO participants (pseudonym, language, created_at) VALUES (?, ?, ?)",
        ("p-" + secrets.token_hex(6), language, now()),
    )
    assert written.lastrowid is not None
    linked = await link_identity(db, who, written.lastrowid)
    assert linked, "a new participant can always be linked"
    found = await participant_for(db, who)
    assert found is not None
    return found


async def set_language(db: Db, participant_id: int, language: str) -> None:
    await db.execute(
        "UPDATE participants SET language = ? WHERE id = ?", (language, participant_id)
    )


async def erase_participant(db: Db, participant_id: int) -> int:
    """Erase a participant with every answer, consent, quote and messaging link.

    Returns the number of answers removed. The audit log records that an erasure happened,
    without anything that identifies whom.
    """
    async with db.transaction():
        row = await db.fetch_one(
            "SELECT count(*) AS n FROM answers JOIN responses ON responses.id = "
            "answers.response_id WHERE participant_id = ?",
            (participant_id,),
        )
        assert row is not None  # count(*) always gives one row
        removed = int(row[0])
        await db.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
        await audit(db, "participant", "erasure", answers=removed)
    return removed
