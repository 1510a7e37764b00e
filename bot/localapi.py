"""A local Telegram Bot API server on 127.0.0.1, with simulated users.

It speaks enough of the Bot API for the real python-telegram-bot `Application` to run against it
(pass `base_url`), keeps each chat's history with edits applied, and lets tests, the demo and
`inspraak preview` act as people: send text, press buttons by their label, read the replies.
Nothing here contacts Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "link_preview_options",
    "allowed_updates",
    "reply_parameters",
    "menu_button",
}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
Json = dict[str, Any]


class ApiError(Exception):
    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code


@dataclass
class StoredMessage:
    """One message in a chat, as it is now (after edits)."""

    data: Json
    from_bot: bool

    @property
    def id(self) -> int:
        return int(self.data["message_id"])

    @property
    def text(self) -> str:
        return str(self.data.get("text") or self.data.get("caption") or "")

    @property
    def buttons(self) -> list[list[Json]]:
        markup = self.data.get("reply_markup") or {}
        rows: list[list[Json]] = markup.get("inline_keyboard") or []
        return rows

    @property
    def labels(self) -> list[list[str]]:
        return [[str(b["text"]) for b in row] for row in self.buttons]

    @property
    def document(self) -> tuple[str, bytes] | None:
        doc = self.data.get("_file")
        return (doc[0], doc[1]) if doc else None

    def view(self) -> str:
        """Text plus buttons, as a person sees it; handy in assertion messages."""
        lines = [self.text]
        lines += ["  ".join(f"[{label}]" for label in row) for row in self.labels]
        return "\n".join(lines)


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_message_id: int = 1

    def as_json(self) -> Json:
        data: Json = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        return data

    def find(self, message_id: int) -> StoredMessage:
        for message in self.messages:
            if message.id == message_id:
                return message
        raise ApiError("Bad Request: message to edit not found")


class LocalBotApi:
    """The server. Use `async with LocalBotApi() as api:`; give PTB `api.base_url`."""

    def __init__(self, *, username: str = "inspraak_test_bot", token: str | None = None) -> None:
        self.bot: Json = {
            "id": 7000001,
            "is_bot": True,
            "first_name": "Inspraak",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.token = token
        self.chats: dict[int, Chat] = {}
        self.calls: list[tuple[str, Json]] = []
        self.callback_answers: dict[str, Json] = {}
        self.commands: dict[str, list[Json]] = {}
        self._queue: list[Json] = []
        self._update_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._processed: dict[int, int] = {}
        self._processed_changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # Server lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a long poll whose client went away, so it cannot swallow the next update.
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._closing = True
        async with self._new_update:
            self._new_update.notify_all()
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

    def attach(self, app: Any) -> None:
        """Let simulated users know when the Application has finished with an update."""
        original: Callable[[Any], Awaitable[None]] = app.process_update

        async def process_update(update: Any) -> None:
            try:
                await original(update)
            finally:
                update_id = getattr(update, "update_id", None)
                if isinstance(update_id, int):
                    async with self._processed_changed:
                        self._processed[update_id] = self._processed.get(update_id, 0) + 1
                        self._processed_changed.notify_all()

        app.process_update = process_update

    # People ------------------------------------------------------------------------------------

    def user(
        self, user_id: int, first_name: str = "Test", language_code: str = "nl"
    ) -> SimulatedUser:
        chat = self.chats.setdefault(user_id, Chat(user_id, "private"))
        return SimulatedUser(self, user_id, first_name, language_code, chat)

    def group(self, chat_id: int, title: str = "Groep") -> Chat:
        return self.chats.setdefault(chat_id, Chat(chat_id, "group", title))

    async def deliver(self, update: Json, *, wait: float = 10.0) -> None:
        """Queue an update and wait until the Application has processed it."""
        update_id = int(update["update_id"])
        before = self._processed.get(update_id, 0)
        async with self._new_update:
            self._queue.append(update)
            self._new_update.notify_all()
        async with asyncio.timeout(wait), self._processed_changed:
            await self._processed_changed.wait_for(
                lambda: self._processed.get(update_id, 0) > before
            )

    def next_update_id(self) -> int:
        return next(self._update_ids)

    # HTTP ----------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if self.token is not None and token != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        params = await self._params(request)
        self.calls.append((method, {k: v for k, v in params.items() if k != "_file"}))
        handler = getattr(self, f"api_{method.lower()}", None)
        try:
            if handler is None:
                raise ApiError(
                    f"Bad Request: method {method} is not implemented by the local Bot API server"
                )
            result = await handler(params)
        except ApiError as exc:
            return web.json_response(
                {"ok": False, "error_code": exc.code, "description": exc.description},
                status=exc.code,
            )
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> Json:
        params: Json = {}
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params["_file"] = (value.filename, value.file.read())
                else:
                    params[key] = value
        params.update(request.query)
        for key in list(params):
            value = params[key]
            if key in JSON_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
            elif key in INT_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    params[key] = int(value)
        return params

    # Bot API methods ---------------------------------------------------------------------

    async def api_getme(self, params: Json) -> Json:
        return self.bot

    async def api_deletewebhook(self, params: Json) -> bool:
        return True

    async def api_setwebhook(self, params: Json) -> bool:
        return True

    async def api_getwebhookinfo(self, params: Json) -> Json:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    async def api_close(self, params: Json) -> bool:
        return True

    async def api_logout(self, params: Json) -> bool:
        return True

    async def api_getupdates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        async with self._new_update:
            while True:
                # Updates before the offset are confirmed; each queued entry is sent once.
                self._queue = [u for u in self._queue if u["update_id"] >= offset or u.get("_dup")]
                if self._queue or self._closing:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(), remaining)
            batch, self._queue = self._queue[:limit], self._queue[limit:]
        return [{k: v for k, v in u.items() if k != "_dup"} for u in batch]

    def _chat(self, params: Json) -> Chat:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise ApiError("Bad Request: chat not found")
        return self.chats[chat_id]

    @staticmethod
    def _check_markup(markup: Any) -> None:
        for row in (markup or {}).get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                    raise ApiError("Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError("Bad Request: text buttons are unallowed in the inline keyboard")

    @staticmethod
    def _check_text(text: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise ApiError("Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError("Bad Request: message is too long")
        return text

    def _add_bot_message(self, chat: Chat, data: Json) -> Json:
        message: Json = {
            "message_id": chat.next_message_id,
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": self.bot,
            **data,
        }
        chat.next_message_id += 1
        chat.messages.append(StoredMessage(message, from_bot=True))
        return {k: v for k, v in message.items() if k != "_file"}

    async def api_sendmessage(self, params: Json) -> Json:
        chat = self._chat(params)
        text = self._check_text(params.get("text"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        data: Json = {"text": text}
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        return self._add_bot_message(chat, data)

    async def api_sendchataction(self, params: Json) -> bool:
        self._chat(params)
        return True

    async def _send_file(self, params: Json, kind: str) -> Json:
        chat = self._chat(params)
        upload = params.get("_file")
        if upload is None:
            raise ApiError("Bad Request: there is no document in the request")
        name, content = upload
        data: Json = {
            "_file": (name, content),
            kind: {
                "file_id": f"file{len(chat.messages)}",
                "file_unique_id": "u",
                "file_name": name,
            },
        }
        if params.get("caption"):
            data["caption"] = params["caption"]
        if kind == "photo":
            data["photo"] = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
        return self._add_bot_message(chat, data)

    async def api_senddocument(self, params: Json) -> Json:
        return await self._send_file(params, "document")

    async def api_sendphoto(self, params: Json) -> Json:
        return await self._send_file(params, "photo")

    async def api_editmessagetext(self, params: Json) -> Json:
        message = self._chat(params).find(int(params.get("message_id") or 0))
        text = self._check_text(params.get("text"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if text == message.text and markup == message.data.get("reply_markup"):
            raise ApiError(
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message"
            )
        message.data["text"] = text
        message.data["edit_date"] = int(time.time())
        if markup:
            message.data["reply_markup"] = markup
        else:
            message.data.pop("reply_markup", None)
        return {k: v for k, v in message.data.items() if k != "_file"}

    async def api_editmessagereplymarkup(self, params: Json) -> Json:
        message = self._chat(params).find(int(params.get("message_id") or 0))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if not markup and "reply_markup" not in message.data:
            raise ApiError("Bad Request: message is not modified")
        if markup:
            message.data["reply_markup"] = markup
        else:
            message.data.pop("reply_markup", None)
        return {k: v for k, v in message.data.items() if k != "_file"}

    async def api_deletemessage(self, params: Json) -> bool:
        chat = self._chat(params)
        message = chat.find(int(params.get("message_id") or 0))
        chat.messages.remove(message)
        return True

    async def api_answercallbackquery(self, params: Json) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id in self.callback_answers:
            raise ApiError("Bad Request: query is too old and response timeout expired")
        self.callback_answers[query_id] = {
            "text": params.get("text"),
            "show_alert": str(params.get("show_alert")).lower() == "true",
        }
        return True

    async def api_setmycommands(self, params: Json) -> bool:
        self.commands[str(params.get("language_code") or "")] = list(params.get("commands") or [])
        return True

    async def api_getmycommands(self, params: Json) -> list[Json]:
        return self.commands.get(str(params.get("language_code") or ""), [])

    async def api_deletemycommands(self, params: Json) -> bool:
        self.commands.pop(str(params.get("language_code") or ""), None)
        return True

    async def api_setchatmenubutton(self, params: Json) -> bool:
        return True

    async def api_leavechat(self, params: Json) -> bool:
        return True


class SimulatedUser:
    """A person in a private chat with the bot (or posting in a group)."""

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

    # Reading ------------------------------------------------------------------------------------

    @property
    def messages(self) -> list[StoredMessage]:
        """The bot's messages in this chat, oldest first, as they are now."""
        return [m for m in self.chat.messages if m.from_bot]

    @property
    def last(self) -> StoredMessage:
        return self.messages[-1]

    @property
    def last_text(self) -> str:
        return self.last.text

    @property
    def keyboard_message(self) -> StoredMessage | None:
        """The latest bot message that still has buttons."""
        return next((m for m in reversed(self.messages) if m.buttons), None)

    @property
    def buttons(self) -> list[list[str]]:
        message = self.keyboard_message
        return message.labels if message else []

    @property
    def documents(self) -> list[tuple[str, bytes]]:
        return [m.document for m in self.messages if m.document]

    def transcript(self, last: int = 5) -> str:
        return "\n---\n".join(m.view() for m in self.messages[-last:])

    # Acting -------------------------------------------------------------------------------------

    def _own_message(self, chat: Chat, data: Json) -> Json:
        message: Json = {
            "message_id": chat.next_message_id,
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": self.json,
            **data,
        }
        chat.next_message_id += 1
        chat.messages.append(StoredMessage(message, from_bot=False))
        return message

    async def _act(self, update: Json) -> list[StoredMessage]:
        """Deliver an update, wait for the bot, return bot messages that are new or changed."""
        before = {m.id: json.dumps(m.data, sort_keys=True, default=str) for m in self.messages}
        self.last_update = update
        await self.api.deliver(update)
        return [
            m
            for m in self.messages
            if before.get(m.id) != json.dumps(m.data, sort_keys=True, default=str)
        ]

    async def send_text(self, text: str, chat: Chat | None = None) -> list[StoredMessage]:
        data: Json = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._own_message(chat or self.chat, data)
        return await self._act({"update_id": self.api.next_update_id(), "message": message})

    async def command(self, name: str, args: str = "") -> list[StoredMessage]:
        return await self.send_text(f"/{name} {args}".strip())

    async def press(self, label: str) -> list[StoredMessage]:
        """Press a button of the latest message with buttons, by its exact (or unique) label."""
        message = self.keyboard_message
        if message is None:
            raise AssertionError(f"no buttons to press; last messages:\n{self.transcript()}")
        buttons = [b for row in message.buttons for b in row]
        exact = [b for b in buttons if b["text"] == label]
        partial = [b for b in buttons if label.lower() in str(b["text"]).lower()]
        chosen = exact or (partial if len(partial) == 1 else [])
        if not chosen:
            labels = [b["text"] for b in buttons]
            raise AssertionError(f"no button {label!r}; buttons are {labels}")
        return await self.press_data(str(chosen[0]["callback_data"]), message.id)

    async def press_data(self, data: str, message_id: int | None = None) -> list[StoredMessage]:
        """Deliver a callback query with any data, e.g. a forged one."""
        message = (
            self.chat.find(message_id) if message_id is not None else self.keyboard_message
        ) or self.last
        query: Json = {
            "id": f"{self.id}-{self.api.next_update_id()}",
            "from": self.json,
            "message": {k: v for k, v in message.data.items() if k != "_file"},
            "chat_instance": str(self.chat.id),
            "data": data,
        }
        return await self._act({"update_id": self.api.next_update_id(), "callback_query": query})

    def answer_to_last_press(self) -> Json | None:
        if self.last_update is None or "callback_query" not in self.last_update:
            return None
        return self.api.callback_answers.get(self.last_update["callback_query"]["id"])

    async def send_sticker(self) -> list[StoredMessage]:
        sticker = {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self._send_kind({"sticker": sticker})

    async def send_photo(self) -> list[StoredMessage]:
        return await self._send_kind(
            {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 10, "height": 10}]}
        )

    async def send_voice(self) -> list[StoredMessage]:
        return await self._send_kind(
            {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}
        )

    async def send_location(self) -> list[StoredMessage]:
        return await self._send_kind({"location": {"latitude": 52.37, "longitude": 4.89}})

    async def _send_kind(self, data: Json) -> list[StoredMessage]:
        message = self._own_message(self.chat, data)
        return await self._act({"update_id": self.api.next_update_id(), "message": message})

    async def resend_last_update(self) -> list[StoredMessage]:
        """Telegram sometimes delivers the same update twice."""
        assert self.last_update is not None, "nothing was sent yet"
        return await self._act({**self.last_update, "_dup": True})
