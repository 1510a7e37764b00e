"""A local Telegram Bot API server on 127.0.0.1, with simulated users.

It speaks enough of the Bot API for the real python-telegram-bot `Application` to run against it
(give PTB `base_url` and `base_file_url`), keeps each chat's history with edits applied, and lets
tests, the demo and `inspraak preview` act as people: send text, press buttons by their label,
read the replies. It answers the way Telegram does where bots tend to trip: callback data over
64 bytes, empty or too long text, broken HTML, unknown methods. Nothing here contacts Telegram.

    async with LocalBotApi() as api:
        builder = Application.builder().token("123:ABC").base_url(api.base_url)
        app = builder.base_file_url(api.base_file_url).build()
        ...  # add handlers
        async with api.running(app):  # or api.attach(app) and run it yourself
            anna = api.user(101, "Anna")
            replies = await anna.command("start", "invite-code")
            await anna.press("Eens")
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import itertools
import json
import logging
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram.ext import Application

log = logging.getLogger(__name__)

Json = dict[str, Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Uploads = dict[str, "Upload"]
Handler = Callable[["LocalBotApi", Json, Uploads], Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bot uploads; aiohttp's default is 1 MB
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]+")
COMMAND_PATTERN = re.compile(r"[a-z0-9_]{1,32}")

# PTB sends form fields as JSON-encoded strings; these names are decoded as JSON, ints or bools.
JSON_FIELDS = frozenset(
    [
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "link_preview_options",
        "allowed_updates",
        "reply_parameters",
        "menu_button",
        "message_ids",
    ]
)
INT_FIELDS = frozenset(
    [
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
    ]
)
BOOL_FIELDS = frozenset(
    [
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "disable_web_page_preview",
    ]
)
HTML_TAGS = frozenset(
    [
        "a",
        "b",
        "blockquote",
        "code",
        "del",
        "em",
        "i",
        "ins",
        "pre",
        "s",
        "span",
        "strike",
        "strong",
        "tg-emoji",
        "tg-spoiler",
        "u",
    ]
)
HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")


class ApiError(Exception):
    """A Bot API error answer: `{"ok": false, "error_code": code, "description": ...}`."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code


@dataclass(frozen=True)
class Upload:
    """A file as uploaded in a multipart request."""

    filename: str
    content: bytes
    mime_type: str


@dataclass
class StoredFile:
    """A file the bot sent (or a user sent), retrievable with getFile."""

    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str

    @property
    def path(self) -> str:
        return f"documents/{self.file_unique_id}/{self.filename}"


@dataclass(eq=False)
class StoredMessage:
    """One message in a chat, as it is now (after edits)."""

    data: Json  # the Telegram Message object, exactly as the bot gets it back
    from_bot: bool
    file: StoredFile | None = None
    # Telegram does not echo reply keyboards in the Message, so they are kept beside it.
    reply_keyboard: Json | None = None
    parse_mode: str | None = None
    stamp: int = 0  # the server's change counter when this was sent or last edited

    @property
    def id(self) -> int:
        return int(self.data["message_id"])

    @property
    def text(self) -> str:
        """The text (or caption) as sent, markup included."""
        return str(self.data.get("text") or self.data.get("caption") or "")

    @property
    def plain_text(self) -> str:
        """The text as a person reads it: HTML tags and Markdown markers removed."""
        return render_plain(self.text, self.parse_mode)

    @property
    def buttons(self) -> list[list[Json]]:
        """The inline keyboard buttons, rows of Telegram InlineKeyboardButton objects."""
        markup = self.data.get("reply_markup") or {}
        rows: list[list[Json]] = markup.get("inline_keyboard") or []
        return rows

    @property
    def labels(self) -> list[list[str]]:
        return [[str(b["text"]) for b in row] for row in self.buttons]

    @property
    def document(self) -> tuple[str, bytes] | None:
        return (self.file.filename, self.file.content) if self.file else None

    @property
    def edited(self) -> bool:
        return "edit_date" in self.data

    def view(self) -> str:
        """Text plus buttons, as a person sees it; handy in assertion messages."""
        lines = [self.plain_text]
        lines += ["  ".join(f"[{label}]" for label in row) for row in self.labels]
        return "\n".join(lines)

    def as_json(self) -> Json:
        return copy.deepcopy(self.data)


