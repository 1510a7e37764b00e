"""What the local Bot API server keeps: chats, messages (with edits applied), presses, files."""

from __future__ import annotations

import asyncio
import copy
import html
import re
import time
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

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


class BotApiError(Exception):
    """A Bot API error answer: `{"ok": false, "error_code": code, "description": ...}`."""

    def __init__(self, description: str, code: int = 400, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.retry_after = retry_after

    def as_json(self) -> Json:
        body: Json = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class Upload:
    """A file as uploaded in a multipart request."""

    filename: str
    content: bytes
    mime_type: str


@dataclass
class StoredFile:
    """A file the bot sent (or a user sent)."""

    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str


@dataclass(eq=False)
class StoredMessage:
    """One message in a chat, as it is now (after edits)."""

    data: Json  # the Telegram Message object, exactly as the bot gets it back
    from_bot: bool
    file: StoredFile | None = None
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
class BotApiChat:
    """A chat the bot is in: private (id == user id), group or supergroup."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    next_message_id: int = 1
    blocked: bool = False  # the user blocked the bot (private chats)
    inflight: int = 0  # requests for this chat being answered right now
    # Notified whenever a request for this chat starts or ends, or one of its updates is handled.
    changes: asyncio.Condition = field(default_factory=asyncio.Condition)

    def as_json(self) -> Json:
        data: Json = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    def get(self, message_id: int) -> StoredMessage | None:
        for message in reversed(self.messages):  # recent messages are asked for most
            if message.id == message_id:
                return message
        return None

    def add(self, data: Json, *, from_bot: bool, stamp: int, **extra: Any) -> StoredMessage:
        data = {"message_id": self.next_message_id, "date": int(time.time()), **data}
        data["chat"] = self.as_json()
        self.next_message_id += 1
        message = StoredMessage(data, from_bot=from_bot, stamp=stamp, **extra)
        self.messages.append(message)
        return message

    async def notify(self) -> None:
        async with self.changes:
            self.changes.notify_all()


@dataclass
class CallbackQuery:
    """A callback query a simulated user sent, and how the bot answered it."""

    query_id: str
    user_id: int
    data: str
    message_id: int
    answer: Json | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


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
