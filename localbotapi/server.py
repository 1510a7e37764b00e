"""The local Bot API server on 127.0.0.1: HTTP, the update queue, and knowing when the bot is done.

PTB's `Application` runs against it unchanged (give it `base_url`). Simulated users (see
`users.py`) queue updates; the Application fetches them with long polling; `attach(app)` lets
the server know exactly when an update has been handled, so a person's action returns the bot
messages it caused, also when thousands of people act at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
import socket
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from telegram.ext import Application

from localbotapi.faults import BotApiFaults
from localbotapi.methods import CHAT_BOUND, METHODS, Method, Uploads, decode
from localbotapi.model import (
    BotApiChat,
    BotApiError,
    CallbackQuery,
    Json,
    StoredFile,
    StoredMessage,
    Upload,
)

if TYPE_CHECKING:
    from localbotapi.users import SimulatedUser

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bot uploads; aiohttp's default is 1 MB
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]+")
POLLING = "getupdates"
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


class LocalBotApi:
    """The server. Use `async with LocalBotApi() as api:` and give PTB `api.base_url`."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 7000001,
        first_name: str = "Inspraak",
        username: str = "inspraak_test_bot",
        quiet: float = 0.05,
        keep_calls: bool = True,
    ) -> None:
        """`token`: the only token accepted (default: any token that looks like one).

        `quiet`: how long a chat must be silent before a message the bot sent on its own (a
        reminder) counts as complete. `keep_calls`: log every request's parameters in `calls`
        (a load run keeps only the counts).
        """
        self.bot: Json = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.token = token
        self.quiet = quiet
        self.keep_calls = keep_calls
        self.chats: dict[int, BotApiChat] = {}
        self.users: dict[int, SimulatedUser] = {}
        self.calls: list[tuple[str, Json]] = []  # every request: (method, params)
        self.counts: Counter[str] = Counter()  # requests per method
        self.errors: list[tuple[str, str]] = []  # every refused request: (method, description)
        self.presses: dict[str, CallbackQuery] = {}
        self.commands: dict[str, list[Json]] = {}  # by language code ("" for the default)
        self.files: dict[str, StoredFile] = {}
        self.faults = BotApiFaults()
        self.port = 0
        self.polls = 0  # getUpdates requests so far
        self.pending: list[Queued] = []
        self.confirmed: deque[Queued] = deque(maxlen=REMEMBERED)  # newest last
        self.fetched: dict[int, int] = {}
        self.updates = asyncio.Condition()  # long polls wait here for new updates
        self.closing = False
        self._update_ids = itertools.count(1)
        self._stamps = itertools.count(1)
        self._stamp = 0
        self._processed: dict[int, int] = {}
        self._dropped: set[int] = set()
        self._attached = False
        self._state = asyncio.Condition()  # `wait_for` predicates are checked here
        self._runner: web.AppRunner | None = None

    # Server lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a long poll whose client went away, so it cannot swallow the next update.
        self._runner = web.AppRunner(
            app, shutdown_timeout=1.0, handler_cancellation=True, access_log=None
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock, backlog=4096).start()
        self.closing = False

    async def stop(self) -> None:
        self.closing = True
        async with self.updates:
            self.updates.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

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

    @asynccontextmanager
    async def running(
        self, app: AnyApplication, *, poll_timeout: int = 10
    ) -> AsyncIterator[AnyApplication]:
        """Attach and run `app` with long polling; stop and shut it down cleanly afterwards.

        Note: like `Application.initialize()`, this does not call `post_init`.
        """
        self.attach(app)
        await app.initialize()
        try:
            await app.start()
            try:
                assert app.updater is not None, "build the Application with an Updater"
                polls = self.polls
                await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
                try:
                    # Listening for sure once the first long poll has arrived.
                    await self.wait_for(lambda: self.polls > polls, quiet=False)
                    yield app
                finally:
                    await app.updater.stop()
            finally:
                await app.stop()
        finally:
            await app.shutdown()

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
            await _until_still(chat.changes, last_change, self.quiet)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        quiet: bool = True,
    ) -> None:
        """Wait until `predicate()` holds (checked whenever the bot makes a request), and then,
        with `quiet`, until no request has come in for `self.quiet` seconds."""
        async with asyncio.timeout(timeout), self._state:
            await self._state.wait_for(predicate)
            if quiet:
                await _until_still(self._state, lambda: sum(self.counts.values()), self.quiet)

    # HTTP ------------------------------------------------------------------------------------

    def _token_ok(self, token: str) -> bool:
        if self.token is not None:
            return token == self.token
        return TOKEN_PATTERN.fullmatch(token) is not None

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not self._token_ok(token):
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        name = method.lower()
        handler = METHODS.get(name)
        chat: BotApiChat | None = None
        try:
            params, uploads = await self._params(request)
            self.counts[method] += 1
            if self.keep_calls:
                logged = dict(params)
                logged.update({k: f"<upload {u.filename}>" for k, u in uploads.items()})
                self.calls.append((method, logged))
            if name == POLLING:
                self.polls += 1
            chat_id = params.get("chat_id")
            chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
            if chat is not None:
                chat.inflight += 1
            async with self._state:
                self._state.notify_all()
            if handler is None:
                raise BotApiError(
                    f"Bad Request: method {method} is not implemented by the local Bot API server"
                )
            result = await self._answer(name, handler, params, uploads)
        except BotApiError as exc:
            self.errors.append((method, exc.description))
            return web.json_response(exc.as_json(), status=exc.code)
        except Exception as exc:
            # A bug here must show up as a failed request, not as a hanging bot.
            log.exception("local Bot API server failed on %s", method)
            description = f"Internal Server Error: {exc!r}"
            self.errors.append((method, description))
            return web.json_response(
                {"ok": False, "error_code": 500, "description": description}, status=500
            )
        finally:
            if chat is not None:
                chat.inflight -= 1
                await chat.notify()
        return web.json_response({"ok": True, "result": result})

    async def _answer(self, name: str, handler: Method, params: Json, uploads: Uploads) -> Any:
        fault = self.faults.take(name, params)
        if fault is None:
            return await handler(self, params, uploads)
        if fault.applied:
            with contextlib.suppress(BotApiError):
                await handler(self, params, uploads)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        raise fault.error()

    @staticmethod
    async def _params(request: web.Request) -> tuple[Json, dict[str, Upload]]:
        params: Json = {}
        uploads: Uploads = {}
        if request.content_type == "application/json":
            body = await request.json() if request.can_read_body else {}
            if isinstance(body, dict):
                params.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    mime = value.content_type or "application/octet-stream"
                    uploads[key] = Upload(value.filename, value.file.read(), mime)
                else:
                    params[key] = value
        params.update(request.query)
        return {key: decode(key, value) for key, value in params.items()}, uploads

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

    def chat_bound_calls(self) -> int:
        """Requests that put something in a chat (sends and edits), the ones Telegram limits."""
        return sum(n for method, n in self.counts.items() if method.lower() in CHAT_BOUND)


async def _until_still(
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
