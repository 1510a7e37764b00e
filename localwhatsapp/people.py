"""Simulated WhatsApp users: they write, press reply buttons, pick list rows, send stickers, and
read what the business sent them."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from localwhatsapp import webhooks

if TYPE_CHECKING:
    from localwhatsapp.server import LocalCloudApi

Json = dict[str, Any]
_ids = itertools.count(1)
FIRST_REPLY_WAIT = 20.0  # seconds a person waits for the first reply (a loaded test machine)
QUIET = 0.2  # seconds without a new message after which a person takes the replies as complete


def new_message_id(prefix: str = "wamid.HBgL") -> str:
    return f"{prefix}{next(_ids):012d}AAA="


@dataclass
class Sent:
    """A message the business sent to a person, as their phone shows it."""

    id: str
    kind: str  # text, buttons, list, template
    text: str  # the body (a template: its name and parameters)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, description)
    list_button: str = ""
    template: str = ""
    parameters: list[str] = field(default_factory=list)
    payload: Json = field(default_factory=dict)
    status: str = "sent"

    @property
    def choices(self) -> list[str]:
        """The titles one can press or pick on this message."""
        return [title for _, title in self.buttons] + [title for _, title, _ in self.rows]


@dataclass
class Person:
    """A WhatsApp user with a phone number (`wa_id`, digits only)."""

    api: LocalCloudApi
    wa_id: str
    name: str
    inbox: list[Sent] = field(default_factory=list)
    read_marks: list[str] = field(default_factory=list)  # ids of their messages marked read
    last_wrote: float | None = None  # on the fake clock
    blocked: bool = False
    last_webhook_status: int | None = None
    sent_ids: list[str] = field(default_factory=list)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def receive(self, sent: Sent) -> None:
        self.inbox.append(sent)
        self._arrived.set()

    def block(self) -> None:
        """The person blocks the business: messages are accepted, then fail with 131026."""
        self.blocked = True

    @property
    def last(self) -> Sent:
        return self.inbox[-1]

    def newest_with(self, title: str) -> Sent:
        for sent in reversed(self.inbox):
            if title in sent.choices:
                return sent
        raise LookupError(f"no message offers {title!r}; last: {self.inbox[-1:]}")

    async def send_text(self, text: str, **wait: Any) -> list[Sent]:
        return await self._send({"type": "text", "text": {"body": text}}, **wait)

    async def press(self, title: str, on: Sent | None = None, **wait: Any) -> list[Sent]:
        """Press the reply button `title` on `on` (default: the newest message offering it)."""
        message = on or self.newest_with(title)
        button_id = next(i for i, t in message.buttons if t == title)
        reply = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
        return await self._interactive(message, reply, **wait)

    async def pick(self, title: str, on: Sent | None = None, **wait: Any) -> list[Sent]:
        """Pick the list row `title` on `on` (default: the newest message offering it)."""
        message = on or self.newest_with(title)
        row_id, _, description = next(r for r in message.rows if r[1] == title)
        row = {"id": row_id, "title": title}
        if description:
            row["description"] = description
        return await self._interactive(message, {"type": "list_reply", "list_reply": row}, **wait)

    async def choose(self, title: str, on: Sent | None = None, **wait: Any) -> list[Sent]:
        """Press or pick `title`, whichever `on` (default: the newest message offering it)
        has."""
        message = on or self.newest_with(title)
        if any(t == title for _, t in message.buttons):
            return await self.press(title, message, **wait)
        return await self.pick(title, message, **wait)

    async def press_template_button(self, text: str, **wait: Any) -> list[Sent]:
        """Press a quick-reply button of the newest template message (its payload is its
        text, as a template defines it)."""
        message = next(m for m in reversed(self.inbox) if m.kind == "template")
        context = {"from": self.api.display_number, "id": message.id}
        content = {"type": "button", "button": {"payload": text, "text": text}}
        return await self._send(content, context, **wait)

    async def send_sticker(self, **wait: Any) -> list[Sent]:
        sticker = {"mime_type": "image/webp", "sha256": "c2", "id": "1234567890", "animated": False}
        return await self._send({"type": "sticker", "sticker": sticker}, **wait)

    async def send_image(self, caption: str = "", **wait: Any) -> list[Sent]:
        image: Json = {"mime_type": "image/jpeg", "sha256": "c3", "id": "2234567890"}
        if caption:
            image["caption"] = caption
        return await self._send({"type": "image", "image": image}, **wait)

    async def _interactive(self, message: Sent, reply: Json, **wait: Any) -> list[Sent]:
        context = {"from": self.api.display_number, "id": message.id}
        return await self._send({"type": "interactive", "interactive": reply}, context, **wait)

    def message(self, content: Json, context: Json | None = None) -> Json:
        """A message object as the webhook carries it (not sent)."""
        message_id = new_message_id()
        message: Json = {
            "from": self.wa_id,
            "id": message_id,
            "timestamp": str(int(self.api.now())),
            **content,
        }
        if context:
            message["context"] = context
        return message

    async def _send(
        self,
        content: Json,
        context: Json | None = None,
        *,
        expect: bool = True,
        secret: str | None = None,
        quiet: float = QUIET,
    ) -> list[Sent]:
        """Send a message through the webhook and return what the business sent back: with
        `expect`, wait for a first reply, then until `quiet` seconds pass without one."""
        message = self.message(content, context)
        notification = webhooks.message_notification(
            self.api.phone_number_id, self.api.display_number, self.name, self.wa_id, message
        )
        self.last_wrote = self.api.now()
        self.sent_ids.append(message["id"])
        before = len(self.inbox)
        self.last_webhook_status = await self.api.post_webhook(notification, secret=secret)
        return await self.replies_since(before, expect=expect, quiet=quiet)

    async def replies_since(
        self, before: int, *, expect: bool = True, quiet: float = QUIET
    ) -> list[Sent]:
        deadline = time.monotonic() + (FIRST_REPLY_WAIT if expect else quiet)
        while len(self.inbox) == before and time.monotonic() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        while True:  # until quiet
            count = len(self.inbox)
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), quiet)
            except TimeoutError:
                if len(self.inbox) == count:
                    return self.inbox[before:]
