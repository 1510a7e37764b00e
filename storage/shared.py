"""One SQLite connection shared by many concurrent tasks, with transactions kept whole.

The bot handles many people at once on one aiosqlite connection. A transaction (BEGIN ...
COMMIT) spans several awaits; without care another task's statement would run inside it, be
committed (or rolled back) with it, and read its uncommitted rows. `SharedConnection` gives a
transaction's task the connection to itself: every other task's statement waits until the
transaction ends. Statements outside transactions run one at a time as before.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite


class SharedConnection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._turn = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
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

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # Every statement, fetch and commit of aiosqlite (cursors included) passes here.
        async with self.exclusive():
            return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]


def shared_connection(path: str) -> SharedConnection:
    """Like `aiosqlite.connect(path, isolation_level=None)`: await it to open."""
    return SharedConnection(lambda: sqlite3.connect(path, isolation_level=None))


@asynccontextmanager
async def nested(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """A savepoint inside the transaction already open on `conn`: what fails in it is undone
    alone (then re-raised); what succeeds commits or rolls back with the outer transaction."""
    await conn.execute("SAVEPOINT nested")
    try:
        yield
    except BaseException:
        await conn.execute("ROLLBACK TO nested")
        await conn.execute("RELEASE nested")
        raise
    await conn.execute("RELEASE nested")
