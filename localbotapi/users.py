"""Simulated people: they send text, commands and media, press buttons and read the replies."""

from __future__ import annotations

import asyncio
import copy
from typing import TYPE_CHECKING

from localbotapi.model import BotApiChat, CallbackQuery, Json, StoredFile, StoredMessage

if TYPE_CHECKING:
    from localbotapi.state import BotApiState, Ticket


class SimulatedUser:
    """A person in a private chat with the bot (who can also post in groups).

    Every action delivers an update and, by default, waits until the bot has handled it; it
    returns the bot messages that are new or edited since the action.
    """

    def __init__(
        self, api: BotApiState, user_id: int, first_name: str, language_code: str, chat: BotApiChat
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
        self.timeout = 5.0  # how long an action waits for the bot
        self._tickets: list[Ticket] = []
        self._seen = api.stamp

    # Reading -------------------------------------------------------------------------------

    @property
    def messages(self) -> list[StoredMessage]:
        """The bot's messages in this chat, oldest first, as they are now."""
        return [m for m in self.chat.messages if m.from_bot]

    @property
    def last(self) -> StoredMessage:
        for message in reversed(self.chat.messages):
            if message.from_bot:
                return message
        raise AssertionError(f"the bot has not sent {self.json['first_name']} anything")

    @property
    def last_text(self) -> str:
        return self.last.text

    @property
    def keyboard_message(self) -> StoredMessage | None:
        """The latest bot message that still has inline buttons."""
        return self._keyboard_message(self.chat)

    @staticmethod
    def _keyboard_message(chat: BotApiChat) -> StoredMessage | None:
        return next((m for m in reversed(chat.messages) if m.from_bot and m.buttons), None)

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the latest inline keyboard, as rows."""
        message = self.keyboard_message
        return message.labels if message else []

    @property
    def documents(self) -> list[StoredFile]:
        """Files the bot sent in this chat, oldest first."""
        return [m.file for m in self.messages if m.file is not None]

    @property
    def presses(self) -> list[CallbackQuery]:
        """This person's button presses, oldest first, with the bot's answers."""
        return [p for p in self.api.presses.values() if p.user_id == self.id]

    def answer_to_last_press(self) -> Json | None:
        """How the bot answered the latest press (text, show_alert), or None if it did not."""
        presses = self.presses
        return presses[-1].answer if presses else None

    def transcript(self, last: int = 5) -> str:
        return "\n---\n".join(m.view() for m in self.messages[-last:])

    # Waiting ---------------------------------------------------------------------------------

    async def wait_for_reply(self, timeout: float | None = None) -> list[StoredMessage]:  # noqa: ASYNC109
        """Wait until the bot has handled this person's actions (with a bot in another process,
        that is not `attach`ed: until it has changed something in the chat and gone quiet).

        Returns the bot messages new or edited since the first unhandled action. With no
        action pending, waits for the bot to say something on its own (e.g. a reminder).
        """
        timeout = self.timeout if timeout is None else timeout
        if self._tickets and not self.api.attached:
            # A bot in another process: its reply is the sign it handled the action.
            tickets, self._tickets = self._tickets, []
            chats, mark = [tickets[0].chat], tickets[0].mark
            await self.api.wait_quiet(self.chat, mark, timeout)
        elif self._tickets:
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
                await self.api.wait_quiet(self.chat, mark, timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"the bot said nothing within {timeout} s; last messages:\n{self.transcript()}"
                ) from None
        self._seen = self.api.stamp
        return self.api.changed_since(mark, chats)

    async def _act(self, update: Json, chat: BotApiChat, *, wait: bool) -> list[StoredMessage]:
        self.last_update = update
        self._tickets.append(self.api.queue(update, chat))
        await self.api.wake()
        return await self.wait_for_reply() if wait else []

    # Acting ----------------------------------------------------------------------------------

    def _own(self, chat: BotApiChat, data: Json) -> Json:
        message = chat.add({"from": dict(self.json), **data}, from_bot=False, stamp=0)
        return message.as_json()

    async def send_text(
        self, text: str, chat: BotApiChat | None = None, *, wait: bool = True
    ) -> list[StoredMessage]:
        """Send text; "/start abc" is a command with a bot_command entity (args after a space)."""
        data: Json = {"text": text}
        if text.startswith("/"):
            command = text.split()[0] if text.split() else text
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        target = chat or self.chat
        update = {"update_id": self.api.next_update_id(), "message": self._own(target, data)}
        return await self._act(update, target, wait=wait)

    async def command(
        self, name: str, args: str = "", *, chat: BotApiChat | None = None, wait: bool = True
    ) -> list[StoredMessage]:
        return await self.send_text(f"/{name.lstrip('/')} {args}".strip(), chat, wait=wait)

    def _find_button(self, label: str, chat: BotApiChat) -> tuple[StoredMessage, Json]:
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
        self, label: str, *, chat: BotApiChat | None = None, wait: bool = True
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
        chat: BotApiChat | None = None,
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
        query: Json = {
            "id": f"{self.id}{update_id:08d}",
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
        """Send a file (the bot gets its description, as from Telegram)."""
        stored = self.api.store_file(filename, content, "application/octet-stream")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "file_size": len(content),
        }
        return await self._send_kind({"document": document}, wait=wait)

    async def resend_last_update(self, *, wait: bool = True) -> list[StoredMessage]:
        """Deliver the previous update again with the same update_id, as Telegram sometimes does."""
        if self.last_update is None:
            raise AssertionError("nothing was sent yet")
        update = copy.deepcopy(self.last_update)
        try:
            chat = self.api.chat_of(update)
        except ValueError:
            chat = self.chat
        self._tickets.append(self.api.queue(update, chat, forced=True))
        await self.api.wake()
        return await self.wait_for_reply() if wait else []

    def block(self) -> None:
        """Block the bot: sending to this chat fails with 403 Forbidden, like Telegram."""
        self.chat.blocked = True

    def unblock(self) -> None:
        self.chat.blocked = False
