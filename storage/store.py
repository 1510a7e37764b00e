"""All SQL of Inspraak, behind typed async methods. Nothing outside this package writes SQL."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from questionnaires.engine import Answer
from questionnaires.model import AnswerValue, Questionnaire
from storage.console import ConsoleAccess
from storage.db import connect
from storage.identities import Identities, Participant, Who
from storage.shared import SharedConnection

# Unambiguous characters only: codes are sometimes typed over from paper.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 12  # 31^12 ~ 7.9e17: not guessable, and fits a deep link and callback data.


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _dump(value: AnswerValue) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _load(raw: str | None) -> AnswerValue:
    if raw is None:
        return None
    value: AnswerValue = json.loads(raw)
    return value


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    report_year: int
    starts_on: date
    ends_on: date
    closed_at: str | None
    client_experience_note: str | None

    def is_open(self, today: date) -> bool:
        return self.closed_at is None and self.starts_on <= today <= self.ends_on


@dataclass(frozen=True)
class Location:
    id: int
    name: str


@dataclass(frozen=True)
class Invite:
    id: int
    code: str
    round_id: int
    role: str
    location_id: int | None
    location_name: str | None
    max_uses: int | None
    uses: int
    expires_at: str
    revoked_at: str | None
    kind: str = "survey"


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


class DuplicateName(ValueError):
    """Something with this name exists already."""


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    REVOKED = "revoked"
    ROUND_CLOSED = "round_closed"
    ROUND_NOT_STARTED = "round_not_started"


@dataclass(frozen=True)
class InviteCheck:
    invite: Invite | None
    problem: InviteProblem | None
    round: Round | None = None


@dataclass(frozen=True)
class ProgressRow:
    role: str
    location: str | None
    invited: int | None  # None: team codes without a limit
    started: int
    completed: int


@dataclass(frozen=True)
class Quote:
    """A free-text answer of a round: waiting for review, or as approved (maybe edited)."""

    response_id: int
    question_id: str
    role: str
    location: str | None
    text: str


@dataclass(frozen=True)
class Contribution:
    occurred_on: str
    kind: str
    with_whom: list[str]
    people_reached: int | None
    pillar: str | None
    yielded: str | None
    obstacles: str | None
    location: str | None


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


@dataclass(frozen=True)
class InviteCount:
    role: str
    kind: str
    codes: int
    places: int | None  # None: at least one code without a limit


def _round(row: aiosqlite.Row) -> Round:
    return Round(
        id=row["id"],
        name=row["name"],
        report_year=row["report_year"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        closed_at=row["closed_at"],
        client_experience_note=row["client_experience_note"],
    )


RowRecord = TypeVar("RowRecord", "Invite", "Response")


def _from_row(cls: type[RowRecord], row: aiosqlite.Row) -> RowRecord:
    """A record whose fields are named exactly as the query's columns."""
    return cls(**{f.name: row[f.name] for f in fields(cls)})


INVITE_SELECT = """
    SELECT invites.*, locations.name AS location_name FROM invites
    LEFT JOIN locations ON locations.id = invites.location_id
"""


