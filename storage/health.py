"""Whether the database takes a write now, for the web's /healthz: a change made and undone."""

from __future__ import annotations

import sqlite3

from storage.db import Db


class _Undo(Exception):
    """Leaves the probe's transaction so that it rolls back."""


async def writable(db: Db) -> bool:
    """True when a write transaction can start and write (the file is writable, the disk takes
    it, no other process holds the write lock past the busy timeout); nothing is kept."""
    try:
        async with db.transaction():
            await db.execute("CREATE TABLE health_probe (x)")
            raise _Undo
    except _Undo:
        return True
    except sqlite3.Error:
        return False
