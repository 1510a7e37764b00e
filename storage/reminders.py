"""Reminders: whose unfinished response is owed one, who had one, who wants none."""

from __future__ import annotations

from datetime import date, datetime

from storage.db import Db, now

# Unfinished responses owed a reminder, with how to reach their participant: {reach} names
# the link table's columns, {links} the table, {extra} a further condition on it.
_DUE = (
    "SELECT responses.id, {reach} FROM responses "
    "JOIN participants ON participants.id = responses.participant_id "
    "JOIN {links} ON {links}.participant_id = participants.id "
    "JOIN rounds ON rounds.id = responses.round_id "
    "WHERE status = 'in_progress' AND reminders_off = 0 AND rounds.closed_at IS NULL "
    "AND rounds.ends_on >= ? "
    "AND reminders_sent < ? "
    "AND max(julianday(updated_at), coalesce(julianday(last_reminder_at), 0)) "
    "< julianday(?){extra}"
)


async def due_reminders(
    db: Db, idle_before: datetime, max_reminders: int, *, today: date
) -> list[tuple[int, int]]:
    """(response id, chat id) of unfinished responses idle since `idle_before`, in rounds open
    and not past their last day on `today` (the organisation's local date: the caller knows
    the time zone); times are compared as moments (julianday), whatever their offset or
    precision."""
    rows = await db.fetch_all(
        _DUE.format(reach="chat_id", links="messaging_links", extra=""),
        (today.isoformat(), max_reminders, idle_before.isoformat()),
    )
    return [(int(r[0]), int(r[1])) for r in rows]


async def due_whatsapp_reminders(
    db: Db, idle_before: datetime, max_reminders: int, *, today: date
) -> list[tuple[int, str, str]]:
    """(response id, WhatsApp number, language) of the responses `due_reminders` would give,
    for participants on WhatsApp whose number WhatsApp can deliver to."""
    rows = await db.fetch_all(
        _DUE.format(
            reach="wa_id, participants.language",
            links="whatsapp_links",
            extra=" AND unreachable = 0",
        ),
        (today.isoformat(), max_reminders, idle_before.isoformat()),
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


async def mark_reminded(db: Db, response_id: int) -> None:
    await db.execute(
        "UPDATE responses SET reminders_sent = reminders_sent + 1, last_reminder_at = ? "
        "WHERE id = ?",
        (now(), response_id),
    )


async def stop_reminders(db: Db, participant_id: int) -> None:
    await db.execute("UPDATE participants SET reminders_off = 1 WHERE id = ?", (participant_id,))