class Store:
    """One open database. Use `Store.open(path)` as an async context manager."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.identities = Identities(conn)
        self.console = ConsoleAccess(conn)

    @classmethod
    async def connect(cls, path: Path | str) -> Store:
        """Open and migrate the database; the caller closes it."""
        return cls(await connect(path))

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path | str) -> AsyncIterator[Store]:
        store = await cls.connect(path)
        try:
            yield store
        finally:
            await store.close()

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN ... COMMIT with the shared connection to this task alone (see shared.py)."""
        async with self._exclusive():
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    def _exclusive(self) -> AbstractAsyncContextManager[None]:
        if isinstance(self.conn, SharedConnection):
            return self.conn.exclusive()
        return nullcontext()

    # One trip to the database thread per query (execute, fetch and close in one go): the bot
    # runs many of these per answer, and each trip costs more than the query itself.
    async def _one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = list(await self.conn.execute_fetchall(sql, params))
        return rows[0] if rows else None

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    # Rounds and locations ----------------------------------------------------------------

    async def create_round(
        self,
        name: str,
        report_year: int,
        starts_on: date,
        ends_on: date,
        client_experience_note: str | None = None,
    ) -> Round:
        """A new round; DuplicateName when a round of that name exists."""
        try:
            cursor = await self.conn.execute(
                "INSERT INTO rounds (name, report_year, starts_on, ends_on, created_at, "
                "client_experience_note) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    name,
                    report_year,
                    starts_on.isoformat(),
                    ends_on.isoformat(),
                    now(),
                    client_experience_note,
                ),
            )
        except sqlite3.IntegrityError:
            raise DuplicateName(name) from None
        assert cursor.lastrowid is not None
        found = await self.get_round(cursor.lastrowid)
        assert found is not None
        return found

    async def get_round(self, round_id: int) -> Round | None:
        row = await self._one("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return _round(row) if row else None

    async def find_round(self, name_or_id: str) -> Round | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE name = ? OR CAST(id AS TEXT) = ?", (name_or_id, name_or_id)
        )
        return _round(row) if row else None

    async def list_rounds(self) -> list[Round]:
        return [_round(r) for r in await self._all("SELECT * FROM rounds ORDER BY starts_on, id")]

    async def previous_round(self, current: Round) -> Round | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE starts_on < ? ORDER BY starts_on DESC, id DESC LIMIT 1",
            (current.starts_on.isoformat(),),
        )
        return _round(row) if row else None

    async def close_round(self, round_id: int) -> None:
        await self.conn.execute(
            "UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (now(), round_id)
        )

    async def set_round_dates(self, round_id: int, starts_on: date, ends_on: date) -> None:
        await self.conn.execute(
            "UPDATE rounds SET starts_on = ?, ends_on = ? WHERE id = ?",
            (starts_on.isoformat(), ends_on.isoformat(), round_id),
        )

    async def add_location(self, name: str) -> Location:
        await self.conn.execute(
            "INSERT INTO locations (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
            (name, now()),
        )
        row = await self._one("SELECT id, name FROM locations WHERE name = ?", (name,))
        assert row is not None
        return Location(row["id"], row["name"])

    async def list_locations(self) -> list[Location]:
        rows = await self._all("SELECT id, name FROM locations ORDER BY name")
        return [Location(r["id"], r["name"]) for r in rows]

    # Invites -----------------------------------------------------------------------------

    async def create_invites(
        self,
        round_id: int,
        role: str,
        count: int,
        expires_at: datetime,
        location_id: int | None = None,
        max_uses: int | None = 1,
        kind: str = "survey",
    ) -> list[Invite]:
        codes = [new_code() for _ in range(count)]
        created = now()
        async with self.transaction():
            await self.conn.executemany(
                "INSERT INTO invites (code, round_id, role, location_id, max_uses, expires_at, "
                "created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        code,
                        round_id,
                        role,
                        location_id,
                        max_uses,
                        expires_at.isoformat(timespec="seconds"),
                        created,
                        kind,
                    )
                    for code in codes
                ],
            )
        marks = ",".join("?" * len(codes))
        rows = await self._all(
            f"{INVITE_SELECT} WHERE code IN ({marks}) ORDER BY invites.id", codes
        )
        return [_from_row(Invite, r) for r in rows]

    async def get_invite(self, code: str) -> Invite | None:
        row = await self._one(f"{INVITE_SELECT} WHERE code = ?", (code,))
        return _from_row(Invite, row) if row else None

    async def list_invites(self, round_id: int) -> list[Invite]:
        rows = await self._all(
            f"{INVITE_SELECT} WHERE round_id = ? ORDER BY invites.id", (round_id,)
        )
        return [_from_row(Invite, r) for r in rows]

    async def revoke_invite(self, code: str) -> bool:
        cursor = await self.conn.execute(
            "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL", (now(), code)
        )
        return cursor.rowcount > 0

    async def check_invite(self, code: str, at: datetime | None = None) -> InviteCheck:
        """Whether a code may start a new response now, and if not, why not."""
        at = at or datetime.now(UTC)
        invite = await self.get_invite(code)
        if invite is None:
            return InviteCheck(None, InviteProblem.UNKNOWN)
        round_ = await self.get_round(invite.round_id)
        assert round_ is not None
        problem: InviteProblem | None = None
        if invite.revoked_at:
            problem = InviteProblem.REVOKED
        elif invite.kind == "reflection":  # after the round: only its own expiry counts
            if datetime.fromisoformat(invite.expires_at) < at:
                problem = InviteProblem.EXPIRED
            elif invite.max_uses is not None and invite.uses >= invite.max_uses:
                problem = InviteProblem.USED_UP
        elif round_.closed_at or at.date() > round_.ends_on:
            problem = InviteProblem.ROUND_CLOSED
        elif at.date() < round_.starts_on:
            problem = InviteProblem.ROUND_NOT_STARTED
        elif datetime.fromisoformat(invite.expires_at) < at:
            problem = InviteProblem.EXPIRED
        elif invite.max_uses is not None and invite.uses >= invite.max_uses:
            problem = InviteProblem.USED_UP
        return InviteCheck(invite, problem, round_)

    # Participants --------------------------------------------------------------------------

    async def participant_for(self, who: Who) -> Participant | None:
        """The participant a Telegram chat or a browser acts for, if any."""
        return await self.identities.participant_for(who)

    async def chat_for_participant(self, participant_id: int) -> int | None:
        return await self.identities.chat_for_participant(participant_id)

    async def _ensure_participant(self, who: Who, language: str) -> Participant:
        existing = await self.participant_for(who)
        if existing is not None:
            return existing
        cursor = await self.conn.execute(
            "INSERT INTO participants (pseudonym, language, created_at) VALUES (?, ?, ?)",
            ("p-" + secrets.token_hex(6), language, now()),
        )
        assert cursor.lastrowid is not None
        linked = await self.identities.link(who, cursor.lastrowid)
        assert linked, "a new participant can always be linked"
        found = await self.participant_for(who)
        assert found is not None
        return found

    async def start_response(
        self,
        who: Who,
        code: str,
        questionnaire: Questionnaire,
        consent_version: str,
        language: str = "nl",
        at: datetime | None = None,
    ) -> tuple[Response | None, InviteProblem | None]:
        """After consent: create the participant if new, record consent, use the invite once.

        A person has at most one response per round and survey questionnaire: when they come
        back (the same invite link, or a team code opened again) they get their own response
        back. An unfinished one resumes; a submitted one is reopened so they can change their
        answers, as long as the round is still open. Only a contribution log (a questionnaire of
        kind 'contribution') gives a new response each time, one per contribution.
        """
        async with self.transaction():
            check = await self.check_invite(code, at)
            participant = await self.participant_for(who)
            if check.invite is not None and participant is not None:
                own = await self._own_response(participant.id, check, questionnaire)
                if own is not None:
                    return own
            if check.problem is not None or check.invite is None:
                return None, check.problem
            invite = check.invite
            participant = await self._ensure_participant(who, language)
            stamp = now()
            await self.conn.execute(
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
            await self.conn.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite.id,))
            cursor = await self.conn.execute(
                "INSERT INTO responses (participant_id, round_id, invite_id, role, location_id, "
                "questionnaire_id, questionnaire_version, started_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            assert cursor.lastrowid is not None
            row = await self._one("SELECT * FROM responses WHERE id = ?", (cursor.lastrowid,))
            assert row is not None
            return _from_row(Response, row), None

    async def _own_response(
        self, participant_id: int, check: InviteCheck, questionnaire: Questionnaire
    ) -> tuple[Response | None, InviteProblem | None] | None:
        """The participant's own response to resume or reopen, or None to start a new one."""
        assert check.invite is not None
        if questionnaire.kind == "contribution":
            row = await self._one(
                "SELECT * FROM responses WHERE participant_id = ? AND invite_id = ? "
                "AND status = 'in_progress' ORDER BY id DESC LIMIT 1",
                (participant_id, check.invite.id),
            )
            return (_from_row(Response, row), None) if row is not None else None
        row = await self._one(
            "SELECT * FROM responses WHERE participant_id = ? AND round_id = ? "
            "AND questionnaire_id = ? ORDER BY id DESC LIMIT 1",
            (participant_id, check.invite.round_id, questionnaire.id),
        )
        if row is None:
            return None
        response = _from_row(Response, row)
        if response.status == "in_progress":
            return response, None
        if check.problem not in (None, InviteProblem.USED_UP):
            return None, check.problem
        await self.conn.execute(
            "UPDATE responses SET status = 'in_progress', current_question = NULL, "
            "updated_at = ? WHERE id = ?",
            (now(), response.id),
        )
        reopened = await self.get_response(response.id)
        assert reopened is not None
        return reopened, None

    async def set_language(self, participant_id: int, language: str) -> None:
        await self.conn.execute(
            "UPDATE participants SET language = ? WHERE id = ?", (language, participant_id)
        )

    async def stop_reminders(self, participant_id: int) -> None:
        await self.conn.execute(
            "UPDATE participants SET reminders_off = 1 WHERE id = ?", (participant_id,)
        )

    async def erase_participant(self, participant_id: int) -> int:
        """Erase a participant with every answer, consent, quote and messaging link.

        Returns the number of answers removed. The audit log records that an erasure happened,
        without anything that identifies whom.
        """
        async with self.transaction():
            row = await self._one(
                "SELECT count(*) AS n FROM answers JOIN responses ON responses.id = "
                "answers.response_id WHERE participant_id = ?",
                (participant_id,),
            )
            assert row is not None  # count(*) always gives one row
            removed = int(row[0])
            await self.conn.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
            await self._audit("participant", "erasure", {"answers": removed})
        return removed

    # Responses and answers ------------------------------------------------------------------

    async def get_response(self, response_id: int) -> Response | None:
        row = await self._one("SELECT * FROM responses WHERE id = ?", (response_id,))
        return _from_row(Response, row) if row else None

    async def active_response(self, participant_id: int) -> Response | None:
        row = await self._one(
            "SELECT * FROM responses WHERE participant_id = ? AND status = 'in_progress' "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            (participant_id,),
        )
        return _from_row(Response, row) if row else None

    async def invite_code_of(self, response_id: int) -> str | None:
        row = await self._one(
            "SELECT code FROM invites JOIN responses ON responses.invite_id = invites.id "
            "WHERE responses.id = ?",
            (response_id,),
        )
        return str(row["code"]) if row else None

    async def responses_of(self, participant_id: int) -> list[Response]:
        rows = await self._all(
            "SELECT * FROM responses WHERE participant_id = ? ORDER BY id", (participant_id,)
        )
        return [_from_row(Response, r) for r in rows]

    async def save_answer(
        self, response_id: int, question_id: str, value: AnswerValue, skipped: bool = False
    ) -> None:
        """Store one answer at once; answering again replaces it (idempotent on repeats)."""
        stamp = now()
        await self.conn.execute(
            "INSERT INTO answers (response_id, question_id, value, skipped, answered_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(response_id, question_id) DO UPDATE SET "
            "value = excluded.value, skipped = excluded.skipped, "
            "answered_at = excluded.answered_at",
            (response_id, question_id, _dump(value), int(skipped), stamp),
        )
        await self.conn.execute(
            "UPDATE responses SET updated_at = ? WHERE id = ?",
            (stamp, response_id),
        )

    async def forget_answer(self, response_id: int, question_id: str) -> None:
        await self.conn.execute(
            "DELETE FROM answers WHERE response_id = ? AND question_id = ?",
            (response_id, question_id),
        )

    async def answers_of(self, response_id: int) -> dict[str, Answer]:
        rows = await self._all(
            "SELECT question_id, value, skipped FROM answers WHERE response_id = ?", (response_id,)
        )
        return {r["question_id"]: Answer(_load(r["value"]), bool(r["skipped"])) for r in rows}

    async def set_current_question(self, response_id: int, question_id: str | None) -> None:
        await self.conn.execute(
            "UPDATE responses SET current_question = ?, updated_at = ? WHERE id = ?",
            (question_id, now(), response_id),
        )

    async def submit_response(self, response_id: int, keep: Iterable[str]) -> None:
        """Mark a response submitted, dropping answers to questions that ended up hidden."""
        keep_ids = list(keep)
        async with self.transaction():
            marks = ",".join("?" * len(keep_ids)) or "''"
            await self.conn.execute(
                f"DELETE FROM answers WHERE response_id = ? AND question_id NOT IN ({marks})",
                (response_id, *keep_ids),
            )
            await self.conn.execute(
                "UPDATE responses SET status = 'submitted', submitted_at = ?, updated_at = ?, "
                "current_question = NULL WHERE id = ?",
                (now(), now(), response_id),
            )

    async def add_contribution(
        self,
        round_id: int,
        contribution: Contribution,
        *,
        response_id: int | None = None,
        location_id: int | None = None,
    ) -> None:
        await self.conn.execute(
            "INSERT INTO contributions (response_id, round_id, location_id, occurred_on, kind, "
            "with_whom, people_reached, pillar, yielded, obstacles, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                response_id,
                round_id,
                location_id,
                contribution.occurred_on,
                contribution.kind,
                json.dumps(contribution.with_whom),
                contribution.people_reached,
                contribution.pillar,
                contribution.yielded,
                contribution.obstacles,
                now(),
            ),
        )

    # Reminders -------------------------------------------------------------------------------

    async def due_reminders(
        self, idle_before: datetime, max_reminders: int
    ) -> list[tuple[int, int]]:
        """(response id, chat id) of unfinished responses idle since `idle_before`; times are
        compared as moments (julianday), whatever their offset or precision."""
        rows = await self._all(
            "SELECT responses.id, chat_id FROM responses "
            "JOIN participants ON participants.id = responses.participant_id "
            "JOIN messaging_links ON messaging_links.participant_id = participants.id "
            "JOIN rounds ON rounds.id = responses.round_id "
            "WHERE status = 'in_progress' AND reminders_off = 0 AND rounds.closed_at IS NULL "
            "AND rounds.ends_on >= date('now') "
            "AND reminders_sent < ? "
            "AND max(julianday(updated_at), coalesce(julianday(last_reminder_at), 0)) "
            "< julianday(?)",
            (max_reminders, idle_before.isoformat()),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def mark_reminded(self, response_id: int) -> None:
        await self.conn.execute(
            "UPDATE responses SET reminders_sent = reminders_sent + 1, last_reminder_at = ? "
            "WHERE id = ?",
            (now(), response_id),
        )

    # Coordinators ------------------------------------------------------------------------------

    async def progress(self, round_id: int) -> list[ProgressRow]:
        """Per role and location: invited, started and completed responses."""
        rows = await self._all(
            """
            WITH inv AS (
                SELECT role, location_id,
                       CASE WHEN count(*) = count(max_uses) THEN sum(max_uses) END AS invited
                FROM invites WHERE round_id = ? AND revoked_at IS NULL
                GROUP BY role, location_id
            ), resp AS (
                SELECT role, location_id, count(*) AS started,
                       sum(status = 'submitted') AS completed
                FROM responses WHERE round_id = ? GROUP BY role, location_id
            ), keys AS (
                SELECT role, location_id FROM inv UNION SELECT role, location_id FROM resp
            )
            SELECT keys.role, locations.name AS location, inv.invited,
                   coalesce(resp.started, 0) AS started, coalesce(resp.completed, 0) AS completed
            FROM keys
            LEFT JOIN inv ON inv.role = keys.role AND inv.location_id IS keys.location_id
            LEFT JOIN resp ON resp.role = keys.role AND resp.location_id IS keys.location_id
            LEFT JOIN locations ON locations.id = keys.location_id
            ORDER BY keys.role, locations.name
            """,
            (round_id, round_id),
        )
        return [
            ProgressRow(r["role"], r["location"], r["invited"], r["started"], r["completed"])
            for r in rows
        ]

    async def pending_quotes(self, round_id: int, text_question_ids: Sequence[str]) -> list[Quote]:
        """Free-text answers nobody has reviewed yet, oldest first."""
        if not text_question_ids:
            return []
        marks = ",".join("?" * len(text_question_ids))
        rows = await self._all(
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
        return [Quote(r[0], r[1], r[2], r[3], str(_load(r[4]))) for r in rows]

    async def review_quote(
        self, response_id: int, question_id: str, approved: bool, text: str, reviewer: str
    ) -> None:
        await self.conn.execute(
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

    async def approved_quotes(self, round_id: int) -> list[Quote]:
        rows = await self._all(
            "SELECT quotes.response_id, quotes.question_id, responses.role, "
            "locations.name AS location, quotes.text FROM quotes "
            "JOIN responses ON responses.id = quotes.response_id "
            "LEFT JOIN locations ON locations.id = responses.location_id "
            "WHERE responses.round_id = ? AND quotes.status = 'approved' "
            "ORDER BY quotes.question_id, quotes.reviewed_at",
            (round_id,),
        )
        return [Quote(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    # Aggregation (reads only SQL results, never loads every answer into Python) --------------

    async def contributions(self, round_id: int) -> list[Contribution]:
        rows = await self._all(
            "SELECT contributions.*, locations.name AS location FROM contributions "
            "LEFT JOIN locations ON locations.id = contributions.location_id "
            "WHERE round_id = ? ORDER BY occurred_on, contributions.id",
            (round_id,),
        )
        return [
            Contribution(
                occurred_on=r["occurred_on"],
                kind=r["kind"],
                with_whom=json.loads(r["with_whom"]),
                people_reached=r["people_reached"],
                pillar=r["pillar"],
                yielded=r["yielded"],
                obstacles=r["obstacles"],
                location=r["location"],
            )
            for r in rows
        ]

    async def export_rows(self, round_id: int) -> AsyncIterator[ExportRow]:
        """Every answer of a round with pseudonyms, never messaging ids. Free text is included:
        callers that export for analysts must leave it out (report/exports.py does)."""
        async with self.conn.execute(
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
        ) as cursor:
            async for r in cursor:
                yield ExportRow(
                    pseudonym=r[0],
                    response_id=r[1],
                    role=r[2],
                    location=r[3],
                    questionnaire_id=r[4],
                    questionnaire_version=r[5],
                    status=r[6],
                    question_id=r[7],
                    value=_load(r[8]),
                    skipped=bool(r[9]),
                    answered_at=r[10],
                )

    # Audit -----------------------------------------------------------------------------------

    async def _audit(self, actor: str, action: str, details: dict[str, Any]) -> None:
        await self.conn.execute(
            "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
            (now(), actor, action, json.dumps(details, ensure_ascii=False)),
        )

    async def audit(self, actor: str, action: str, **details: Any) -> None:
        """Record who did what (exports, access refusals); never participant data."""
        await self._audit(actor, action, details)

    async def audit_entries(self, limit: int = 100) -> list[tuple[str, str, str, dict[str, Any]]]:
        rows = await self._all(
            "SELECT at, actor, action, details FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    # Reporting and bulk loading ----------------------------------------------------------------

    async def invite_counts(self, round_id: int) -> list[InviteCount]:
        """Per role and invite kind: codes issued and the responses they allow (None: unlimited)."""
        rows = await self._all(
            """
            SELECT role, kind, count(*) AS codes,
                   CASE WHEN count(*) = count(max_uses) THEN sum(max_uses) END AS places
            FROM invites WHERE round_id = ? AND revoked_at IS NULL
            GROUP BY role, kind ORDER BY role, kind
            """,
            (round_id,),
        )
        return [InviteCount(r[0], r[1], int(r[2]), r[3]) for r in rows]

    async def last_round_with_role(self, role: str, until: date) -> Round | None:
        """The latest round starting on or before `until` with a submitted response of `role`."""
        row = await self._one(
            "SELECT rounds.* FROM rounds WHERE starts_on <= ? AND EXISTS (SELECT 1 FROM "
            "responses WHERE responses.round_id = rounds.id AND responses.role = ? "
            "AND responses.status = 'submitted') ORDER BY starts_on DESC, id DESC LIMIT 1",
            (until.isoformat(), role),
        )
        return _round(row) if row else None

    async def bulk_responses(
        self,
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
        async with self.transaction():
            row = await self._one(
                "SELECT (SELECT coalesce(max(id), 0) FROM participants), "
                "(SELECT coalesce(max(id), 0) FROM responses)"
            )
            assert row is not None
            first_participant, first_response = int(row[0]) + 1, int(row[1]) + 1
            await self.conn.executemany(
                "INSERT INTO participants (id, pseudonym, created_at) VALUES (?, ?, ?)",
                ((first_participant + i, "p-" + secrets.token_hex(6), stamp) for i in range(count)),
            )
            await self.conn.executemany(
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

    async def bulk_answers(self, rows: Iterable[tuple[int, str, AnswerValue]]) -> None:
        """Insert many (response id, question id, value) answers in one transaction."""
        stamp = now()
        async with self.transaction():
            await self.conn.executemany(
                "INSERT INTO answers (response_id, question_id, value, skipped, answered_at) "
                "VALUES (?, ?, ?, 0, ?)",
                ((rid, qid, _dump(value), stamp) for rid, qid, value in rows),
            )
