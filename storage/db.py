"""The one place that opens the database (pragmas and migrations), and `Db`: an open
connection with its transactions and one-trip queries, which every storage operation takes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import aiosqlite

from questionnaires.model import AnswerValue
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from storage.shared import SharedConnection, nested, shared_connection
from storage.text import clean_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dump_value(value: AnswerValue) -> str | None:
    """An answer's value as stored: JSON, or NULL for none; typed text normalised."""
    if isinstance(value, str):
        value = clean_text(value)
    elif isinstance(value, list):
        value = [clean_text(v) if isinstance(v, str) else v for v in value]
    return None if value is None else json.dumps(value, ensure_ascii=False)


def load_value(raw: str | None) -> AnswerValue:
    if raw is None:
        return None
    value: AnswerValue = json.loads(raw)
    return value


def record_from_row(cls: type[Record], row: aiosqlite.Row) -> Record:
    """A record whose fields are named exactly as the query's columns."""
    return cls(**{f.name: row[f.name] for f in fields(cls)})


class Db:
    """One open connection. The storage modules' operations take it as their first argument;
    `storage.store.Store` is one, with every operation as a method."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN ... COMMIT with the shared connection to this task alone (see shared.py).
        Inside another transaction of this task: a savepoint, part of that transaction."""
        async with self._exclusive():
            if self.conn.in_transaction:
                async with nested(self.conn):
                    yield
                return
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
    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = list(await self.conn.execute_fetchall(sql, params))
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))


class DatabaseError(Exception):
    """The database cannot be used; the message says why and what to do."""


async def connect(path: Path | str, *, migrate: bool = True) -> SharedConnection:
    """Open (and by default migrate) the database with WAL, foreign keys and a busy timeout."""
    if str(path) != ":memory:":
        parent = Path(path).parent
        if not parent.exists():
            raise DatabaseError(f"the folder {parent} for the database does not exist; create it.")
    try:
        conn = shared_connection(str(path))
        await conn  # opens it
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open the database {path}: {exc}") from None
    conn.row_factory = aiosqlite.Row
    try:
        # The busy timeout first: another process may be switching to WAL or migrating.
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            await migrate_to(conn, SCHEMA_VERSION)
    except sqlite3.DatabaseError as exc:
        await conn.close()
        raise DatabaseError(f"{path} is not a usable Inspraak database: {exc}") from None
    except BaseException:
        # E.g. a schema newer than this Inspraak: never leave the connection (and its thread) open.
        await conn.close()
        raise
    return conn


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def statements(script: str) -> list[str]:
    """The complete SQL statements of a migration script, in order."""
    found: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            found.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer.strip()}")
    return found


async def migrate_to(conn: aiosqlite.Connection, target: int) -> int:
    """Apply migrations one by one, each in its own transaction; returns the new version.

    Each step takes the write lock (BEGIN IMMEDIATE) and reads `user_version` inside it, so
    two processes starting together apply every step exactly once: the second waits for the
    lock (busy timeout) and then finds the step done.
    """
    while True:
        await conn.execute("BEGIN IMMEDIATE")
        try:
            current = await schema_version(conn)
            if current > SCHEMA_VERSION:
                raise DatabaseError(
                    f"the database has schema version {current}, newer than this Inspraak "
                    f"({SCHEMA_VERSION}). Upgrade Inspraak."
                )
            if current >= target:
                await conn.execute("COMMIT")
                return current
            for statement in statements(MIGRATIONS[current]):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
