"""Opening the database: pragmas, migrations from every version, and clear refusals."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from storage import db
from storage.db import DatabaseError, connect, migrate_to, schema_version
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from storage.store import Store

V1_DATA = """
INSERT INTO rounds (id, name, report_year, starts_on, ends_on, created_at)
VALUES (1, 'Voorjaar', 2026, '2026-03-01', '2026-04-30', '2026-02-01T10:00:00+00:00');
INSERT INTO locations (id, name, created_at) VALUES (1, 'De Linde', '2026-02-01T10:00:00+00:00');
INSERT INTO invites (id, code, round_id, role, location_id, max_uses, expires_at, created_at)
VALUES (1, 'abcdefghjkmn', 1, 'client', 1, 1, '2026-04-30T00:00:00+00:00',
        '2026-02-01T10:00:00+00:00');
INSERT INTO participants (id, pseudonym, created_at)
VALUES (1, 'p-000000000001', '2026-03-02T10:00:00+00:00');
INSERT INTO responses (id, participant_id, round_id, invite_id, role, location_id,
                       questionnaire_id, questionnaire_version, started_at, updated_at)
VALUES (1, 1, 1, 1, 'client', 1, 'client', 'abc', '2026-03-02T10:00:00+00:00',
        '2026-03-02T10:00:00+00:00');
INSERT INTO answers (response_id, question_id, value, answered_at)
VALUES (1, 'c_thuis', '4', '2026-03-02T10:00:00+00:00');
"""


async def pragma(conn: aiosqlite.Connection, name: str) -> object:
    async with conn.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return row[0]


def worker_threads() -> int:
    """aiosqlite's connection threads only: other tests may leave unrelated threads around."""
    return sum(1 for t in threading.enumerate() if "_connection_worker_thread" in t.name)


async def threads_back_to(expected: int) -> int:
    """A closed connection's thread ends a moment after close(); a leaked one never does."""
    for _ in range(100):
        if worker_threads() <= expected:
            break
        await asyncio.sleep(0.02)
    return worker_threads()


async def test_an_empty_file_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    conn = await connect(tmp_path / "inspraak.db")
    try:
        assert await schema_version(conn) == SCHEMA_VERSION
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = {row[0] for row in await cur.fetchall()}
        assert {"rounds", "invites", "participants", "messaging_links", "answers"} <= tables
    finally:
        await conn.close()


async def test_pragmas(tmp_path: Path) -> None:
    conn = await connect(tmp_path / "inspraak.db")
    try:
        assert await pragma(conn, "journal_mode") == "wal"
        assert await pragma(conn, "foreign_keys") == 1
        assert await pragma(conn, "busy_timeout") == 5000
    finally:
        await conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
async def test_upgrade_from_every_version_keeps_data(tmp_path: Path, version: int) -> None:
    path = tmp_path / "inspraak.db"
    old = await connect(path, migrate=False)
    assert await migrate_to(old, version) == version
    await old.executescript(V1_DATA)
    await old.close()

    async with Store.open(path) as store:
        assert await schema_version(store.conn) == SCHEMA_VERSION
        round_ = await store.get_round(1)
        assert round_ is not None and round_.name == "Voorjaar"
        assert round_.client_experience_note is None
        invite = await store.get_invite("abcdefghjkmn")
        assert invite is not None
        assert (invite.location_name, invite.kind) == ("De Linde", "survey")
        answers = await store.answers_of(1)
        assert answers["c_thuis"].value == 4
        # The upgraded database is fully usable.
        more = await store.create_invites(1, "naaste", 1, datetime(2026, 4, 30, tzinfo=UTC))
        assert more[0].kind == "survey"


async def test_a_failing_step_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "inspraak.db"
    await (await connect(path)).close()
    broken = (*MIGRATIONS, "CREATE TABLE extra (a TEXT);\nSELECT no_such_function();")
    monkeypatch.setattr(db, "MIGRATIONS", broken)
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(broken))
    with pytest.raises(DatabaseError, match="not a usable Inspraak database"):
        await connect(path)
    monkeypatch.undo()
    conn = await connect(path)
    try:
        assert await schema_version(conn) == SCHEMA_VERSION
        async with conn.execute("SELECT name FROM sqlite_master WHERE name = 'extra'") as cur:
            assert await cur.fetchall() == []
    finally:
        await conn.close()


async def test_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "inspraak.db"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    threads = worker_threads()
    with pytest.raises(DatabaseError) as caught:
        await connect(path)
    message = str(caught.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message and "Upgrade Inspraak" in message
    assert await threads_back_to(threads) == threads  # the connection was closed, not leaked


async def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notities.db"
    path.write_text("Dit is geen database, maar een boodschappenlijstje.\n" * 20)
    threads = worker_threads()
    with pytest.raises(DatabaseError, match="not a usable Inspraak database"):
        await connect(path)
    assert await threads_back_to(threads) == threads


async def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        await connect(tmp_path / "nergens" / "inspraak.db")
    assert not (tmp_path / "nergens").exists()


async def test_a_transaction_has_the_connection_to_itself(store: Store) -> None:
    """Another task's statement waits for the transaction: it is neither rolled back with it
    nor reads its uncommitted rows, whatever that task does meanwhile."""
    began, seen = asyncio.Event(), list[str]()

    async def outsider() -> None:
        await began.wait()
        await store.audit("other task", "written meanwhile")
        seen.extend(row[0] for row in await store.fetch_all("SELECT actor FROM audit_log"))

    class Undo(Exception):
        pass

    other = asyncio.create_task(outsider())
    with pytest.raises(Undo):
        async with store.transaction():
            await store.audit("first task", "rolled back")
            began.set()
            await asyncio.sleep(0.05)  # the other task runs now, and must wait
            assert not seen
            raise Undo
    await other
    assert seen == ["other task"]  # never saw the rolled-back row; its own row kept


async def test_an_operation_is_one_transaction_or_part_of_the_callers(store: Store) -> None:
    class Undo(Exception):
        pass

    class Steps:
        def __init__(self, store: Store) -> None:
            self.store = store

        @db.operation
        async def two_writes(self, fail: bool) -> None:
            await self.store.audit("operation", "first")
            if fail:
                raise Undo
            await self.store.audit("operation", "second")

    steps = Steps(store)
    with pytest.raises(Undo):
        await steps.two_writes(True)
    assert await store.audit_entries() == []  # nothing of a failed operation stays
    with pytest.raises(Undo):
        async with store.transaction():  # the caller's transaction (a message handled once)
            await store.audit("caller", "claim")
            await steps.two_writes(False)
            assert len(await store.audit_entries()) == 3
            raise Undo
    assert await store.audit_entries() == []  # one transaction: all went together
    await steps.two_writes(False)
    assert [entry[2] for entry in await store.audit_entries()] == ["second", "first"]
