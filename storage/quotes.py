"""Quotes: free-text answers waiting for a coordinator's review, and the approved (maybe
edited) ones a report may show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Db, load_value, now


@dataclass(frozen=True)
class Quote:
    """A free-text answer of a round: waiting for review, or as approved (maybe edited)."""

    response_id: int
    question_id: str
    role: str
    location: str | None
    text: str


async def pending_quotes(db: Db, round_id: int, text_question_ids: Sequence[str]) -> list[Quote]:
    """Free-text answers nobody has reviewed yet, oldest first."""
    if not text_question_ids:
        return []
    marks = ",".join("?" * len(text_question_ids))
    rows = await db.fetch_all(
        f"""
        SELECT answers.response_id, answers.question_id, responses.role,
               locations.name AS location, answers.value
        FROM answers
        JOIN responses ON responses.id = answers.response_id
        LEFT JOIN locations ON locations.id = responses.location_id
        LEFT JOIN quotes ON quotes.response_id = answers.response_id
                         AND quotes.question_id = answers.question_id
        WHERE responses.round_id = ? AND answers.question_id IN ({marks})
          AND answers.skipped = 0 AND answers.value IS NOT NULL AND quotes.status IS NULL
        ORDER BY answers.answered_at, answers.response_id
        """,
        (round_id, *text_question_ids),
    )
    return [Quote(r[0], r[1], r[2], r[3], str(load_value(r[4]))) for r in rows]


async def review_quote(
    db: Db, response_id: int, question_id: str, approved: bool, text: str, reviewer: str
) -> None:
    await db.conn.execute(
        "INSERT INTO quotes (response_id, question_id, status, text, reviewed_by, reviewed_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(response_id, question_id) DO UPDATE SET "
        "status = excluded.status, text = excluded.text, reviewed_by = excluded.reviewed_by, "
        "reviewed_at = excluded.reviewed_at",
        (
            response_id,
            question_id,
            "approved" if approved else "rejected",
            text,
            reviewer,
            now(),
        ),
    )


async def approved_quotes(db: Db, round_id: int) -> list[Quote]:
    rows = await db.fetch_all(
        "SELECT quotes.response_id, quotes.question_id, responses.role, "
        "locations.name AS location, quotes.text FROM quotes "
        "JOIN responses ON responses.id = quotes.response_id "
        "LEFT JOIN locations ON locations.id = responses.location_id "
        "WHERE responses.round_id = ? AND quotes.status = 'approved' "
        "ORDER BY quotes.question_id, quotes.reviewed_at",
        (round_id,),
    )
    return [Quote(r[0], r[1], r[2], r[3], r[4]) for r in rows]
