"""Migrations run once, under a lock: real processes opening one old database together."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storage.db import connect, migrate_to
from storage.migrations import SCHEMA_VERSION

ROOT = Path(__file__).parents[2]
# Each process waits for the same moment, then opens (and so migrates) the database.
OPENER = """
import asyncio, sys, time
from storage.db import connect, schema_version

async def main(path: str, start: float) -> None:
    time.sleep(max(0.0, start - time.time()))
    conn = await connect(path)
    try:
        print(await schema_version(conn))
    finally:
        await conn.close()

asyncio.run(main(sys.argv[1], float(sys.argv[2])))
"""


def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "inspraak.db"

    async def old_database() -> None:
        conn = await connect(path, migrate=False)
        await migrate_to(conn, 1)  # version 1: every later step still to do (ALTER TABLE ...)
        await conn.close()

    asyncio.run(old_database())
    start = time.time() + 1.5
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(path), str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [process.communicate(timeout=60) for process in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err  # e.g. "duplicate column name" without the lock
        assert out.strip() == str(SCHEMA_VERSION)
    with sqlite3.connect(path) as raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(invites)")]
        assert columns.count("kind") == 1
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
