"""The Bot API methods the product uses, answered the way Telegram answers them.

Checks where bots tend to trip are Telegram's: callback data over 64 bytes, empty or too long
text, broken HTML, editing a message that is gone or unchanged, answering a press twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from localbotapi.model import BotApiError, Json, StoredMessage, Upload, html_problem, render_plain

if TYPE_CHECKING:
    from localbotapi.state import BotApiState

Uploads = dict[str, Upload]
Method = Callable[["BotApiState", Json, Uploads], Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
COMMAND_PATTERN = re.compile(r"[a-z0-9_]{1,32}")

# PTB sends form fields as JSON-encoded strings; these names are decoded as JSON, ints or bools.
JSON_FIELDS = frozenset(["reply_markup", "entities", "commands", "scope", "allowed_updates"])
INT_FIELDS = frozenset(["chat_id", "message_id", "offset", "limit", "timeout", "cache_time"])
BOOL_FIELDS = frozenset(["show_alert", "drop_pending_updates"])

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def decode(key: str, value: Any) -> Any:
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
            raise BotApiError(f"Bad Request: can't parse entities: {problem}")
    plain = render_plain(text, parse_mode if isinstance(parse_mode, str) else None)
    if what == "text" and not plain.strip():
        raise BotApiError("Bad Request: message text is empty")
    if len(plain) > limit:
        raise BotApiError(
            f"Bad Request: message {'is' if what == 'text' else what + ' is'} too long"
        )
    return str(text)


def _inline_markup(params: Json) -> Json | None:
    """The inline keyboard of a request, checked; the product sends no other kind."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise BotApiError("Bad Request: only inline keyboards are supported by the local server")
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BotApiError("Bad Request: can't parse inline keyboard button: field inline_keyboard")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise BotApiError(
                    "Bad Request: can't parse inline keyboard button: Text must be set"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise BotApiError("Bad Request: BUTTON_DATA_INVALID")
            if not {"callback_data", "url"} & set(button):
                raise BotApiError("Bad Request: can't parse inline keyboard button: button type")
    return markup


async def api_getme(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    return dict(api.bot)


async def api_setwebhook(api: BotApiState, params: Json, uploads: Uploads) -> bool:
    if params.get("drop_pending_updates"):
        await api.drop_pending()
    secret = params.get("secret_token")
    await api.webhooks.set(api, str(params.get("url") or ""), str(secret) if secret else None)
    return True


async def api_deletewebhook(api: BotApiState, params: Json, uploads: Uploads) -> bool:
    await api.webhooks.stop()
    if params.get("drop_pending_updates"):
        await api.drop_pending()
    return True


async def api_getwebhookinfo(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    return api.webhooks.info(len(api.pending))


async def api_getupdates(api: BotApiState, params: Json, uploads: Uploads) -> list[Json]:
    if api.webhooks.hook is not None:
        raise BotApiError(
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first",
            409,
        )
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with api.updates:
        # Like Telegram: updates stay until a later call confirms them with a higher offset.
        if offset < 0:
            api.pending = api.pending[offset:]
        elif offset:
            api.confirmed.extend(q for q in api.pending if not q.forced and q.update_id < offset)
            api.pending = [q for q in api.pending if q.forced or q.update_id >= offset]
        while not api.pending and not api.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await api.updates.wait()
        batch = api.pending[:limit]
        # A forced duplicate cannot be confirmed by offset (its id is old): send it once.
        api.pending = [q for q in api.pending if not (q.forced and q in batch)]
    for queued in batch:
        api.fetched[queued.update_id] = api.fetched.get(queued.update_id, 0) + 1
    return [copy.deepcopy(q.update) for q in batch]


async def api_sendmessage(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    chat = api.chat_for(params)
    parse_mode = params.get("parse_mode")
    data: Json = {"text": _check_text(params.get("text"), parse_mode)}
    markup = _inline_markup(params)
    if markup is not None:
        data["reply_markup"] = markup
    return api.bot_message(chat, data, parse_mode=parse_mode)


async def api_senddocument(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    chat = api.chat_for(params)
    upload = uploads.get("document")
    if upload is None:
        raise BotApiError("Bad Request: there is no document in the request")
    stored = api.store_file(upload.filename, upload.content, upload.mime_type)
    data: Json = {
        "document": {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_name": stored.filename,
            "mime_type": stored.mime_type,
        }
    }
    parse_mode = params.get("parse_mode")
    if params.get("caption"):
        data["caption"] = _check_text(
            params["caption"], parse_mode, limit=MAX_CAPTION, what="caption"
        )
    return api.bot_message(chat, data, file=stored, parse_mode=parse_mode)


def _own_message(api: BotApiState, params: Json) -> StoredMessage:
    if params.get("inline_message_id"):
        raise BotApiError("Bad Request: inline messages are not supported by the local server")
    chat = api.chat_for(params)
    message = chat.get(int(params.get("message_id") or 0))
    if message is None:
        raise BotApiError("Bad Request: message to edit not found")
    if not message.from_bot:
        raise BotApiError("Bad Request: message can't be edited")
    return message


async def api_editmessagetext(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    message = _own_message(api, params)
    if "text" not in message.data:
        raise BotApiError("Bad Request: there is no text in the message to edit")
    parse_mode = params.get("parse_mode")
    text = _check_text(params.get("text"), parse_mode)
    markup = _inline_markup(params)
    if text == message.text and markup == message.data.get("reply_markup"):
        raise BotApiError(NOT_MODIFIED)
    message.parse_mode = parse_mode
    # Without reply_markup Telegram removes the inline keyboard.
    changes: Json = {"text": text} | ({"reply_markup": markup} if markup else {})
    return api.edit(message, changes, drop=("reply_markup",))


async def api_editmessagereplymarkup(api: BotApiState, params: Json, uploads: Uploads) -> Json:
    message = _own_message(api, params)
    markup = _inline_markup(params) or None
    if markup == message.data.get("reply_markup"):
        raise BotApiError(NOT_MODIFIED)
    return api.edit(message, {"reply_markup": markup} if markup else {}, drop=("reply_markup",))


async def api_answercallbackquery(api: BotApiState, params: Json, uploads: Uploads) -> bool:
    query_id = str(params.get("callback_query_id"))
    press = api.presses.get(query_id)
    if press is None or press.answered:
        raise BotApiError(
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    press.answer = {
        "text": params.get("text"),
        "show_alert": bool(params.get("show_alert")),
        "url": params.get("url"),
        "cache_time": params.get("cache_time"),
    }
    return True


async def api_setmycommands(api: BotApiState, params: Json, uploads: Uploads) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise BotApiError("Bad Request: can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not COMMAND_PATTERN.fullmatch(
            str(command.get("command", ""))
        ):
            raise BotApiError("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise BotApiError("Bad Request: command description is empty")
    api.commands[str(params.get("language_code") or "")] = list(commands)
    return True


METHODS: dict[str, Method] = {
    "getme": api_getme,
    "setwebhook": api_setwebhook,
    "deletewebhook": api_deletewebhook,
    "getwebhookinfo": api_getwebhookinfo,
    "getupdates": api_getupdates,
    "sendmessage": api_sendmessage,
    "senddocument": api_senddocument,
    "editmessagetext": api_editmessagetext,
    "editmessagereplymarkup": api_editmessagereplymarkup,
    "answercallbackquery": api_answercallbackquery,
    "setmycommands": api_setmycommands,
}
# Calls that put something in a chat: Telegram's ~30 messages per second limit counts these.
CHAT_BOUND = frozenset(["sendmessage", "senddocument", "editmessagetext", "editmessagereplymarkup"])
