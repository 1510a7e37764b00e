"""Updates of different people are handled at the same time; one person's strictly in order.

PTB hands every fetched update to the update processor in the order Telegram sent them. This one
runs them concurrently, except that updates of the same chat wait for each other: the chat's
turn (`conversation.ordering.PerPerson`, a lock per chat dropped again when idle).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from conversation.ordering import PerPerson

MAX_CONCURRENT_UPDATES = 512


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats = PerPerson[int]()

    @staticmethod
    def key(update: object) -> int | None:
        """The chat an update belongs to (the user's, for updates without a chat)."""
        if not isinstance(update, Update):
            return None
        if update.effective_chat is not None:
            return update.effective_chat.id
        return update.effective_user.id if update.effective_user is not None else None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self.key(update)
        if key is None:
            await coroutine
            return
        async with self.chat(key):
            await coroutine

    @asynccontextmanager
    async def chat(self, key: int) -> AsyncIterator[None]:
        """Hold this chat's turn: its updates (and anything else taking the turn) wait."""
        async with self._chats.turn(key):
            yield

    @property
    def busy_chats(self) -> int:
        """Chats with an update being handled or waiting (for tests and monitoring)."""
        return self._chats.busy

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB waits for running updates before it shuts down."""
