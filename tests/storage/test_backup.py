"""Backup and restore (storage/backup.py): consistent copies, careful refusals."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from storage.backup import BackupError, backup, check, restore
from storage.db import connect, migrate_to, schema_version
from storage.migrations import SCHEMA_VERSION
from storage.store import Store


async def make_db(path: Path, rounds: int = 1) -> None:
    async with Store.open(path) as store:
        for number in range(rounds):
            await store.create_round(f"R{number}", 2026, date(2026, 1, 1), date(2026, 12, 31))


async def test_backup_is_one_checked_file(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    await make_db(db, rounds=2)
    summary = backup(db, tmp_path / "copy.sqlite3")
    assert (summary.rounds, summary.schema_version) == (2, SCHEMA_VERSION)
    assert not (tmp_path / "copy.sqlite3-wal").exists()
    assert not list(tmp_path.glob("*.partial"))  # noqa: ASYNC240
    with sqlite3.connect(tmp_path / "copy.sqlite3") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("boodschappen\n" * 200), "not a usable database"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE x (a)").connection.close(), "not an"),
        (lambda p: None, "does not exist"),
    ],
)
def test_check_refuses_what_is_no_inspraak_database(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "other.sqlite3"
    make(path)  # type: ignore[operator]
    with pytest.raises(BackupError, match=message):
        check(path)


async def test_a_newer_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    await make_db(path)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(BackupError, match="newer than this Inspraak"):
        restore(path, tmp_path / "live.sqlite3")


async def test_backup_refusals(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    with pytest.raises(BackupError, match="no database"):
        backup(db, tmp_path / "copy.sqlite3")
    await make_db(db)
    (tmp_path / "copy.sqlite3").write_text("keep me")
    with pytest.raises(BackupError, match="already exists"):
        backup(db, tmp_path / "copy.sqlite3")
    assert (tmp_path / "copy.sqlite3").read_text() == "keep me"
    with pytest.raises(BackupError, match="does not exist"):
        backup(db, tmp_path / "nergens" / "copy.sqlite3")
    backup(db, tmp_path / "copy.sqlite3", overwrite=True)
    assert check(tmp_path / "copy.sqlite3").rounds == 1


async def test_restore_an_older_backup_keeps_the_current_one(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    conn = await connect(old, migrate=False)
    await migrate_to(conn, 1)
    await conn.execute(
        "INSERT INTO rounds (name, report_year, starts_on, ends_on, created_at) "
        "VALUES ('Oud', 2025, '2025-01-01', '2025-12-31', '2025-01-01T00:00:00+00:00')"
    )
    await conn.close()
    live = tmp_path / "live.sqlite3"
    await make_db(live, rounds=3)
    restored, kept = restore(old, live)
    assert restored.schema_version == 1 and kept is not None
    assert check(kept).rounds == 3
    async with Store.open(live) as store:  # opening migrates the restored database
        assert await schema_version(store.conn) == SCHEMA_VERSION
        assert [r.name for r in await store.list_rounds()] == ["Oud"]
    with pytest.raises(BackupError, match="same file"):
        restore(live, live)
