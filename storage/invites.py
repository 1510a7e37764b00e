"""Invites: the codes that let a person start a response, whether one may be used now, and how
far a round has come (invited, started, completed)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from storage.db import Db, now, record_from_row
from storage.rounds import Round, get_round

# Unambiguous characters only: codes are sometimes typed over from paper.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 12  # 31^12 ~ 7.9e17: not guessable, and fits a deep link and callback data.


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


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
class InviteCount:
    role: str
    kind: str
    codes: int
    places: int | None  # None: at least one code without a limit


@dataclass(frozen=True)
class ProgressRow:
    role: str
    location: str | None
    invited: int | None  # None: team codes without a limit
    started: int
    completed: int


INVITE_SELECT = """
    SELECT invites.*, locations.name AS location_name FROM invites
    LEFT JOIN locations ON locations.id = invites.location_id
"""


async def create_invites(
    db: Db,
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
    async with db.transaction():
        await db.execute_many(
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
    rows = await db.fetch_all(f"{INVITE_SELECT} WHERE code IN ({marks}) ORDER BY invites.id", codes)
    return [record_from_row(Invite, r) for r in rows]


async def get_invite(db: Db, code: str) -> Invite | None:
    row = await db.fetch_one(f"{INVITE_SELECT} WHERE code = ?", (code,))
    return record_from_row(Invite, row) if row else None


async def list_invites(db: Db, round_id: int) -> list[Invite]:
    rows = await db.fetch_all(
        f"{INVITE_SELECT} WHERE round_id = ? ORDER BY invites.id", (round_id,)
    )
    return [record_from_row(Invite, r) for r in rows]


async def revoke_invite(db: Db, code: str) -> bool:
    cursor = await db.execute(
        "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL", (now(), code)
    )
    return cursor.rowcount > 0


async def check_invite(
    db: Db, code: str, at: datetime | None = None, *, today: date | None = None
) -> InviteCheck:
    """Whether a code may start a new response now, and if not, why not. `today` is the date
    the round's first and last day are counted in: the organisation's local date
    (`Settings.local_date`), which the product always passes; without it, the UTC date of
    `at`."""
    at = at or datetime.now(UTC)
    day = today or at.astimezone(UTC).date()
    invite = await get_invite(db, code)
    if invite is None:
        return InviteCheck(None, InviteProblem.UNKNOWN)
    round_ = await get_round(db, invite.round_id)
    assert round_ is not None
    # A reflection comes after the round: only the invite's own expiry and uses count.
    in_round = invite.kind != "reflection"
    problem: InviteProblem | None = None
    if invite.revoked_at:
        problem = InviteProblem.REVOKED
    elif in_round and (round_.closed_at or day > round_.ends_on):
        problem = InviteProblem.ROUND_CLOSED
    elif in_round and day < round_.starts_on:
        problem = InviteProblem.ROUND_NOT_STARTED
    elif datetime.fromisoformat(invite.expires_at) < at:
        problem = InviteProblem.EXPIRED
    elif invite.max_uses is not None and invite.uses >= invite.max_uses:
        problem = InviteProblem.USED_UP
    return InviteCheck(invite, problem, round_)


async def started_unfinished(db: Db, invite_id: int) -> bool:
    """Whether a response begun with this invite is still being answered. The code alone never
    continues it (only the device it began on or the personal resume link does): this only
    lets the code say where to continue."""
    row = await db.fetch_one(
        "SELECT 1 FROM responses WHERE invite_id = ? AND status = 'in_progress' LIMIT 1",
        (invite_id,),
    )
    return row is not None


async def invite_counts(db: Db, round_id: int) -> list[InviteCount]:
    """Per role and invite kind: codes issued and the responses they allow (None: unlimited)."""
    rows = await db.fetch_all(
        """
        SELECT role, kind, count(*) AS codes,
               CASE WHEN count(*) = count(max_uses) THEN sum(max_uses) END AS places
        FROM invites WHERE round_id = ? AND revoked_at IS NULL
        GROUP BY role, kind ORDER BY role, kind
        """,
        (round_id,),
    )
    return [InviteCount(r[0], r[1], int(r[2]), r[3]) for r in rows]


async def progress(db: Db, round_id: int) -> list[ProgressRow]:
    """Per role and location: invited, started and completed responses."""
    rows = await db.fetch_all(
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
