"""Responses and their answers: starting one after consent (or getting one's own back),
saving each answer at once, submitting, and every answer of a round for an export."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from questionnaires.engine import Answer
from questionnaires.model import AnswerValue, Questionnaire
from storage.db import Db, dump_value, instant, load_value, now, record_from_row
from storage.identities import Who, channel_of, participant_for
from storage.invites import InviteCheck, InviteProblem, check_invite
from storage.participants import ensure_participant


@dataclass(frozen=True)
class Response:
    id: int
    participant_id: int
    round_id: int
    role: str
    location_id: int | None
    questionnaire_id: str
    questionnaire_version: str
    status: str
    current_question: str | None
    started_at: str
    updated_at: str
    submitted_at: str | None


@dataclass(frozen=True)
class ExportRow:
    pseudonym: str
    response_id: int
    role: str
    location: str | None
    questionnaire_id: str
    questionnaire_version: str
    status: str
    question_id: str
    value: AnswerValue
    skipped: bool
    answered_at: str


async def start_response(
    db: Db,
    who: Who,
    code: str,
    questionnaire: Questionnaire,
    consent_version: str,
    language: str = "nl",  # pragma: no mutate (anything but "en" reads as Dutch)
    at: datetime | None = None,
    *,
    today: date | None = None,
) -> tuple[Response | None, InviteProblem | None]:
    """After consent: create the participant if new, record consent, use the invite once.

    A person has at most one response per round and survey questionnaire: when they come
    back (the same invite link, or a team code opened again) they get their own response
    back. An unfinished one resumes; a submitted one is reopened so they can change their
    answers, as long as the round is still open. Only a contribution log (a questionnaire of
    kind 'contribution') gives a new response each time, one per contribution.
    """
    async with db.transaction():
        check = await check_invite(db, code, at, today=today)  # today: see check_invite
        participant = await participant_for(db, who)
        if check.invite is not None and participant is not None:
            own = await _own_response(db, participant.id, check, questionnaire)
            if own is not None:
                return own
        if check.problem is not None or check.invite is None:
            return None, check.problem
        invite = check.invite
        participant = await ensure_participant(db, who, language)
        stamp = now()
        await db.execute(
            "INSERT INTO consents (participant_id, round_id, text_version, given_at) "
            "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM consents WHERE "
            "participant_id = ? AND round_id = ? AND text_version = ?)",
            (
                participant.id,
                invite.round_id,
                consent_version,
                stamp,
                participant.id,
                invite.round_id,
                consent_version,
            ),
        )
        await db.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite.id,))
        cursor = await db.execute(
            "INSERT INTO responses (participant_id, round_id, invite_id, role, location_id, "
            "questionnaire_id, questionnaire_version, started_at, updated_at, channel) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                participant.id,
                invite.round_id,
                invite.id,
                invite.role,
                invite.location_id,
                questionnaire.id,
                questionnaire.version,
                stamp,
                stamp,
                channel_of(who),
            ),
        )
        assert cursor.lastrowid is not None
        row = await db.fetch_one("SELECT * FROM responses WHERE id = ?", (cursor.lastrowid,))
        assert row is not None
        return record_from_row(Response, row), None


async def _own_response(
    db: Db, participant_id: int, check: InviteCheck, questionnaire: Questionnaire
) -> tuple[Response | None, InviteProblem | None] | None:
    """The participant's own response to resume or reopen, or None to start a new one."""
    assert check.invite is not None
    if questionnaire.kind == "contribution":
        row = await db.fetch_one(
            "SELECT * FROM responses WHERE participant_id = ? AND invite_id = ? "
            "AND status = 'in_progress' ORDER BY id DESC LIMIT 1",
            (participant_id, check.invite.id),
        )
        return (record_from_row(Response, row), None) if row is not None else None
    row = await db.fetch_one(
        "SELECT * FROM responses WHERE participant_id = ? AND round_id = ? "
        "AND questionnaire_id = ? ORDER BY id DESC LIMIT 1",
        (participant_id, check.invite.round_id, questionnaire.id),
    )
    if row is None:
        return None
    response = record_from_row(Response, row)
    if response.status == "in_progress":
        return response, None
    if check.problem not in (None, InviteProblem.USED_UP):
        return None, check.problem
    await db.execute(
        "UPDATE responses SET status = 'in_progress', current_question = NULL, "
        "updated_at = ? WHERE id = ?",
        (now(), response.id),
    )
    reopened = await get_response(db, response.id)
    assert reopened is not None
    return reopened, None


