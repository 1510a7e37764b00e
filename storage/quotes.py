"""Quotes: free-text answers waiting for a coordinator's review, and the approved (maybe
edited) ones a report may show.

Every quote comes with the size of its own group: the people of its role at its location (or,
for an answer without a location, of its role without one) who answered the same questionnaire
in the round. A reflection round's questionnaire (ids in `whole`) is a group by itself: its
people of that role wherever they are, apart from the survey."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Db, load_value, now
from storage.text import clean_text


@dataclass(frozen=True)
class Quote:
    """A free-text answer of a round: waiting for review, or as approved (maybe edited)."""

    response_id: int
    question_id: str
    role: str
    location: str | None
    text: str
    questionnaire_id: str = ""
    group_people: int = 0  # people of the quote's own group (see the module's docstring)
    reviewed_by: str = ""
    reviewed_at: str = ""


def _group(whole: Sequence[str]) -> str:
    """SQL for the people of the quote's own group (`responses` is the quote's response)."""
    marks = ",".join("?" * len(whole)) or "NULL"
    return f"""
    (SELECT count(DISTINCT mates.participant_id) FROM responses AS mates
     WHERE mates.round_id = responses.round_id
       AND mates.questionnaire_id = responses.questionnaire_id
       AND mates.role = responses.role
       AND (mates.location_id IS responses.location_id
            OR responses.questionnaire_id IN ({marks}))
       AND EXISTS (SELECT 1 FROM answers AS given
                   WHERE given.response_id = mates.id AND given.value IS NOT NULL))
    """


async def pending_quotes(
    db: Db, round_id: int, text_question_ids: Sequence[str], whole: Sequence[str] = ()
) -> list[Quote]:
    """Free-text answers nobody has reviewed yet, oldest first."""
    if not text_question_ids:
        return []
    marks = ",".join("?" * len(text_question_ids))
    rows = await db.fetch_all(
        f"""
        SELECT answers.response_id, answers.question_id, responses.role,
               locations.name AS location, answers.value, responses.questionnaire_id,
               {_group(whole)} AS group_people
        FROM answers
        JOIN responses ON responses.id = answers.response_id
        LEFT JOIN locations ON locations.id = responses.location_id
        LEFT JOIN quotes ON quotes.response_id = answers.response_id
                         AND quotes.question_id = answers.question_id
        WHERE responses.round_id = ? AND answers.question_id IN ({marks})
          AND answers.skipped = 0 AND answers.value IS NOT NULL AND quotes.status IS NULL
        ORDER BY answers.answered_at, answers.response_id
        """,
        (*whole, round_id, *text_question_ids),
    )
    return [
        Quote(r[0], r[1], r[2], r[3], clean_text(str(load_value(r[4]))), r[5], int(r[6]))
        for r in rows
    ]


async def review_quote(
    db: Db, response_id: int, question_id: str, approved: bool, text: str, reviewer: str
) -> None:
    await db.execute(
        "INSERT INTO quotes (response_id, question_id, status, text, reviewed_by, reviewed_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(response_id, question_id) DO UPDATE SET "
        "status = excluded.status, text = excluded.text, reviewed_by = excluded.reviewed_by, "
        "reviewed_at = excluded.reviewed_at",
        (
            response_id,
            question_id,
            "approved" if approved else "rejected",
            clean_text(text),
            reviewer,
            now(),
        ),
    )


async def withdraw_quote(db: Db, response_id: int, question_id: str) -> bool:
    """Take an approval back: the answer waits for review again and no report shows it
    meanwhile. False when it was not approved."""
    cursor = await db.execute(
        "DELETE FROM quotes WHERE response_id = ? AND question_id = ? AND status = 'approved'",
        (response_id, question_id),
    )
    return cursor.rowcount > 0


async def approved_quotes(db: Db, round_id: int, whole: Sequence[str] = ()) -> list[Quote]:
    rows = await db.fetch_all(
        f"""
        SELECT quotes.response_id, quotes.question_id, responses.role,
               locations.name AS location, quotes.text, responses.questionnaire_id,
               {_group(whole)} AS group_people, quotes.reviewed_by, quotes.reviewed_at
        FROM quotes
        JOIN responses ON responses.id = quotes.response_id
        LEFT JOIN locations ON locations.id = responses.location_id
        WHERE responses.round_id = ? AND quotes.status = 'approved'
        ORDER BY quotes.question_id, quotes.reviewed_at
        """,
        (*whole, round_id),
    )
    return [Quote(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), r[7], r[8]) for r in rows]
