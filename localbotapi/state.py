"""What the local Bot API holds, whatever the HTTP around it: the bot, the chats and people,
every message with its change stamp, the presses, the files, and the update queue with what the
bot has handled (so a person's action can wait for exactly the messages it caused).

`server.LocalBotApi` answers HTTP with it; the methods (`methods.py`) read and change it.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application

from localbotapi.model import (
    BotApiChat,
    BotApiError,
    CallbackQuery,
    Json,
    StoredFile,
    StoredMessage,
)
from localbotapi.webhook import WebhookDelivery

if TYPE_CHECKING:
    from localbotapi.users import SimulatedUser

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
REMEMBERED = 256  # confirmed updates kept, so that a test can have them delivered again


@dataclass(eq=False)
class Queued:
    update: Json
    forced: bool  # a duplicate delivery: sent once, whatever the offset

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


@dataclass
class Ticket:
    """One delivered update that a simulated user waits for."""

    update_id: int
    processed_before: int
    mark: int
    chat: BotApiChat


class BotApiState:
    """The chats, messages, presses, files and updates of one bot."""

    def __init__(self, bot: Json, *, quiet: float, webhook_via: str | None = None) -> None:
        """`quiet`: how long a chat must be silent before a message the bot sent on its own (a
        reminder) counts as complete. `webhook_via`: where a webhook's updates reach the bot
        (the reverse proxy in front of it; see `webhook.py`)."""
        self.bot = bot
        self.quiet = quiet
        self.chats: dict[int, BotApiChat] = {}
        self.users: dict[int, SimulatedUser] = {}
        self.presses: dict[str, CallbackQuery] = {}
        self.commands: dict[str, list[Json]] = {}  # by language code ("" for the default)
        self.files: dict[str, StoredFile] = {}
        self.pending: list[Queued] = []
        self.confirmed: deque[Queued] = deque(maxlen=REMEMBERED)  # newest last
        self.fetched: dict[int, int] = {}
        self.updates = asyncio.Condition()  # long polls wait here for new updates
        self.closing = False  # the server stops: long polls end
        self.webhooks = WebhookDelivery(webhook_via)  # set: updates go there, not to getUpdates
        self._update_ids = itertools.count(1)
        self._stamps = itertools.count(1)
        self._stamp = 0
        self._processed: dict[int, int] = {}
        self._dropped: set[int] = set()
        self._attached = False

    @property
    def stamp(self) -> int:
        """The change counter: every stored message or edit gets the next number."""
        return self._stamp

    def _next_stamp(self) -> int:
        self._stamp = next(self._stamps)
        return self._stamp

    def attach(self, app: AnyApplication) -> None:
        """Let simulated users know exactly when the Application has handled an update."""
        original: Callable[[object], Awaitable[None]] = app.process_update

        async def process_update(update: object) -> None:
            try:
                await original(update)
            finally:
                update_id = getattr(update, "update_id", None)
                if isinstance(update_id, int):
                    await self._mark_processed(update_id, getattr(update, "effective_chat", None))

        # Application calls self.process_update for every fetched update, so this sees them all.
        setattr(app, "process_update", process_update)  # noqa: B010
        self._attached = True

    async def _mark_processed(self, update_id: int, effective_chat: object) -> None:
        self._processed[update_id] = self._processed.get(update_id, 0) + 1
        chat = self.chats.get(getattr(effective_chat, "id", 0))
        if chat is not None:
            await chat.notify()
        else:  # an update without a known chat: wake everyone who waits
            for known in list(self.chats.values()):
                await known.notify()

    # People and chats -------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = None,
        *,
        username: str | None = None,
    ) -> SimulatedUser:
        """The person with this id and their private chat (chat id == user id)."""
        from localbotapi.users import SimulatedUser

        person = self.users.get(user_id)
        if person is None:
            chat = self.chats.setdefault(
                user_id, BotApiChat(user_id, "private", first_name=first_name or "Test")
            )
            person = SimulatedUser(self, user_id, first_name or "Test", language_code or "nl", chat)
            self.users[user_id] = person
        if first_name is not None:
            person.json["first_name"] = person.chat.first_name = first_name
        if language_code is not None:
            person.json["language_code"] = language_code
        if username is not None:
            person.json["username"] = person.chat.username = username
        return person

    def group(self, chat_id: int, title: str = "Groep", *, supergroup: bool = False) -> BotApiChat:
        """A group chat (negative id) that simulated users can post in."""
        kind = "supergroup" if supergroup else "group"
        return self.chats.setdefault(chat_id, BotApiChat(chat_id, kind, title))

    # Updates ---------------------------------------------------------------------------------

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def queue(self, update: Json, chat: BotApiChat, *, forced: bool = False) -> Ticket:
        """Put an update in the queue for the next getUpdates; wake the long polls with `wake`."""
        update_id = int(update["update_id"])
        query = update.get("callback_query")
        ticket = Ticket(update_id, self._processed.get(update_id, 0), self._stamp, chat)
        if isinstance(query, dict) and str(query["id"]) not in self.presses:
            message = query.get("message") or {}
            self.presses[str(query["id"])] = CallbackQuery(
                str(query["id"]),
                int(query.get("from", {}).get("id", 0)),
                str(query.get("data", "")),
                int(message.get("message_id", 0)),
            )
        self._dropped.discard(update_id)
        self.pending.append(Queued(update, forced))
        return ticket

    def forget_confirmed(self, update_id: int) -> list[Ticket]:
        """Telegram forgets that the bot confirmed the updates from `update_id` on: the next
        getUpdates delivers them again, as after a bot that stopped before its confirming
        call arrived. Returns a ticket per update to `settle` (wake the long polls first)."""
        again = [q for q in self.confirmed if q.update_id >= update_id]
        kept = [q for q in self.confirmed if q.update_id < update_id]
        self.confirmed = deque(kept, maxlen=REMEMBERED)
        self.pending = sorted([*again, *self.pending], key=lambda q: q.update_id)
        return [
            Ticket(
                q.update_id,
                self._processed.get(q.update_id, 0),
                self._stamp,
                self.chat_of(q.update),
            )
            for q in again
        ]

    async def wake(self) -> None:
        async with self.updates:
            self.updates.notify_all()

    def taken(self, queued: Queued) -> None:
        """The bot took an update from its webhook (answered 200): confirmed, as a later
        getUpdates confirms what it fetched."""
        if queued in self.pending:
            self.pending.remove(queued)
        if not queued.forced:
            self.confirmed.append(queued)
        self.fetched[queued.update_id] = self.fetched.get(queued.update_id, 0) + 1

    async def drop_pending(self) -> None:
        """deleteWebhook(drop_pending_updates): the queued updates are gone, and so handled."""
        dropped = {q.update_id for q in self.pending}
        self.pending.clear()
        self._dropped |= dropped
        for chat in list(self.chats.values()):
            await chat.notify()

    async def deliver(
        self,
        update: Json,
        *,
        chat: BotApiChat | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[StoredMessage]:
        """Queue an update, wait until the bot has handled it; return changed bot messages."""
        ticket = self.queue(update, chat or self.chat_of(update))
        await self.wake()
        await self.settle(ticket, timeout)
        return self.changed_since(ticket.mark, [ticket.chat])

    def chat_of(self, update: Json) -> BotApiChat:
        for value in update.values():
            if isinstance(value, dict):
                message = value.get("message", value)
                chat = message.get("chat") if isinstance(message, dict) else None
                if isinstance(chat, dict) and chat.get("id") in self.chats:
                    return self.chats[chat["id"]]
        raise ValueError("the update names no known chat; pass chat=")

    def changed_since(self, mark: int, chats: Iterable[BotApiChat]) -> list[StoredMessage]:
        """Bot messages sent or edited after `mark` in these chats, in chat order."""
        return [m for chat in chats for m in chat.messages if m.from_bot and m.stamp > mark]

    @property
    def attached(self) -> bool:
        """Whether an Application in this process reports when it has handled an update."""
        return self._attached

    def _handled(self, ticket: Ticket) -> bool:
        if ticket.update_id in self._dropped:
            return True
        return self._processed.get(ticket.update_id, 0) > ticket.processed_before

    async def settle(self, ticket: Ticket, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the Application has handled the update and its chat has no open request."""
        if not self._attached:
            raise RuntimeError("attach(app) the Application first, or use running(app)")
        chat = ticket.chat
        try:
            async with asyncio.timeout(timeout), chat.changes:
                await chat.changes.wait_for(lambda: self._handled(ticket) and not chat.inflight)
        except TimeoutError:
            state = "fetched" if self.fetched.get(ticket.update_id) else "never fetched"
            raise TimeoutError(
                f"update {ticket.update_id} was not handled within {timeout} s ({state}); "
                "is the Application polling this server?"
            ) from None

    async def wait_quiet(self, chat: BotApiChat, mark: int, timeout: float) -> None:  # noqa: ASYNC109
        """Wait until the bot changed something in `chat` after `mark` and then went quiet."""

        def last_change() -> tuple[int, int]:
            stamps = [m.stamp for m in chat.messages if m.from_bot]
            return chat.inflight, max(stamps, default=0)

        async with asyncio.timeout(timeout), chat.changes:
            await chat.changes.wait_for(lambda: bool(self.changed_since(mark, [chat])))
            await until_still(chat.changes, last_change, self.quiet)

    # Helpers for the methods ------------------------------------------------------------------

    def chat_for(self, params: Json) -> BotApiChat:
        chat_id = params.get("chat_id")
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise BotApiError("Bad Request: chat not found")
        if chat.blocked:  # sending and editing alike
            raise BotApiError("Forbidden: bot was blocked by the user", 403)
        return chat

    def bot_message(self, chat: BotApiChat, data: Json, **extra: Any) -> Json:
        sender = {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")}
        message = chat.add(
            {"from": sender, **data}, from_bot=True, stamp=self._next_stamp(), **extra
        )
        return message.as_json()

    def edit(self, message: StoredMessage, changes: Json, *, drop: Iterable[str] = ()) -> Json:
        for key in drop:
            message.data.pop(key, None)
        message.data.update(changes)
        message.data["edit_date"] = int(time.time())
        message.stamp = self._next_stamp()
        return message.as_json()

    def store_file(self, name: str, content: bytes, mime: str) -> StoredFile:
        number = len(self.files) + 1
        stored = StoredFile(f"LOCALFILE{number:06d}", f"u{number}", name, content, mime)
        self.files[stored.file_id] = stored
        return stored


async def until_still(
    condition: asyncio.Condition, state: Callable[[], object], quiet: float
) -> None:
    """With `condition` held: wait until `state()` has not changed for `quiet` seconds."""
    while True:
        before = state()
        try:
            async with asyncio.timeout(quiet):
                await condition.wait_for(lambda: state() != before)  # noqa: B023
        except TimeoutError:
            return
