"""Reminders: whose unfinished response is owed one, who had one, who wants none."""

from __future__ import annotations

from datetime import date, datetime

from storage.db import Db, now


async def due_reminders(
    db: Db, idle_before: datetime, max_reminders: int, *, today: date
) -> list[tuple[int, int]]:
    """(response id, chat id) of unfinished responses idle since `idle_before`, in rounds open
    and not past their last day on `today` (the organisation's local date: the caller knows
    the time zone); times are compared as moments (julianday), whatever their offset or
    precision."""
    rows = await db.fetch_all(
        "SELECT responses.id, chat_id FROM responses "
        "JOIN participants ON participants.id = responses.participant_id "
        "JOIN messaging_links ON messaging_links.participant_id = participants.id "
        "JOIN rounds ON rounds.id = responses.round_id "
        "WHERE status = 'in_progress' AND reminders_off = 0 AND rounds.closed_at IS NULL "
        "AND rounds.ends_on >= ? "
        "AND reminders_sent < ? "
        "AND max(julianday(updated_at), coalesce(julianday(last_reminder_at), 0)) "
        "< julianday(?)",
        (today.isoformat(), max_reminders, idle_before.isoformat()),
    )
    return [(int(r[0]), int(r[1])) for r in rows]


async def mark_reminded(db: Db, response_id: int) -> None:
    await db.conn.execute(
        "UPDATE responses SET reminders_sent = reminders_sent + 1, last_reminder_at = ? "
        "WHERE id = ?",
        (now(), response_id),
    )


async def stop_reminders(db: Db, participant_id: int) -> None:
    await db.conn.execute(
        "UPDATE participants SET reminders_off = 1 WHERE id = ?", (participant_id,)
    )