@dataclass(eq=False)
class Chat:
    """A chat the bot is in: private (id == user id), group, supergroup or channel."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_message_id: int = 1
    reply_keyboard: Json | None = None  # the reply keyboard currently shown, if any
    actions: list[str] = field(default_factory=list)  # sendChatAction, in order
    blocked: bool = False  # the user blocked the bot (private chats)
    left: bool = False  # the bot left the chat (leaveChat)

    def as_json(self) -> Json:
        data: Json = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    def get(self, message_id: int) -> StoredMessage | None:
        return next((m for m in self.messages if m.id == message_id), None)

    def add(self, data: Json, *, from_bot: bool, stamp: int, **extra: Any) -> StoredMessage:
        data = {"message_id": self.next_message_id, "date": int(time.time()), **data}
        data["chat"] = self.as_json()
        self.next_message_id += 1
        message = StoredMessage(data, from_bot=from_bot, stamp=stamp, **extra)
        self.messages.append(message)
        return message


@dataclass
class Press:
    """A callback query a simulated user sent, and how the bot answered it."""

    query_id: str
    user_id: int
    data: str
    message_id: int
    answer: Json | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(eq=False)
class _Queued:
    update: Json
    forced: bool  # a duplicate delivery: sent once, whatever the offset


@dataclass
class _Ticket:
    """One delivered update that a simulated user waits for."""

    update_id: int
    fetched_before: int
    processed_before: int
    query_id: str | None
    mark: int
    chat: Chat


def render_plain(text: str, parse_mode: str | None) -> str:
    """Turn HTML or Markdown text into what a person reads."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return html.unescape(HTML_TAG.sub("", text))
    if mode.startswith("markdown"):
        return re.sub(r"\\(.)|[*_~`]|\|\|", lambda m: m.group(1) or "", text)
    return text


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this HTML text, or None."""
    open_tags: list[str] = []
    position = 0
    while (start := text.find("<", position)) >= 0:
        offset = len(text[:start].encode())
        match = HTML_TAG.match(text, start)
        if match is None:
            return f'Unsupported start tag "" at byte offset {offset}'
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in HTML_TAGS:
            return f'Unsupported start tag "{name}" at byte offset {offset}'
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags[-1] != name:
            expected = f'"</{open_tags[-1]}>"' if open_tags else "nothing"
            return (
                f'Unmatched end tag at byte offset {offset}, expected {expected}, found "</{name}>"'
            )
        else:
            open_tags.pop()
        position = match.end()
    if open_tags:
        return f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"'
    return None


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
    ) -> None:
        """`token`: the only token accepted (default: any token that looks like one).

        `quiet`: how long the bot must be silent before an update counts as handled, when the
        Application is not `attach`ed (attached Applications report it exactly).
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
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, SimulatedUser] = {}
        self.calls: list[tuple[str, Json]] = []  # every request: (method, params)
        self.errors: list[tuple[str, str]] = []  # every refused request: (method, description)
        self.presses: dict[str, Press] = {}
        self.callback_answers: dict[str, Json] = {}
        self.commands: dict[str, list[Json]] = {}  # by language code ("" for the default)
        self.commands_by_scope: dict[tuple[str, str], list[Json]] = {}
        self.menu_buttons: dict[int | None, Json] = {}
        self.webhook_url = ""
        self.files: dict[str, StoredFile] = {}
        self.port = 0
        self.polls = 0  # getUpdates requests so far
        self._pending: list[_Queued] = []
        self._update_ids = itertools.count(1)
        self._stamps = itertools.count(1)
        self._stamp = 0
        self._fetched: dict[int, int] = {}
        self._processed: dict[int, int] = {}
        self._dropped: set[int] = set()
        self._attached = False
        self._inflight = 0
        self._last_activity = 0.0
        self._updates = asyncio.Condition()  # long polls wait here for new updates
        self._state = asyncio.Condition()  # simulated users wait here for the bot
        self._runner: web.AppRunner | None = None
        self._closing = False

    # Server lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # Cancel a long poll whose client went away, so it cannot swallow the next update.
        self._runner = web.AppRunner(
            app, shutdown_timeout=1.0, handler_cancellation=True, access_log=None
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()
        self._closing = False

    async def stop(self) -> None:
        self._closing = True
        async with self._updates:
            self._updates.notify_all()
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
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

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
                    async with self._state:
                        self._processed[update_id] = self._processed.get(update_id, 0) + 1
                        self._state.notify_all()

        # Application calls self.process_update for every fetched update, so this sees them all.
        setattr(app, "process_update", process_update)  # noqa: B010
        self._attached = True

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
        person = self.users.get(user_id)
        if person is None:
            chat = self.chats.setdefault(
                user_id, Chat(user_id, "private", first_name=first_name or "Test")
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

    def group(self, chat_id: int, title: str = "Groep", *, supergroup: bool = False) -> Chat:
        """A group chat (negative id) that simulated users can post in."""
        kind = "supergroup" if supergroup else "group"
        return self.chats.setdefault(chat_id, Chat(chat_id, kind, title))

    def channel(self, chat_id: int, title: str = "Kanaal") -> Chat:
        return self.chats.setdefault(chat_id, Chat(chat_id, "channel", title))

    async def post_in_channel(
        self,
        channel: Chat,
        text: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[StoredMessage]:
        """A channel post (no sender user), delivered and waited for."""
        message = channel.add(
            {"sender_chat": channel.as_json(), "text": text},
            from_bot=False,
            stamp=self._next_stamp(),
        )
        update = {"update_id": self.next_update_id(), "channel_post": message.as_json()}
        return await self.deliver(update, chat=channel, timeout=timeout)

    # Updates ---------------------------------------------------------------------------------

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def _queue(self, update: Json, chat: Chat, *, forced: bool = False) -> _Ticket:
        update_id = int(update["update_id"])
        query = update.get("callback_query")
        ticket = _Ticket(
            update_id=update_id,
            fetched_before=self._fetched.get(update_id, 0),
            processed_before=self._processed.get(update_id, 0),
            query_id=str(query["id"]) if isinstance(query, dict) else None,
            mark=self._stamp,
            chat=chat,
        )
        if isinstance(query, dict) and ticket.query_id not in self.presses:
            message = query.get("message") or {}
            self.presses[str(query["id"])] = Press(
                str(query["id"]),
                int(query.get("from", {}).get("id", 0)),
                str(query.get("data", "")),
                int(message.get("message_id", 0)),
            )
        self._dropped.discard(update_id)
        self._pending.append(_Queued(update, forced))
        return ticket

    async def _wake_pollers(self) -> None:
        async with self._updates:
            self._updates.notify_all()

    async def deliver(
        self,
        update: Json,
        *,
        chat: Chat | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[StoredMessage]:
        """Queue an update, wait until the bot has handled it; return changed bot messages."""
        ticket = self._queue(update, chat or self._chat_of(update))
        await self._wake_pollers()
        await self.settle(ticket, timeout)
        return self.changed_since(ticket.mark, [ticket.chat])

    def _chat_of(self, update: Json) -> Chat:
        for value in update.values():
            if isinstance(value, dict):
                message = value.get("message", value)
                chat = message.get("chat") if isinstance(message, dict) else None
                if isinstance(chat, dict) and chat.get("id") in self.chats:
                    return self.chats[chat["id"]]
        raise ValueError("the update names no known chat; pass chat=")

    def changed_since(self, mark: int, chats: Iterable[Chat]) -> list[StoredMessage]:
        """Bot messages sent or edited after `mark` in these chats, in chat order."""
        return [m for chat in chats for m in chat.messages if m.from_bot and m.stamp > mark]

    def _handled(self, ticket: _Ticket) -> bool:
        if ticket.update_id in self._dropped:
            return True
        if self._attached:
            return self._processed.get(ticket.update_id, 0) > ticket.processed_before
        return self._fetched.get(ticket.update_id, 0) > ticket.fetched_before

    async def settle(self, ticket: _Ticket, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has handled the update and gone quiet."""
        try:
            async with asyncio.timeout(timeout):
                await self._settle(ticket)
        except TimeoutError:
            state = "fetched" if self._fetched.get(ticket.update_id) else "never fetched"
            raise TimeoutError(
                f"update {ticket.update_id} was not handled within {timeout} s ({state}); "
                "is the Application polling this server?"
            ) from None

    async def _settle(self, ticket: _Ticket) -> None:
        loop = asyncio.get_running_loop()
        async with self._state:
            await self._state.wait_for(lambda: self._handled(ticket))
            while True:
                if self._inflight:
                    await self._state.wait()
                    continue
                quiet = 0.0 if self._attached else self.quiet
                if ticket.query_id is not None and not self._attached:
                    press = self.presses.get(ticket.query_id)
                    if press is None or not press.answered:
                        # A bot should answer every press; give it a while before giving up.
                        quiet = 10 * self.quiet
                remaining = quiet - (loop.time() - self._last_activity)
                if remaining <= 0:
                    return
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await self._state.wait()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        quiet: bool = True,
    ) -> None:
        """Wait until `predicate()` holds (checked whenever the bot makes a request)."""
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout), self._state:
            await self._state.wait_for(predicate)
            while quiet:
                if self._inflight:
                    await self._state.wait()
                    continue
                remaining = self.quiet - (loop.time() - self._last_activity)
                if remaining <= 0:
                    return
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await self._state.wait()

    # HTTP ------------------------------------------------------------------------------------

    def _token_ok(self, token: str) -> bool:
        if self.token is not None:
            return token == self.token
        return TOKEN_PATTERN.fullmatch(token) is not None

    async def _touch(self, delta: int) -> None:
        async with self._state:
            self._inflight += delta
            self._last_activity = asyncio.get_running_loop().time()
            self._state.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not self._token_ok(token):
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        handler = METHODS.get(method.lower())
        # Long polls are the bot waiting, not the bot working.
        busy = handler is not api_getupdates
        if busy:
            await self._touch(+1)
        else:
            async with self._state:
                self.polls += 1
                self._state.notify_all()
        try:
            params, uploads = await self._params(request)
            logged = dict(params)
            logged.update({k: f"<upload {u.filename}>" for k, u in uploads.items()})
            self.calls.append((method, logged))
            if handler is None:
                raise ApiError(
                    f"Bad Request: method {method} is not implemented by the local Bot API server"
                )
            result = await handler(self, params, uploads)
        except ApiError as exc:
            self.errors.append((method, exc.description))
            return web.json_response(
                {"ok": False, "error_code": exc.code, "description": exc.description},
                status=exc.code,
            )
        except Exception as exc:
            # A bug here must show up as a failed request, not as a hanging bot.
            log.exception("local Bot API server failed on %s", method)
            description = f"Internal Server Error: {exc!r}"
            self.errors.append((method, description))
            return web.json_response(
                {"ok": False, "error_code": 500, "description": description}, status=500
            )
        finally:
            if busy:
                await self._touch(-1)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if not self._token_ok(request.match_info["token"]):
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.path == path), None)
        if stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.content, content_type=stored.mime_type)

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
        return {key: _decode(key, value) for key, value in params.items()}, uploads

    # Helpers for the methods ------------------------------------------------------------------

    def chat_for(self, params: Json, *, sending: bool = True) -> Chat:
        chat_id = params.get("chat_id")
        chat: Chat | None = None
        if isinstance(chat_id, int):
            chat = self.chats.get(chat_id)
        elif isinstance(chat_id, str):
            name = chat_id.removeprefix("@")
            chat = next((c for c in self.chats.values() if c.username == name), None)
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        if sending and chat.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        if sending and chat.left:
            raise ApiError(f"Forbidden: bot is not a member of the {chat.type} chat", 403)
        return chat

    def bot_message(self, chat: Chat, data: Json, **extra: Any) -> Json:
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


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in JSON_FIELDS:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    elif key in INT_FIELDS:
        with contextlib.suppress(ValueError):
            return int(value)
    elif key in BOOL_FIELDS:
        return value.lower() == "true"
    return value


def _check_text(text: Any, parse_mode: Any, *, limit: int = MAX_TEXT, what: str = "text") -> str:
    if isinstance(text, int | float) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        text = ""
    if parse_mode is not None and str(parse_mode).lower() == "html":
        problem = html_problem(text)
        if problem is not None:
            raise ApiError(f"Bad Request: can't parse entities: {problem}")
    plain = render_plain(text, parse_mode if isinstance(parse_mode, str) else None)
    if what == "text" and not plain.strip():
        raise ApiError("Bad Request: message text is empty")
    if len(plain) > limit:
        raise ApiError(
            "Bad Request: message is too long"
            if what == "text"
            else "Bad Request: message caption is too long"
        )
    return str(text)


def _check_inline(markup: Json) -> None:
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError("Bad Request: can't parse inline keyboard button: field inline_keyboard")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise ApiError("Bad Request: can't parse inline keyboard button: Text must be set")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError("Bad Request: BUTTON_DATA_INVALID")
            kinds = {"callback_data", "url", "switch_inline_query", "web_app", "login_url", "pay"}
            if not kinds & set(button):
                raise ApiError("Bad Request: can't parse inline keyboard button: button type")


def _markup(params: Json) -> Json | None:
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline(markup)
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not rows:
            raise ApiError("Bad Request: keyboard must be non-empty")
    elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
        raise ApiError("Bad Request: can't parse reply keyboard markup JSON object")
    return markup


def _message_options(api: LocalBotApi, chat: Chat, params: Json) -> Json:
    """Reply and preview options shared by the send methods."""
    data: Json = {}
    reply = params.get("reply_parameters")
    reply_id = reply.get("message_id") if isinstance(reply, dict) else None
    reply_id = reply_id or params.get("reply_to_message_id")
    if reply_id:
        target = chat.get(int(reply_id))
        if target is not None:
            data["reply_to_message"] = {
                k: v for k, v in target.as_json().items() if k != "reply_to_message"
            }
        elif not params.get("allow_sending_without_reply") and not (
            isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        ):
            raise ApiError("Bad Request: message to be replied not found")
    if isinstance(params.get("link_preview_options"), dict):
        data["link_preview_options"] = params["link_preview_options"]
    return data


def _apply_reply_keyboard(chat: Chat, markup: Json | None) -> Json | None:
    """Remember a reply keyboard (or its removal) and return what Message.reply_markup gets."""
    if markup is None:
        return None
    if "keyboard" in markup:
        chat.reply_keyboard = markup
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None
    return markup if "inline_keyboard" in markup else None


# Bot API methods --------------------------------------------------------------------------------


async def api_getme(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    return dict(api.bot)


async def api_true(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    return True


async def api_deletewebhook(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    api.webhook_url = ""
    if params.get("drop_pending_updates"):
        dropped = {int(q.update["update_id"]) for q in api._pending}
        api._pending.clear()
        async with api._state:
            api._dropped |= dropped
            api._state.notify_all()
    return True


async def api_setwebhook(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    url = str(params.get("url") or "")
    if url and not url.startswith("https://"):
        raise ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    api.webhook_url = url
    return True


async def api_getwebhookinfo(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    return {
        "url": api.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(api._pending),
    }


async def api_getupdates(api: LocalBotApi, params: Json, uploads: Uploads) -> list[Json]:
    if api.webhook_url:
        raise ApiError(
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
            409,
        )
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with api._updates:
        # Like Telegram: updates stay until a later call confirms them with a higher offset.
        if offset < 0:
            api._pending = api._pending[offset:]
        elif offset:
            api._pending = [
                q for q in api._pending if q.forced or int(q.update["update_id"]) >= offset
            ]
        while not api._pending and not api._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await api._updates.wait()
        batch = api._pending[:limit]
        # A forced duplicate cannot be confirmed by offset (its id is old): send it once.
        api._pending = [q for q in api._pending if not (q.forced and q in batch)]
    async with api._state:
        for queued in batch:
            update_id = int(queued.update["update_id"])
            api._fetched[update_id] = api._fetched.get(update_id, 0) + 1
        if batch:
            # The quiet period after an update starts when the bot receives it.
            api._last_activity = loop.time()
        api._state.notify_all()
    return [copy.deepcopy(q.update) for q in batch]


async def api_sendmessage(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    chat = api.chat_for(params)
    parse_mode = params.get("parse_mode")
    text = _check_text(params.get("text"), parse_mode)
    markup = _markup(params)
    data: Json = {"text": text, **_message_options(api, chat, params)}
    inline = _apply_reply_keyboard(chat, markup)
    if inline is not None:
        data["reply_markup"] = inline
    keyboard = markup if markup is not None and inline is None else None
    return api.bot_message(chat, data, parse_mode=parse_mode, reply_keyboard=keyboard)


async def _send_file(api: LocalBotApi, params: Json, uploads: Uploads, kind: str) -> Json:
    chat = api.chat_for(params)
    parse_mode = params.get("parse_mode")
    upload = uploads.get(kind)
    if upload is not None:
        stored = api.store_file(upload.filename, upload.content, upload.mime_type)
    elif isinstance(params.get(kind), str) and params[kind] in api.files:
        stored = api.files[params[kind]]  # sent again by file_id
    else:
        raise ApiError(f"Bad Request: there is no {kind} in the request")
    markup = _markup(params)
    data: Json = _message_options(api, chat, params)
    described = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if kind == "photo":
        data["photo"] = [{**described, "width": 320, "height": 240}]
    else:
        data["document"] = {
            **described,
            "file_name": stored.filename,
            "mime_type": stored.mime_type,
        }
    if params.get("caption"):
        data["caption"] = _check_text(
            params["caption"], parse_mode, limit=MAX_CAPTION, what="caption"
        )
    inline = _apply_reply_keyboard(chat, markup)
    if inline is not None:
        data["reply_markup"] = inline
    return api.bot_message(chat, data, file=stored, parse_mode=parse_mode)


async def api_senddocument(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    return await _send_file(api, params, uploads, "document")


async def api_sendphoto(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    return await _send_file(api, params, uploads, "photo")


def _own_message(api: LocalBotApi, params: Json, *, verb: str = "edit") -> StoredMessage:
    if params.get("inline_message_id"):
        raise ApiError("Bad Request: inline messages are not supported by the local Bot API server")
    chat = api.chat_for(params, sending=False)
    message = chat.get(int(params.get("message_id") or 0))
    if message is None:
        raise ApiError(f"Bad Request: message to {verb} not found")
    if verb == "edit" and not message.from_bot:
        raise ApiError("Bad Request: message can't be edited")
    return message


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


async def api_editmessagetext(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    message = _own_message(api, params)
    if "text" not in message.data:
        raise ApiError("Bad Request: there is no text in the message to edit")
    parse_mode = params.get("parse_mode")
    text = _check_text(params.get("text"), parse_mode)
    markup = _markup(params)
    if markup is not None and "inline_keyboard" not in markup:
        raise ApiError("Bad Request: inline keyboard expected")
    if text == message.text and markup == message.data.get("reply_markup"):
        raise ApiError(NOT_MODIFIED)
    message.parse_mode = parse_mode
    # Without reply_markup Telegram removes the inline keyboard.
    changes: Json = {"text": text} | ({"reply_markup": markup} if markup else {})
    return api.edit(message, changes, drop=("reply_markup",))


async def api_editmessagecaption(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    message = _own_message(api, params)
    parse_mode = params.get("parse_mode")
    caption = _check_text(params.get("caption"), parse_mode, limit=MAX_CAPTION, what="caption")
    markup = _markup(params)
    if caption == message.data.get("caption") and markup == message.data.get("reply_markup"):
        raise ApiError(NOT_MODIFIED)
    message.parse_mode = parse_mode
    changes: Json = ({"caption": caption} if caption else {}) | (
        {"reply_markup": markup} if markup else {}
    )
    return api.edit(message, changes, drop=("caption", "reply_markup"))


async def api_editmessagereplymarkup(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    message = _own_message(api, params)
    markup = _markup(params) or None
    if markup is not None and "inline_keyboard" not in markup:
        raise ApiError("Bad Request: inline keyboard expected")
    if markup == message.data.get("reply_markup"):
        raise ApiError(NOT_MODIFIED)
    return api.edit(message, {"reply_markup": markup} if markup else {}, drop=("reply_markup",))


async def api_deletemessage(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    message = _own_message(api, params, verb="delete")
    api.chat_for(params, sending=False).messages.remove(message)
    return True


async def api_deletemessages(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    chat = api.chat_for(params, sending=False)
    ids = {int(i) for i in params.get("message_ids") or []}
    chat.messages[:] = [m for m in chat.messages if m.id not in ids]
    return True


async def api_answercallbackquery(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    query_id = str(params.get("callback_query_id"))
    press = api.presses.get(query_id)
    if press is None or press.answered:
        raise ApiError(
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    answer: Json = {
        "text": params.get("text"),
        "show_alert": bool(params.get("show_alert")),
        "url": params.get("url"),
        "cache_time": params.get("cache_time"),
    }
    api.callback_answers[query_id] = answer
    if press is not None:
        press.answer = answer
    return True


def _scope_key(params: Json) -> tuple[str, str]:
    scope = params.get("scope")
    kind = str(scope.get("type", "default")) if isinstance(scope, dict) else "default"
    if isinstance(scope, dict) and "chat_id" in scope:
        kind += f":{scope['chat_id']}"
    return kind, str(params.get("language_code") or "")


async def api_setmycommands(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError("Bad Request: can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not COMMAND_PATTERN.fullmatch(
            str(command.get("command", ""))
        ):
            raise ApiError("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise ApiError("Bad Request: command description is empty")
    key = _scope_key(params)
    api.commands_by_scope[key] = list(commands)
    api.commands[key[1]] = list(commands)
    return True


async def api_getmycommands(api: LocalBotApi, params: Json, uploads: Uploads) -> list[Json]:
    return api.commands_by_scope.get(_scope_key(params), [])


async def api_deletemycommands(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    key = _scope_key(params)
    api.commands_by_scope.pop(key, None)
    api.commands.pop(key[1], None)
    return True


async def api_setchatmenubutton(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    button = params.get("menu_button")
    chat_id = params.get("chat_id")
    api.menu_buttons[chat_id if isinstance(chat_id, int) else None] = (
        button if isinstance(button, dict) else {"type": "default"}
    )
    return True


async def api_getchatmenubutton(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    chat_id = params.get("chat_id")
    button = api.menu_buttons.get(chat_id if isinstance(chat_id, int) else None)
    return button or api.menu_buttons.get(None) or {"type": "commands"}


async def api_sendchataction(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    api.chat_for(params).actions.append(str(params.get("action")))
    return True


async def api_leavechat(api: LocalBotApi, params: Json, uploads: Uploads) -> bool:
    chat = api.chat_for(params, sending=False)
    if chat.type == "private":
        raise ApiError("Bad Request: chat member status can't be changed in private chats")
    chat.left = True
    return True


async def api_getfile(api: LocalBotApi, params: Json, uploads: Uploads) -> Json:
    stored = api.files.get(str(params.get("file_id")))
    if stored is None:
        raise ApiError("Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.path,
    }


METHODS: dict[str, Handler] = {
    "getme": api_getme,
    "logout": api_true,
    "close": api_true,
    "deletewebhook": api_deletewebhook,
    "setwebhook": api_setwebhook,
    "getwebhookinfo": api_getwebhookinfo,
    "getupdates": api_getupdates,
    "sendmessage": api_sendmessage,
    "senddocument": api_senddocument,
    "sendphoto": api_sendphoto,
    "editmessagetext": api_editmessagetext,
    "editmessagecaption": api_editmessagecaption,
    "editmessagereplymarkup": api_editmessagereplymarkup,
    "deletemessage": api_deletemessage,
    "deletemessages": api_deletemessages,
    "answercallbackquery": api_answercallbackquery,
    "setmycommands": api_setmycommands,
    "getmycommands": api_getmycommands,
    "deletemycommands": api_deletemycommands,
    "setchatmenubutton": api_setchatmenubutton,
    "getchatmenubutton": api_getchatmenubutton,
    "sendchataction": api_sendchataction,
    "leavechat": api_leavechat,
    "getfile": api_getfile,
    # Accepted and only logged in `calls`: nothing a person would see changes.
    "setmydescription": api_true,
    "setmyshortdescription": api_true,
    "setmyname": api_true,
}


class SimulatedUser:
    """A person in a private chat with the bot (who can also post in groups).

    Every action delivers an update and, by default, waits until the bot has handled it; it
    returns the bot messages that are new or edited since the action.
    """

    def __init__(
        self, api: LocalBotApi, user_id: int, first_name: str, language_code: str, chat: Chat
    ) -> None:
        self.api = api
        self.id = user_id
        self.chat = chat
        self.json: Json = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.last_update: Json | None = None
        self._tickets: list[_Ticket] = []
        self._seen = api.stamp

    # Reading -------------------------------------------------------------------------------

    @property
    def messages(self) -> list[StoredMessage]:
        """The bot's messages in this chat, oldest first, as they are now."""
        return [m for m in self.chat.messages if m.from_bot]

    @property
    def last(self) -> StoredMessage:
        if not self.messages:
            raise AssertionError(f"the bot has not sent {self.json['first_name']} anything")
        return self.messages[-1]

    @property
    def last_text(self) -> str:
        return self.last.text

    @property
    def keyboard_message(self) -> StoredMessage | None:
        """The latest bot message that still has inline buttons."""
        return self._keyboard_message(self.chat)

    @staticmethod
    def _keyboard_message(chat: Chat) -> StoredMessage | None:
        return next((m for m in reversed(chat.messages) if m.from_bot and m.buttons), None)

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the latest inline keyboard, as rows."""
        message = self.keyboard_message
        return message.labels if message else []

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Labels of the reply keyboard shown under the input field, if any."""
        markup = self.chat.reply_keyboard or {}
        return [
            [str(b["text"]) if isinstance(b, dict) else str(b) for b in row]
            for row in markup.get("keyboard") or []
        ]

    @property
    def documents(self) -> list[StoredFile]:
        """Files the bot sent in this chat, oldest first."""
        return [m.file for m in self.messages if m.file is not None]

    @property
    def presses(self) -> list[Press]:
        """This person's button presses, oldest first, with the bot's answers."""
        return [p for p in self.api.presses.values() if p.user_id == self.id]

    def answer_to_last_press(self) -> Json | None:
        """How the bot answered the latest press (text, show_alert), or None if it did not."""
        presses = self.presses
        return presses[-1].answer if presses else None

    def transcript(self, last: int = 5) -> str:
        return "\n---\n".join(m.view() for m in self.messages[-last:])

    # Waiting ---------------------------------------------------------------------------------

    async def wait_for_reply(self, timeout: float = 5.0) -> list[StoredMessage]:  # noqa: ASYNC109
        """Wait until the bot has handled this person's actions and gone quiet.

        Returns the bot messages new or edited since the first unhandled action. With no
        action pending, waits for the bot to say something on its own (e.g. a reminder).
        """
        if self._tickets:
            tickets, self._tickets = self._tickets, []
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            for ticket in tickets:
                await self.api.settle(ticket, max(deadline - loop.time(), 0.001))
            chats = list({id(t.chat): t.chat for t in tickets}.values())
            mark = tickets[0].mark
        else:
            chats, mark = [self.chat], self._seen
            try:
                await self.api.wait_for(lambda: bool(self.api.changed_since(mark, chats)), timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"the bot said nothing within {timeout} s; last messages:\n{self.transcript()}"
                ) from None
        self._seen = self.api.stamp
        return self.api.changed_since(mark, chats)

    async def _act(self, update: Json, chat: Chat, *, wait: bool) -> list[StoredMessage]:
        self.last_update = update
        self._tickets.append(self.api._queue(update, chat))
        await self.api._wake_pollers()
        return await self.wait_for_reply() if wait else []

    # Acting ----------------------------------------------------------------------------------

    def _own(self, chat: Chat, data: Json) -> Json:
        message = chat.add({"from": dict(self.json), **data}, from_bot=False, stamp=0)
        return message.as_json()

    async def send_text(
        self, text: str, chat: Chat | None = None, *, wait: bool = True
    ) -> list[StoredMessage]:
        """Send text; "/start abc" is a command with a bot_command entity (args after a space)."""
        data: Json = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        target = chat or self.chat
        update = {"update_id": self.api.next_update_id(), "message": self._own(target, data)}
        return await self._act(update, target, wait=wait)

    send_and_wait = send_text

    async def command(
        self, name: str, args: str = "", *, chat: Chat | None = None, wait: bool = True
    ) -> list[StoredMessage]:
        return await self.send_text(f"/{name.lstrip('/')} {args}".strip(), chat, wait=wait)

    send_command = command

    def _find_button(self, label: str, chat: Chat) -> tuple[StoredMessage, Json]:
        message = self._keyboard_message(chat)
        if message is None:
            raise AssertionError(f"no buttons to press; last messages:\n{self.transcript()}")
        buttons = [b for row in message.buttons for b in row]
        labels = [str(b["text"]) for b in buttons]
        exact = [b for b in buttons if b["text"] == label]
        partial = [b for b in buttons if label.lower() in str(b["text"]).lower()]
        chosen = exact or (partial if len(partial) == 1 else [])
        if not chosen:
            why = "several buttons match" if partial else "no button matches"
            raise AssertionError(f"{why} {label!r}; buttons are {labels}\n{message.view()}")
        if "callback_data" not in chosen[0]:
            raise AssertionError(f"button {label!r} is not a callback button: {chosen[0]}")
        return message, chosen[0]

    async def press(
        self, label: str, *, chat: Chat | None = None, wait: bool = True
    ) -> list[StoredMessage]:
        """Press a button of the latest message with buttons, by its exact (or unique) label."""
        target = chat or self.chat
        message, button = self._find_button(label, target)
        return await self.press_data(
            str(button["callback_data"]), message.id, chat=target, wait=wait
        )

    async def press_data(
        self,
        data: str,
        message_id: int | None = None,
        *,
        chat: Chat | None = None,
        wait: bool = True,
    ) -> list[StoredMessage]:
        """Deliver a callback query with any data (e.g. a forged one) on a bot message.

        Without `message_id` the latest message with buttons (or else the latest) is used.
        """
        target = chat or self.chat
        if message_id is not None:
            message = target.get(message_id)
        else:
            bot_messages = [m for m in target.messages if m.from_bot]
            message = self._keyboard_message(target) or (bot_messages[-1] if bot_messages else None)
        if message is None:
            raise AssertionError(f"no bot message {message_id or ''} to press a button on")
        update_id = self.api.next_update_id()
        query_id = f"{self.id}{update_id:08d}"
        query: Json = {
            "id": query_id,
            "from": dict(self.json),
            "message": message.as_json(),
            "chat_instance": str(10**12 + abs(target.id)),
            "data": data,
        }
        return await self._act({"update_id": update_id, "callback_query": query}, target, wait=wait)

    async def _send_kind(self, data: Json, *, wait: bool = True) -> list[StoredMessage]:
        update = {"update_id": self.api.next_update_id(), "message": self._own(self.chat, data)}
        return await self._act(update, self.chat, wait=wait)

    async def send_sticker(self, *, wait: bool = True) -> list[StoredMessage]:
        sticker = {
            "file_id": "sticker1",
            "file_unique_id": "sticker1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return await self._send_kind({"sticker": sticker}, wait=wait)

    async def send_photo(
        self, caption: str | None = None, *, wait: bool = True
    ) -> list[StoredMessage]:
        data: Json = {
            "photo": [{"file_id": "photo1", "file_unique_id": "photo1", "width": 90, "height": 90}]
        }
        if caption:
            data["caption"] = caption
        return await self._send_kind(data, wait=wait)

    async def send_voice(self, *, wait: bool = True) -> list[StoredMessage]:
        voice = {"file_id": "voice1", "file_unique_id": "voice1", "duration": 3}
        return await self._send_kind({"voice": voice}, wait=wait)

    async def send_location(self, *, wait: bool = True) -> list[StoredMessage]:
        return await self._send_kind(
            {"location": {"latitude": 52.37, "longitude": 4.89}}, wait=wait
        )

    async def send_document(
        self, filename: str, content: bytes, *, wait: bool = True
    ) -> list[StoredMessage]:
        """Send a file; the bot can fetch it with getFile."""
        stored = self.api.store_file(filename, content, "application/octet-stream")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "file_size": len(content),
        }
        return await self._send_kind({"document": document}, wait=wait)

    async def send_raw_update(self, update: Json, *, wait: bool = True) -> list[StoredMessage]:
        """Deliver any update; an `update_id` is added when missing."""
        update = {"update_id": self.api.next_update_id(), **update}
        try:
            chat = self.api._chat_of(update)
        except ValueError:
            chat = self.chat
        return await self._act(update, chat, wait=wait)

    async def resend_last_update(self, *, wait: bool = True) -> list[StoredMessage]:
        """Deliver the previous update again with the same update_id, as Telegram sometimes does."""
        if self.last_update is None:
            raise AssertionError("nothing was sent yet")
        update = copy.deepcopy(self.last_update)
        try:
            chat = self.api._chat_of(update)
        except ValueError:
            chat = self.chat
        self._tickets.append(self.api._queue(update, chat, forced=True))
        await self.api._wake_pollers()
        return await self.wait_for_reply() if wait else []

    def block(self) -> None:
        """Block the bot: sending to this chat fails with 403 Forbidden, like Telegram."""
        self.chat.blocked = True

    def unblock(self) -> None:
        self.chat.blocked = False
