"""Retention: what is no longer needed once a round has been over for a while goes.

A round is over when it was closed (`inspraak round close`) or its last day has passed. Once it
has been over longer than the retention period:

- the ways to reach or recognise its participants go: Telegram chat ids (`messaging_links`),
  WhatsApp numbers (`whatsapp_links`, with their handled message ids), browser sessions and
  resume links, for every participant with nothing in a round that is not over yet;
- its unfinished responses go, with their answers;
- participants left with no response at all go (with their consent records).

Submitted responses and their answers stay, under their pseudonyms, with every figure resting
on them; answers of unfinished responses no longer count in reports written afterwards. The
audit log records the counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import now

# Rounds over before the cut-off: closed then, or their last day ended (UTC) before it.
_EXPIRED = """
    SELECT id FROM rounds
    WHERE min(coalesce(julianday(closed_at), julianday(ends_on, '+1 day')),
              julianday(ends_on, '+1 day')) < julianday(:cutoff)
"""
# Participants with something in an expired round and nothing in any other.
_DONE_PARTICIPANTS = f"""
    SELECT id FROM participants
    WHERE EXISTS (SELECT 1 FROM responses WHERE participant_id = participants.id
                  AND round_id IN ({_EXPIRED}))
      AND NOT EXISTS (SELECT 1 FROM responses WHERE participant_id = participants.id
                      AND round_id NOT IN ({_EXPIRED}))
      AND NOT EXISTS (SELECT 1 FROM consents WHERE participant_id = participants.id
                      AND round_id NOT IN ({_EXPIRED}))
"""


@dataclass(frozen=True)
class RetentionResult:
    rounds: tuple[str, ...]
    messaging_links: int
    web_sessions: int
    resume_tokens: int
    unfinished_responses: int
    answers: int
    participants: int
    applied: bool
    whatsapp_links: int = 0

    @property
    def nothing(self) -> bool:
        return not (
            self.messaging_links
            or self.whatsapp_links
            or self.web_sessions
            or self.resume_tokens
            or self.unfinished_responses
            or self.participants
        )


async def _count(conn: aiosqlite.Connection, sql: str, params: dict[str, str]) -> int:
    async with conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None  # count(*) always gives one row
    return int(row[0])


async def _delete(conn: aiosqlite.Connection, sql: str, params: dict[str, str]) -> int:
    cursor = await conn.execute(sql, params)
    return cursor.rowcount


async def apply_retention(
    conn: aiosqlite.Connection, over_before: datetime, *, dry_run: bool = False
) -> RetentionResult:
    """Delete (or with `dry_run` only count) what rounds over before `over_before` no longer
    need. One transaction: a dry run does everything and rolls back, so its counts are exact."""
    params = {"cutoff": over_before.isoformat()}  # julianday() applies the offset
    await conn.execute("BEGIN IMMEDIATE")
    try:
        async with conn.execute(
            f"SELECT name FROM rounds WHERE id IN ({_EXPIRED}) ORDER BY starts_on, id", params
        ) as cursor:
            rounds = tuple(str(r[0]) for r in await cursor.fetchall())
        unfinished = f"FROM responses WHERE status = 'in_progress' AND round_id IN ({_EXPIRED})"
        answers = await _count(
            conn,
            f"SELECT count(*) FROM answers WHERE response_id IN (SELECT id {unfinished})",
            params,
        )
        links = await _delete(
            conn,
            f"DELETE FROM messaging_links WHERE participant_id IN ({_DONE_PARTICIPANTS})",
            params,
        )
        numbers = await _delete(
            conn,
            f"DELETE FROM whatsapp_links WHERE participant_id IN ({_DONE_PARTICIPANTS})",
            params,
        )
        await _delete(
            conn,
            "DELETE FROM whatsapp_messages WHERE participant_id IS NOT NULL AND participant_id "
            "NOT IN (SELECT participant_id FROM whatsapp_links)",
            {},
        )
        sessions = await _delete(
            conn, f"DELETE FROM web_sessions WHERE participant_id IN ({_DONE_PARTICIPANTS})", params
        )
        tokens = await _delete(
            conn,
            f"DELETE FROM resume_tokens WHERE participant_id IN ({_DONE_PARTICIPANTS})",
            params,
        )
        responses = await _delete(conn, f"DELETE {unfinished}", params)
        participants = await _delete(
            conn,
            "DELETE FROM participants WHERE NOT EXISTS "
            "(SELECT 1 FROM responses WHERE participant_id = participants.id) "
            "AND NOT EXISTS (SELECT 1 FROM messaging_links "
            "WHERE participant_id = participants.id) "
            "AND NOT EXISTS (SELECT 1 FROM whatsapp_links "
            "WHERE participant_id = participants.id) "
            "AND NOT EXISTS (SELECT 1 FROM web_sessions WHERE participant_id = participants.id) "
            "AND id IN (SELECT participant_id FROM consents WHERE round_id IN "
            f"({_EXPIRED}))",
            params,
        )
        result = RetentionResult(
            rounds,
            links,
            sessions,
            tokens,
            responses,
            answers,
            participants,
            not dry_run,
            whatsapp_links=numbers,
        )
        if dry_run:
            await conn.execute("ROLLBACK")
            return result
        if not result.nothing:
            await conn.execute(
                "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
                (
                    now(),
                    "operator",
                    "retention",
                    json.dumps(
                        {
                            "over_before": over_before.date().isoformat(),
                            "messaging_links": links,
                            "whatsapp_links": numbers,
                            "web_sessions": sessions,
                            "resume_tokens": tokens,
                            "unfinished_responses": responses,
                            "answers": answers,
                            "participants": participants,
                        }
                    ),
                ),
            )
    except BaseException:
        await conn.execute("ROLLBACK")
        raise
    await conn.execute("COMMIT")
    return result
