"""Retention: what is no longer needed once a round has been over for a while goes.

A round is over when it was closed (`inspraak round close`) or its last day has passed. Once it
has been over longer than the retention period:

- the ways to reach or recognise its participants go: Telegram chat ids (`messaging_links`) and
  WhatsApp numbers (`whatsapp_links`), each with the record of the messages handled for them
  (`handled_deliveries`), browser sessions and resume links, for every participant with
  nothing in a round that is not over yet;
- its unfinished responses go, with their answers;
- participants left with no response at all go (with their consent records).

Submitted responses and their answers stay, under their pseudonyms, with every figure resting
on them; answers of unfinished responses no longer count in reports written afterwards. The
audit log records the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.audit_log import audit
from storage.db import Db
from storage.handled import forget_unlinked

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


Params = dict[str, str]


async def _count(db: Db, sql: str, params: Params) -> int:
    row = await db.fetch_one(sql, params)
    assert row is not None  # count(*) always gives one row
    return int(row[0])


async def _delete(db: Db, sql: str, params: Params) -> int:
    return (await db.execute(sql, params)).rowcount


class _DryRun(Exception):
    """Leaves the transaction of a dry run so that it rolls back, with what it would do."""

    def __init__(self, result: RetentionResult) -> None:
        super().__init__("dry run")
        self.result = result


async def apply_retention(
    db: Db, over_before: datetime, *, dry_run: bool = False
) -> RetentionResult:
    """Delete (or with `dry_run` only count) what rounds over before `over_before` no longer
    need. One transaction: a dry run does everything and rolls back, so its counts are exact."""
    try:
        async with db.transaction():
            result = await _remove(db, over_before, applied=not dry_run)
            if dry_run:
                raise _DryRun(result)
            if not result.nothing:
                await audit(
                    db,
                    "operator",
                    "retention",
                    over_before=over_before.date().isoformat(),
                    messaging_links=result.messaging_links,
                    whatsapp_links=result.whatsapp_links,
                    web_sessions=result.web_sessions,
                    resume_tokens=result.resume_tokens,
                    unfinished_responses=result.unfinished_responses,
                    answers=result.answers,
                    participants=result.participants,
                )
    except _DryRun as undone:
        return undone.result
    return result


async def _remove(db: Db, over_before: datetime, *, applied: bool) -> RetentionResult:
    params = {"cutoff": over_before.isoformat()}  # julianday() applies the offset
    rows = await db.fetch_all(
        f"SELECT name FROM rounds WHERE id IN ({_EXPIRED}) ORDER BY starts_on, id", params
    )
    rounds = tuple(str(r[0]) for r in rows)
    unfinished = f"FROM responses WHERE status = 'in_progress' AND round_id IN ({_EXPIRED})"
    answers = await _count(
        db, f"SELECT count(*) FROM answers WHERE response_id IN (SELECT id {unfinished})", params
    )
    links = await _delete(
        db, f"DELETE FROM messaging_links WHERE participant_id IN ({_DONE_PARTICIPANTS})", params
    )
    numbers = await _delete(
        db, f"DELETE FROM whatsapp_links WHERE participant_id IN ({_DONE_PARTICIPANTS})", params
    )
    await forget_unlinked(db)  # their handled messages: nothing owed, nothing recognised
    sessions = await _delete(
        db, f"DELETE FROM web_sessions WHERE participant_id IN ({_DONE_PARTICIPANTS})", params
    )
    tokens = await _delete(
        db, f"DELETE FROM resume_tokens WHERE participant_id IN ({_DONE_PARTICIPANTS})", params
    )
    responses = await _delete(db, f"DELETE {unfinished}", params)
    participants = await _delete(
        db,
        "DELETE FROM participants WHERE NOT EXISTS "
        "(SELECT 1 FROM responses WHERE participant_id = participants.id) "
        "AND NOT EXISTS (SELECT 1 FROM messaging_links WHERE participant_id = participants.id) "
        "AND NOT EXISTS (SELECT 1 FROM whatsapp_links WHERE participant_id = participants.id) "
        "AND NOT EXISTS (SELECT 1 FROM web_sessions WHERE participant_id = participants.id) "
        f"AND id IN (SELECT participant_id FROM consents WHERE round_id IN ({_EXPIRED}))",
        params,
    )
    return RetentionResult(
        rounds,
        links,
        sessions,
        tokens,
        responses,
        answers,
        participants,
        applied,
        whatsapp_links=numbers,
    )
