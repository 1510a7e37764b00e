"""The one place that opens the database (pragmas and migrations), and `Db`: an open
connection with its transactions and one-trip statements, which every storage operation takes.

The bot, the web form and WhatsApp handle many people at once on one aiosqlite connection. A
transaction (BEGIN ... COMMIT) spans several awaits; without care another task's statement would
run inside it, be committed (or rolled back) with it, and read its uncommitted rows. So every
statement goes through `Db` (`execute`, `execute_many`, `fetch_one`, `fetch_all`), which waits
for the connection's *turn*: a transaction's task holds the turn until it ends, and every other
task's statement waits for it. Statements outside transactions take the turn one at a time.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

import aiosqlite

from questionnaires.model import AnswerValue
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from storage.text import clean_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")
Params = Sequence[Any] | dict[str, Any]  # by position (?) or by name (:name)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def instant() -> str:
    """Now to the microsecond: when an answer was given, and when a report read the answers,
    so that a report tells the answers it read from the ones given just after (`now`'s
    seconds sort before any instant in the same second)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


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


@dataclass(frozen=True)
class Written:
    """What a statement that writes changed: how many rows, and the id of an inserted one."""

    rowcount: int
    lastrowid: int | None


class Db:
    """One open connection and the only way to it. `storage.store.Store` is one, with every
    operation as a method; the operations of storage's modules take it as their first argument
    and run every statement through it (see the module's doc)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn  # for migrations and tests; operations use the methods below
        self._turn = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """The connection for the current task alone (re-entrant within that task)."""
        task = asyncio.current_task()
        if task is not None and self._owner is task:
            yield
            return
        async with self._turn:
            self._owner = task
            try:
                yield
            finally:
                self._owner = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN ... COMMIT with the connection to this task alone, rolled back when the block
        raises. Inside another transaction of this task: a savepoint, part of that transaction
        (what fails in it is undone alone, then re-raised)."""
        async with self._exclusive():
            if self.conn.in_transaction:
                async with self._savepoint():
                    yield
                return
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    @asynccontextmanager
    async def joined(self) -> AsyncIterator[None]:
        """One transaction: this task's open one if there is one (nothing more), else a new one.
        What an operation runs in (see `operation`)."""
        async with self._exclusive():
            if self.conn.in_transaction:
                yield
                return
            async with self.transaction():
                yield

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        await self.conn.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            await self.conn.execute("ROLLBACK TO nested")
            await self.conn.execute("RELEASE nested")
            raise
        await self.conn.execute("RELEASE nested")

    # One trip to the database thread per statement (execute, fetch and close in one go): the
    # bot runs many of these per answer, and each trip costs more than the query itself.
    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._exclusive():
            return list(await self.conn.execute_fetchall(sql, params))

    async def execute(self, sql: str, params: Params = ()) -> Written:
        async with self._exclusive():
            cursor = await self.conn.execute(sql, params)
            return Written(cursor.rowcount, cursor.lastrowid)

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self._exclusive():
            await self.conn.executemany(sql, rows)


class HasStore(Protocol):
    @property
    def store(self) -> Db: ...


Owner = TypeVar("Owner", bound="Db | HasStore")
P = ParamSpec("P")
T = TypeVar("T")


def operation(
    method: Callable[Concatenate[Owner, P], Awaitable[T]],
) -> Callable[Concatenate[Owner, P], Coroutine[Any, Any, T]]:
    """An operation that runs in one transaction: everything it writes is stored together or
    not at all, whichever channel calls it. Its first argument is the store (a coordinator's
    operation: `create_round(store, ...)`) or an object holding it as `store` (a method of
    `Conversation`). Called inside a transaction the caller opened (the bot's and WhatsApp's
    record of a message handled once), it is part of that one.

    Only for quick work: the transaction has the shared connection to itself while it runs."""

    @functools.wraps(method)
    async def run(owner: Owner, /, *args: P.args, **kwargs: P.kwargs) -> T:
        db = owner if isinstance(owner, Db) else owner.store
        async with db.joined():
            return await method(owner, *args, **kwargs)

    return run


class DatabaseError(Exception):
    """The database cannot be used; the message says why and what to do."""


async def connect(path: Path | str, *, migrate: bool = True) -> aiosqlite.Connection:
    """Open (and by default migrate) the database with WAL, foreign keys and a busy timeout."""
    if str(path) != ":memory:":
        parent = Path(path).parent
        if not parent.exists():
            raise DatabaseError(f"the folder {parent} for the database does not exist; create it.")
    try:
        conn = await aiosqlite.connect(str(path), isolation_level=None, iter_chunk_size=64)
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