async def get_response(db: Db, response_id: int) -> Response | None:
    row = await db.fetch_one("SELECT * FROM responses WHERE id = ?", (response_id,))
    return record_from_row(Response, row) if row else None


async def active_response(db: Db, participant_id: int) -> Response | None:
    row = await db.fetch_one(
        "SELECT * FROM responses WHERE participant_id = ? AND status = 'in_progress' "
        "ORDER BY updated_at DESC, id DESC LIMIT 1",
        (participant_id,),
    )
    return record_from_row(Response, row) if row else None


async def invite_code_of(db: Db, response_id: int) -> str | None:
    row = await db.fetch_one(
        "SELECT code FROM invites JOIN responses ON responses.invite_id = invites.id "
        "WHERE responses.id = ?",
        (response_id,),
    )
    return str(row["code"]) if row else None


async def responses_of(db: Db, participant_id: int) -> list[Response]:
    rows = await db.fetch_all(
        "SELECT * FROM responses WHERE participant_id = ? ORDER BY id", (participant_id,)
    )
    return [record_from_row(Response, r) for r in rows]


async def save_answer(
    db: Db, response_id: int, question_id: str, value: AnswerValue, skipped: bool = False
) -> None:
    """Store one answer at once; answering again replaces it (idempotent on repeats: the same
    answer again keeps its time, so a report does not take it for a changed one)."""
    stamp = now()
    await db.execute(
        "INSERT INTO answers (response_id, question_id, value, skipped, answered_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(response_id, question_id) DO UPDATE SET "
        "answered_at = CASE WHEN answers.value IS excluded.value "
        "AND answers.skipped = excluded.skipped "
        "THEN answers.answered_at ELSE excluded.answered_at END, "
        "value = excluded.value, skipped = excluded.skipped",
        (response_id, question_id, dump_value(value), int(skipped), instant()),
    )
    await db.execute(
        "UPDATE responses SET updated_at = ? WHERE id = ?",
        (stamp, response_id),
    )


async def forget_answer(db: Db, response_id: int, question_id: str) -> None:
    await db.execute(
        "DELETE FROM answers WHERE response_id = ? AND question_id = ?",
        (response_id, question_id),
    )


async def answers_of(db: Db, response_id: int) -> dict[str, Answer]:
    rows = await db.fetch_all(
        "SELECT question_id, value, skipped FROM answers WHERE response_id = ?", (response_id,)
    )
    return {r["question_id"]: Answer(load_value(r["value"]), bool(r["skipped"])) for r in rows}


async def set_current_question(db: Db, response_id: int, question_id: str | None) -> None:
    await db.execute(
        "UPDATE responses SET current_question = ?, updated_at = ? WHERE id = ?",
        (question_id, now(), response_id),
    )


async def submit_response(db: Db, response_id: int, keep: Iterable[str]) -> None:
    """Mark a response submitted, dropping answers to questions that ended up hidden."""
    keep_ids = list(keep)
    async with db.transaction():
        marks = ",".join("?" * len(keep_ids)) or "''"
        await db.execute(
            f"DELETE FROM answers WHERE response_id = ? AND question_id NOT IN ({marks})",
            (response_id, *keep_ids),
        )
        await db.execute(
            "UPDATE responses SET status = 'submitted', submitted_at = ?, updated_at = ?, "
            "current_question = NULL WHERE id = ?",
            (now(), now(), response_id),
        )


async def export_rows(db: Db, round_id: int) -> AsyncIterator[ExportRow]:
    """Every answer of a round with pseudonyms, never messaging ids. Free text is included:
    callers that export for analysts must leave it out (report/exports.py does)."""
    rows = await db.fetch_all(
        """
        SELECT participants.pseudonym, responses.id, responses.role,
               locations.name AS location, responses.questionnaire_id,
               responses.questionnaire_version, responses.status, answers.question_id,
               answers.value, answers.skipped, answers.answered_at
        FROM answers
        JOIN responses ON responses.id = answers.response_id
        JOIN participants ON participants.id = responses.participant_id
        LEFT JOIN locations ON locations.id = responses.location_id
        WHERE responses.round_id = ?
        ORDER BY responses.id, answers.answered_at
        """,
        (round_id,),
    )
    for r in rows:
        yield ExportRow(
            pseudonym=r[0],
            response_id=r[1],
            role=r[2],
            location=r[3],
            questionnaire_id=r[4],
            questionnaire_version=r[5],
            status=r[6],
            question_id=r[7],
            value=load_value(r[8]),
            skipped=bool(r[9]),
            answered_at=r[10],
        )
