"""One person at a time, different people at once: a lock per person, dropped when idle.

Every channel handles many people concurrently but one person's messages strictly in the order
they came, and anything else it sends a person (an owed question, a reminder) waits for that
person's turn too. `PerPerson.turn(key)` is that turn; its lock is dropped again when nobody
holds or waits for it, so memory follows the people active now, not all who ever wrote. The
bot (`bot/updates.PerChatUpdateProcessor`, by chat id) and WhatsApp (`whatsapp/channel.py`, by
number) both use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)


class PerPerson(Generic[Key]):
    """FIFO turns per person (asyncio.Lock wakes waiters in the order they came)."""

    def __init__(self) -> None:
        self._locks: dict[Key, asyncio.Lock] = {}
        self._users: dict[Key, int] = {}  # how many hold or wait for each lock

    @asynccontextmanager
    async def turn(self, key: Key) -> AsyncIterator[None]:
        """Hold this person's turn: whatever else takes it waits until this ends."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    @property
    def busy(self) -> int:
        """People with something being handled or waiting (for tests and monitoring)."""
        return len(self._locks)
