"""WhatsApp messages in, conversation operations, WhatsApp messages out.

Each person's messages are handled in order (a turn per number), different people's at once.
A message changes things once: the conversation operation runs in one transaction with the
record of the message (`store.handle_once`, storage/handled.py, as Telegram's updates), and a
second delivery of the same message id, also after a restart, is dropped without a reply.
Before sending, the person's message is marked read. A reply that WhatsApp did not take (rate
limits and 5xx after retries, or Meta not reached) leaves the person owed their question, sent
by `deliver_owed` while their 24-hour window is open; a closed window or an undeliverable
number ends it without retries.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from conversation import texts as conversation_texts
from conversation.flow import Conversation
from conversation.ordering import PerPerson
from conversation.reachable import Trouble
from conversation.screens import Choice, Outcome, Screen, notice, paragraph, ticked_ids
from questionnaires.model import Lang
from storage.identities import WhatsApp as _who
from storage.invites import CODE_ALPHABET, CODE_LENGTH
from storage.store import Store
from whatsapp.client import UNDELIVERABLE, WINDOW_CLOSED, CloudApi, CloudApiError
from whatsapp.reach import trouble_of
from whatsapp.render import render
from whatsapp.texts import t

log = logging.getLogger(__name__)
Json = dict[str, Any]
Choices = tuple[Choice, ...]
REMEMBERED = 4096  # sent messages whose choices are kept, to read a press on them
CODE = re.compile(rf"(?<![a-z0-9])[{CODE_ALPHABET}]{{{CODE_LENGTH}}}(?![a-z0-9])")
COMMANDS: dict[str, tuple[Callable[[Conversation, Any, Lang], Awaitable[Outcome]], bool]] = {
    "verder": (Conversation.resume, True),
    "stop": (Conversation.pause, False),
    "help": (Conversation.help, True),
    "mijngegevens": (Conversation.my_data, True),
    "verwijder": (Conversation.erase_request, True),
    "bijdrage": (Conversation.new_contribution, True),
    "taal": (Conversation.language_menu, True),
}


def leads_on(screen: Screen) -> bool:
    """A screen that moves on: choices, or a question that asks for typed input."""
    return screen.leads_on


class WhatsAppChannel:
    """The WhatsApp edge over one conversation and store (those of the web server)."""

    def __init__(self, conversation: Conversation, api: CloudApi) -> None:
        self.conversation = conversation
        self.store: Store = conversation.store
        self.api = api
        self._shown: OrderedDict[str, Choices] = OrderedDict()  # message id -> its choices
        self._latest: dict[str, Choices] = {}  # number -> choices of the newest question
        self._languages: dict[str, Lang] = {}  # chosen before consent
        self._people = PerPerson[str]()
        self.tasks: set[asyncio.Task[None]] = set()  # notifications being handled

    # Turns ---------------------------------------------------------------------------------

    @asynccontextmanager
    async def turn(self, wa_id: str) -> AsyncIterator[None]:
        """This number's messages one at a time, in the order they came."""
        async with self._people.turn(wa_id):
            yield

    # Notifications -------------------------------------------------------------------------

    async def notification(self, body: Json) -> None:
        """Everything one webhook call carries: people's messages and message statuses."""
        conversation_texts.CHANNEL.set("whatsapp")
        for entry in _list(body.get("entry")):
            for change in _list(entry.get("changes")):
                value = _dict(change.get("value"))
                for message in _list(value.get("messages")):
                    await self.message(message)
                for status in _list(value.get("statuses")):
                    await self.status(status)

    async def status(self, status: Json) -> None:
        """A message that failed because the number cannot be reached stops reminders to it."""
        if status.get("status") != "failed":
            return
        codes = {e.get("code") for e in _list(status.get("errors"))}
        wa_id = str(status.get("recipient_id", ""))
        if codes & UNDELIVERABLE and wa_id:
            log.info("WhatsApp could not deliver to a participant; no reminders until they write")
            await self.store.whatsapp_unreachable(wa_id)
        elif WINDOW_CLOSED in codes:
            log.info("a WhatsApp message came after the 24-hour window and was not delivered")

    async def message(self, message: Json) -> None:
        wa_id, message_id = str(message.get("from", "")), str(message.get("id", ""))
        if not wa_id.isdigit() or not message_id:
            return
        async with self.turn(wa_id):
            who = _who(wa_id)
            participant = await self.store.participant_for(who)
            lang: Lang = (
                ("en" if participant.language == "en" else "nl")
                if participant
                else self._languages.get(wa_id, "nl")
            )
            decide, forward = await self._decision(wa_id, message, participant is not None, lang)

            async def wrote() -> Outcome:  # what the message changes, and their window opens
                outcome = await decide()
                await self.store.whatsapp_wrote(wa_id)
                return outcome

            outcome = await self.store.handle_once(who, message_id, wrote)
            if outcome is None:
                return  # handled before: a second delivery gets no second reply
            screens = await self._way_forward(wa_id, outcome, lang, forward)
            await self._mark_read(message_id)
            if await self.deliver(wa_id, screens, lang):
                await self.store.reply_delivered(who)

    async def _decision(
        self, wa_id: str, message: Json, known: bool, lang: Lang
    ) -> tuple[Callable[[], Awaitable[Outcome]], bool]:
        """What this message asks of the conversation, and whether the reply ends on the
        person's current question."""
        who, conv = _who(wa_id), self.conversation
        kind = message.get("type")
        if kind == "text":
            body = str(_dict(message.get("text")).get("body", "")).strip()
            return await self._typed(wa_id, body, known, lang)
        if kind == "button":  # a quick-reply button of a template (the reminder)
            return (lambda: conv.resume(who, lang)), True
        if kind == "interactive":
            interactive = _dict(message.get("interactive"))
            reply = _dict(interactive.get("button_reply") or interactive.get("list_reply"))
            context = _dict(message.get("context")).get("id")
            shown = self._shown.get(str(context), ())
            return (lambda: self._pressed(wa_id, str(reply.get("id", "")), shown, lang)), True
        only_text = Outcome([notice([paragraph(t("only_text", lang))])])

        async def unusable() -> Outcome:
            return only_text

        return unusable, True

    async def _typed(
        self, wa_id: str, body: str, known: bool, lang: Lang
    ) -> tuple[Callable[[], Awaitable[Outcome]], bool]:
        who, conv = _who(wa_id), self.conversation
        words = body.split()
        if words and words[0].startswith("/"):
            name = words[0][1:].lower()
            if name == "start":
                code = words[1] if len(words) > 1 else None
                return (lambda: conv.start(who, code, lang)), True
            if name in COMMANDS:
                operation, forward = COMMANDS[name]
                return (lambda: operation(conv, who, lang)), forward
            return (lambda: conv.help(who, lang)), True
        for found in CODE.findall(body.lower()):
            check = await self.store.check_invite(found, today=conv.settings.local_date())
            if check.invite is not None:
                return self._start(who, str(found), lang), True
        if not known:
            org = conversation_texts.configured(conv.settings.organisation, lang)
            welcome = Outcome([notice([paragraph(t("welcome", lang, org=org))])])

            async def explain() -> Outcome:
                return welcome

            return explain, False
        shown = self._latest.get(wa_id) or None
        return (lambda: conv.on_text(who, body, shown, lang)), True

    def _start(self, who: _who, code: str, lang: Lang) -> Callable[[], Awaitable[Outcome]]:
        return lambda: self.conversation.start(who, code, lang)

    async def _pressed(self, wa_id: str, data: str, shown: Choices, lang: Lang) -> Outcome:
        who, conv = _who(wa_id), self.conversation
        outcome = await conv.choose(who, data, ticked_ids(shown), lang)
        if outcome.language is not None:
            self._languages[wa_id] = outcome.language
        return outcome

    async def _way_forward(
        self, wa_id: str, outcome: Outcome, lang: Lang, forward: bool
    ) -> list[Screen]:
        """What to send for an outcome: WhatsApp cannot edit a message, so a refusal becomes a
        message, the confirmation of an answer goes on top of the next question, and an edit
        is sent anew when nothing else shows the change. With `forward`, end on the person's
        current question when the rest does not lead on."""
        screens: list[Screen] = []
        if outcome.alert and outcome.toast:
            screens.append(notice([paragraph(outcome.toast)]))
        if outcome.screens:
            first, *rest = outcome.screens
            if outcome.note:
                first = replace(first, blocks=[outcome.note, *first.blocks])
            screens += [first, *rest]
        elif outcome.edit is not None and not outcome.drop_keyboard:
            screens.append(outcome.edit)
        if forward and (not screens or not leads_on(screens[-1])):
            current = await self.conversation.current(_who(wa_id), lang)
            if current.screens and (leads_on(current.screens[-1]) or not screens):
                screens += current.screens
        return screens

    # Sending -------------------------------------------------------------------------------

    async def _mark_read(self, message_id: str) -> None:
        """Blue ticks for the person's message: a courtesy, never retried."""
        try:
            await self.api.mark_read(message_id)
        except CloudApiError as error:
            log.debug("message not marked read: code %s", error.code)

    async def deliver(self, wa_id: str, screens: list[Screen], lang: Lang) -> bool:
        """Send the screens; False when the person is owed them (WhatsApp failed for now)."""
        try:
            for screen in screens:
                choices: list[Choice] = []
                for outgoing in render(screen, lang):
                    message_id = await self.api.send(wa_id, outgoing.message)
                    if outgoing.choices:
                        self._remember(message_id, outgoing.choices)
                        choices += outgoing.choices
                if leads_on(screen):
                    self._latest[wa_id] = tuple(choices)
        except CloudApiError as error:
            return await self._failed(wa_id, error)
        return True

    async def _failed(self, wa_id: str, error: CloudApiError) -> bool:
        if error.window_closed:
            log.info(
                "a reply came after the 24-hour window; the question follows their next message"
            )
        elif error.undeliverable:
            log.info("WhatsApp cannot deliver to a participant; no reminders until they write")
            await self.store.whatsapp_unreachable(wa_id)
            return True
        elif error.transient or trouble_of(error.status, error.code) is Trouble.REFUSED:
            # Owed until Meta answers again (or takes a new token). Not news on its own: an
            # outage that lasts is said once (whatsapp/reach.py).
            log.debug("WhatsApp reply not delivered, will retry: %s", error)
            return False
        else:
            log.error("WhatsApp refused a reply: %s", error)
        return True

    def _remember(self, message_id: str, choices: Choices) -> None:
        self._shown[message_id] = choices
        while len(self._shown) > REMEMBERED:
            self._shown.popitem(last=False)

    async def deliver_owed(self) -> int:
        """Send every number owed a reply (the record of a message of theirs not replied to, see
        storage/handled.py) its current question while its window is open; returns how many
        got one. Stops at the first that fails for now. Before consent nothing is owed."""
        owed = await self.store.owed_replies(_who)
        delivered = 0
        for wa_id in (person.wa_id for person in owed):
            async with self.turn(wa_id):
                if not await self.store.whatsapp_window_open(wa_id):
                    continue  # closed meanwhile: the question follows their next message
                outcome = await self.conversation.resume(_who(wa_id))
                participant = await self.store.participant_for(_who(wa_id))
                lang: Lang = "en" if participant and participant.language == "en" else "nl"
                if not await self.deliver(wa_id, outcome.screens, lang):
                    break
                await self.store.reply_delivered(_who(wa_id))
                delivered += 1
        if delivered:
            log.info("delivered %d owed WhatsApp question(s)", delivered)
        return delivered


def _list(value: object) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dict(value: object) -> Json:
    return value if isinstance(value, dict) else {}
