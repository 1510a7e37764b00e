"""Backup and restore of the database with SQLite's online backup API.

A backup is consistent while the bot keeps running: the pages are copied in one step under a
read lock, and in WAL mode readers never block the bot's writes. A restore copies a backup into
the live database the same way (under the write lock), so a running bot sees the restored data
with its next query; the database as it was is kept next to it first.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from storage.migrations import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
REQUIRED_TABLES = frozenset({"rounds", "invites", "participants", "responses", "answers"})


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    """What a database file holds, for the operator's message."""

    path: Path
    schema_version: int
    rounds: int
    responses: int
    answers: int
    size: int


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _audit(conn: sqlite3.Connection, action: str, **details: object) -> None:
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
        (_now(), "operator", action, json.dumps(details, ensure_ascii=False)),
    )


def check(path: Path) -> Summary:
    """Refuse anything but an intact Inspraak database this version can open."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        conn = _read_only(path)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise BackupError(f"{path} is damaged (integrity check: {integrity}).")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= REQUIRED_TABLES or version < 1:
            raise BackupError(f"{path} is not an Inspraak database.")
        if version > SCHEMA_VERSION:
            raise BackupError(
                f"{path} has schema version {version}, newer than this Inspraak "
                f"({SCHEMA_VERSION}). Upgrade Inspraak first."
            )
        rounds, responses, answers = (
            int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("rounds", "responses", "answers")
        )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable database: {exc}") from None
    finally:
        conn.close()
    return Summary(path, version, rounds, responses, answers, path.stat().st_size)


def backup(source: Path, target: Path, *, overwrite: bool = False) -> Summary:
    """Copy the live database `source` to the single file `target` (mode 600, no -wal file)."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (INSPRAAK_DB).")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another name or use --overwrite.")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist; create it first.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Special-category data: only the owner may read the copy.
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))
    live = _open(source)
    try:
        copy = _open(partial)
        try:
            live.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        summary = check(partial)
        partial.replace(target)
        with contextlib.suppress(sqlite3.OperationalError):  # a read-only source still backs up
            _audit(live, "backup", file=target.name, responses=summary.responses)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup of {source} failed: {exc}") from None
    finally:
        live.close()
        partial.unlink(missing_ok=True)
    return replace(summary, path=target)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def safety_copy_path(database: Path, at: datetime | None = None) -> Path:
    stamp = (at or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return database.with_name(f"{database.stem}-before-restore-{stamp}{database.suffix}")


def restore(backup_file: Path, database: Path) -> tuple[Summary, Path | None]:
    """Copy `backup_file` into the (possibly running) database. The database as it was is
    backed up first; returns the restored summary and that safety copy (None if there was no
    database). The caller migrates the result to the current schema (storage.db.connect)."""
    restored = check(backup_file)
    if backup_file.resolve() == database.resolve():
        raise BackupError("the backup and INSPRAAK_DB are the same file.")
    kept: Path | None = None
    if database.exists():
        kept = backup(database, safety_copy_path(database)).path
    elif not database.parent.is_dir():
        raise BackupError(f"the folder {database.parent} does not exist; create it first.")
    source = _read_only(backup_file)
    try:
        live = _open(database)
        try:
            live.execute("PRAGMA journal_mode = WAL")
            source.backup(live)  # under the write lock; other connections see it at once
            _audit(live, "restore", file=backup_file.name, responses=restored.responses)
        finally:
            live.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the restore into {database} failed: {exc}") from None
    finally:
        source.close()
    return restored, kept
