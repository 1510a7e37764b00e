"""Many responses and answers in one transaction each: for benchmarks and generated data."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from questionnaires.model import AnswerValue, Questionnaire
from storage.db import Db, dump_value, instant, now


async def bulk_responses(
    db: Db,
    round_id: int,
    role: str,
    questionnaire: Questionnaire,
    count: int,
    location_id: int | None = None,
    submitted: bool = True,
) -> list[int]:
    """Insert `count` responses, each with a fresh pseudonymous participant and no messaging
    link, in one transaction. For benchmarks and generated data; returns the response ids."""
    stamp = now()
    async with db.transaction():
        row = await db.fetch_one(
            "SELECT (SELECT coalesce(max(id), 0) FROM participants), "
            "(SELECT coalesce(max(id), 0) FROM responses)"
        )
        assert row is not None
        first_participant, first_response = int(row[0]) + 1, int(row[1]) + 1
        await db.execute_many(
            "INSERT INTO participants (id, pseudonym, created_at) VALUES (?, ?, ?)",
            ((first_participant + i, "p-" + secrets.token_hex(6), stamp) for i in range(count)),
        )
        await db.execute_many(
            "INSERT INTO responses (id, participant_id, round_id, role, location_id, "
            "questionnaire_id, questionnaire_version, status, started_at, updated_at, "
            "submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    first_response + i,
                    first_participant + i,
                    round_id,
                    role,
                    location_id,
                    questionnaire.id,
                    questionnaire.version,
                    "submitted" if submitted else "in_progress",
                    stamp,
                    stamp,
                    stamp if submitted else None,
                )
                for i in range(count)
            ),
        )
    return list(range(first_response, first_response + count))


async def bulk_answers(db: Db, rows: Iterable[tuple[int, str, AnswerValue]]) -> None:
    """Insert many (response id, question id, value) answers in one transaction."""
    stamp = instant()
    async with db.transaction():
        await db.execute_many(
            "INSERT INTO answers (response_id, question_id, value, skipped, answered_at) "
            "VALUES (?, ?, ?, 0, ?)",
            ((rid, qid, dump_value(value), stamp) for rid, qid, value in rows),
        )
