"""Rounds (one a year per report, with their dates) and the organisation's locations."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.db import Db, now
from storage.text import clean_optional, clean_text


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

    def still_running(self, today: date) -> bool:
        """Whether people can still (come to) answer: not closed, the last day not past. A
        report made now is a tussenstand."""
        return self.closed_at is None and today <= self.ends_on


@dataclass(frozen=True)
class Location:
    id: int
    name: str


class DuplicateName(ValueError):
    """Something with this name exists already."""


def round_from_row(row: aiosqlite.Row) -> Round:
    return Round(
        id=row["id"],
        name=row["name"],
        report_year=row["report_year"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        closed_at=row["closed_at"],
        client_experience_note=row["client_experience_note"],
    )


async def create_round(
    db: Db,
    name: str,
    report_year: int,
    starts_on: date,
    ends_on: date,
    client_experience_note: str | None = None,
) -> Round:
    """A new round; DuplicateName when a round of that name exists."""
    name = clean_text(name)
    client_experience_note = clean_optional(client_experience_note)
    try:
        cursor = await db.execute(
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
    found = await get_round(db, cursor.lastrowid)
    assert found is not None
    return found


async def get_round(db: Db, round_id: int) -> Round | None:
    row = await db.fetch_one("SELECT * FROM rounds WHERE id = ?", (round_id,))
    return round_from_row(row) if row else None


async def find_round(db: Db, name_or_id: str) -> Round | None:
    row = await db.fetch_one(
        "SELECT * FROM rounds WHERE name = ? OR CAST(id AS TEXT) = ?", (name_or_id, name_or_id)
    )
    return round_from_row(row) if row else None


async def list_rounds(db: Db) -> list[Round]:
    rows = await db.fetch_all("SELECT * FROM rounds ORDER BY starts_on, id")
    return [round_from_row(r) for r in rows]


async def previous_round(db: Db, current: Round) -> Round | None:
    row = await db.fetch_one(
        "SELECT * FROM rounds WHERE starts_on < ? ORDER BY starts_on DESC, id DESC LIMIT 1",
        (current.starts_on.isoformat(),),
    )
    return round_from_row(row) if row else None


async def last_round_with_role(db: Db, role: str, until: date) -> Round | None:
    """The latest round starting on or before `until` with a submitted response of `role`."""
    row = await db.fetch_one(
        "SELECT rounds.* FROM rounds WHERE starts_on <= ? AND EXISTS (SELECT 1 FROM "
        "responses WHERE responses.round_id = rounds.id AND responses.role = ? "
        "AND responses.status = 'submitted') ORDER BY starts_on DESC, id DESC LIMIT 1",
        (until.isoformat(), role),
    )
    return round_from_row(row) if row else None


async def close_round(db: Db, round_id: int) -> None:
    await db.execute(
        "UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (now(), round_id)
    )


async def set_round_dates(db: Db, round_id: int, starts_on: date, ends_on: date) -> None:
    await db.execute(
        "UPDATE rounds SET starts_on = ?, ends_on = ? WHERE id = ?",
        (starts_on.isoformat(), ends_on.isoformat(), round_id),
    )


async def add_location(db: Db, name: str) -> Location:
    name = clean_text(name)
    await db.execute(
        "INSERT INTO locations (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
        (name, now()),
    )
    row = await db.fetch_one("SELECT id, name FROM locations WHERE name = ?", (name,))
    assert row is not None
    return Location(row["id"], row["name"])


async def rename_location(db: Db, location_id: int, name: str) -> Location | None:
    """Give a location another name; everything refers to its id, so nothing else changes.
    DuplicateName when another location has this name; None for an unknown id."""
    name = clean_text(name)
    try:
        await db.execute("UPDATE locations SET name = ? WHERE id = ?", (name, location_id))
    except sqlite3.IntegrityError:
        raise DuplicateName(name) from None
    row = await db.fetch_one("SELECT id, name FROM locations WHERE id = ?", (location_id,))
    return Location(row["id"], row["name"]) if row is not None else None


async def list_locations(db: Db) -> list[Location]:
    rows = await db.fetch_all("SELECT id, name FROM locations ORDER BY name")
    return [Location(r["id"], r["name"]) for r in rows]
