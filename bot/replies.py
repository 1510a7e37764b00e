"""Turn an Outcome into as few Telegram calls as read well, always ending on a way forward.

Two promises:

- **A way forward.** After every reply, the newest message in the chat is the person's current
  question (or overview) with live buttons, or a text that says exactly what to type. When an
  outcome ends without one and the person has something open, the current question is added.
- **Few calls.** Telegram allows a bot about 30 chat messages a second, so each reply is one
  call where possible: screens are joined into one message, and a pressed message that is still
  the newest in the chat turns into the next screen instead of a new message being sent.

`ChatView` remembers, per chat, the newest message id, the newest message with buttons and
every message of ours that may still hold buttons (in `chat_data`, so per process: after a
restart the first reply takes the careful way).

**A clean end.** When the path ends (hand-in), every earlier message that still holds buttons
loses them (an older typed question's Back/Skip): after the thank-you nothing in the chat can
be pressed. That costs a call per such message, so it yields to replies: while other people's
updates are being handled it waits for the next quiet moment (`close_later`, run by the owed
questions' job). A press on an old message meanwhile (or from before a restart) is answered
with a toast and takes that message's buttons away.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import Context
from bot.delivery import MaybeDelivered
from bot.render import keyboard, message_text, split_text
from bot.updates import PerChatUpdateProcessor
from conversation.screens import Block, Choice, Outcome, Place, Screen, notice

log = logging.getLogger(__name__)
Current = Callable[[], Awaitable[Outcome]]
MAX_MESSAGE = 4096
UNSURE_AT_MOST = 3  # messages before ours that may hold buttons sent without an answer


@dataclass
class ChatView:
    """What the person sees at the bottom of the chat, as far as this process knows."""

    latest: int = 0  # id of the newest message in the chat (theirs or ours); 0: unknown
    prompt: int = 0  # id of our newest message with buttons
    prompt_screen: Screen | None = None  # what it shows
    # A message with buttons that may have arrived unseen (no answer in time): any message
    # after this id and before our next one may hold live buttons to take away.
    unsure_after: int | None = None
    # Our messages that may still hold buttons, oldest first, with what each shows.
    live: dict[int, Screen] = field(default_factory=dict)

    @property
    def prompt_choices(self) -> list[Choice]:
        return self.prompt_screen.flat_choices if self.prompt_screen else []

    @classmethod
    def of(cls, context: Context) -> ChatView:
        data = context.chat_data
        if data is None:
            return cls()
        if data.view is None:
            data.view = cls()
        return data.view

    def saw(self, message_id: int) -> None:
        """A message arrived from the person."""
        self.latest = max(self.latest, message_id)

    def is_newest(self, message_id: int) -> bool:
        return bool(self.latest) and message_id == self.latest

    def put(self, message_id: int, screen: Screen, *, new: bool) -> None:
        if new:
            self.latest = max(self.latest, message_id)
        if screen.choices:
            self.prompt, self.prompt_screen = message_id, screen
            self.live[message_id] = screen
        else:
            self.closed(message_id)

    def closed(self, message_id: int) -> None:
        """That message holds no buttons (any more)."""
        self.live.pop(message_id, None)
        if self.prompt == message_id:
            self.forget_prompt()

    def forget_prompt(self) -> None:
        self.prompt, self.prompt_screen = 0, None

    def live_prompt_is_newest(self, screen: Screen) -> bool:
        """The newest message already is this screen with its buttons."""
        return self.is_newest(self.prompt) and same_question(self.prompt_screen, screen)


def leads_on(screen: Screen) -> bool:
    """A screen that moves on: live choices, or a question that asks for typed input."""
    return screen.leads_on


def joined(screens: list[Screen], note: Block | None = None) -> list[Screen]:
    """Join screens into as few messages as fit; only the last of a message may have choices."""
    result: list[Screen] = []
    pending = [notice([note])] if note else []
    for screen in [*pending, *screens]:
        last = result[-1] if result else None
        if last is not None and not last.choices:
            together = replace(screen, blocks=[*last.blocks, *screen.blocks])
            if len(message_text(together)) <= MAX_MESSAGE:
                result[-1] = together
                continue
        result.append(screen)
    return result


async def reply(
    context: Context,
    chat_id: int,
    outcome: Outcome,
    *,
    pressed: Message | None = None,
    current: Current | None = None,
) -> None:
    """Show `outcome`. `pressed`: the message whose button was pressed. `current`: the person's
    current screen, added when the outcome ends without a way forward (None: never added)."""
    view = ChatView.of(context)
    screens = list(outcome.screens)
    edit = outcome.edit
    if pressed is not None and not screens and edit is None:
        await _refused(context, view, chat_id, outcome, pressed, current)
        return
    ending = screens[-1] if screens else edit
    # After hand-in nothing follows the thank-you: the path has ended.
    if current is not None and ending is not None and not leads_on(ending) and not ending.ended:
        more = (await current()).screens
        if more and leads_on(more[-1]):
            if not screens and edit is not None:
                screens, edit = [edit], None  # that text, then the question
            screens += more
    await _show(context, view, chat_id, outcome, screens, edit, pressed)
    if view.live and any(screen.ended for screen in [*screens, *([edit] if edit else [])]):
        if _others_waiting(context):
            context.bot_data.close_later.add(chat_id)
        else:
            await close_older(context, chat_id)


def _others_waiting(context: Context) -> bool:
    """Updates of other chats are being handled or wait: their replies go first."""
    processor = context.application.update_processor
    return isinstance(processor, PerChatUpdateProcessor) and processor.busy_chats > 1


async def close_older(context: Context, chat_id: int) -> int:
    """The path has ended in this chat: every message that still holds buttons loses them.
    `context` is the chat's own (its chat_data holds the ChatView). Returns the calls made."""
    view = ChatView.of(context)
    older = list(view.live)
    for message_id in older:
        await _drop_keyboard(context, view, chat_id, message_id)
    return len(older)


async def _show(
    context: Context,
    view: ChatView,
    chat_id: int,
    outcome: Outcome,
    screens: list[Screen],
    edit: Screen | None,
    pressed: Message | None,
) -> None:
    if pressed is None:
        asked = view.prompt_screen
        if edit is not None and screens and asked is not None and asked.place is Place.CONSENT:
            # Consent given by typing: the consent message closes as if pressed (its buttons
            # would still act), and the questionnaire starts below the person's message.
            await _edit(context, view, chat_id, view.prompt, edit)
            await _send(context, view, chat_id, joined(screens))
            return
        # Typed text or a command. A typed option of a multi choice: its new selection.
        shown = screens or ([edit] if edit is not None else [])
        await _send(context, view, chat_id, joined(shown, outcome.note))
        return
    if edit is not None and edit.ended and not view.is_newest(pressed.message_id):
        screens, edit = [edit], None  # the thank-you goes at the bottom of the chat
    if view.is_newest(pressed.message_id) and (screens or edit is not None):
        # The pressed message becomes the next screen: one call.
        first, *rest = joined(screens, outcome.note) if screens or edit is None else [edit]
        await _edit(context, view, chat_id, pressed.message_id, first)
        await _send(context, view, chat_id, rest)
        return
    # An older message: close it, and show what comes next at the bottom of the chat.
    if edit is not None and (screens or not edit.choices):
        await _edit(context, view, chat_id, pressed.message_id, edit)
    else:
        await _drop_keyboard(context, view, chat_id, pressed.message_id)
        if edit is not None:
            screens = [edit]  # its new keyboard, at the bottom
    await _send(context, view, chat_id, joined(screens))


async def _refused(
    context: Context,
    view: ChatView,
    chat_id: int,
    outcome: Outcome,
    pressed: Message,
    current: Current | None,
) -> None:
    """A press that changed nothing (stale, forged, not allowed): the toast says why. Make sure
    the person still has their current question, live, at the bottom."""
    live = None
    if current is not None:
        more = (await current()).screens
        live = more[-1] if more and leads_on(more[-1]) else None
    on_live = (
        live is not None
        and view.prompt == pressed.message_id
        and same_question(view.prompt_screen, live)
    )
    # Old buttons go when the live question is there to replace them (a forged press on, say,
    # the consent question must not take that question's buttons away), or when nothing leads
    # on at all (the path has ended: nothing is left to press).
    if outcome.drop_keyboard and not on_live:
        await _drop_keyboard(context, view, chat_id, pressed.message_id)
    if live is not None and not view.live_prompt_is_newest(live):
        await _send(context, view, chat_id, [live])


async def _send(context: Context, view: ChatView, chat_id: int, screens: list[Screen]) -> None:
    for screen in screens:
        await _send_html(context, view, chat_id, split_text(message_text(screen)), screen)


async def _send_html(
    context: Context, view: ChatView, chat_id: int, parts: list[str], screen: Screen
) -> None:
    """The parts of one screen's text, its choices under the last."""
    for part in parts[:-1]:
        message = await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
        view.saw(message.message_id)
    try:
        message = await context.bot.send_message(
            chat_id, parts[-1], parse_mode=ParseMode.HTML, reply_markup=keyboard(screen)
        )
    except MaybeDelivered:
        if screen.choices and view.unsure_after is None:
            view.unsure_after = view.latest
        view.latest = 0  # unknown now: the next reply sends rather than edits
        raise
    view.put(message.message_id, screen, new=True)
    await _take_away_unsure(context, view, chat_id, message.message_id)
    await _supersede(context, view, chat_id, message.message_id, screen)


async def _supersede(
    context: Context, view: ChatView, chat_id: int, message_id: int, screen: Screen
) -> None:
    """`message_id` now shows `screen`: older copies of it (typed at, gone back to, changed)
    lose their buttons."""
    superseded = [
        older
        for older, shown in view.live.items()
        if older != message_id and same_question(shown, screen)
    ]
    for older in superseded:
        await _drop_keyboard(context, view, chat_id, older)


def same_question(old: Screen | None, new: Screen) -> bool:
    """Two copies of one question (or the overview): the older copy is superseded. A question
    is known by its key (a message that joins a greeting and the question has the greeting's
    title first), any other screen by its place and title."""
    if old is None or not new.choices or old.place is not new.place:
        return False
    if old.key is not None or new.key is not None:
        return old.key == new.key
    return old.title == new.title


async def _take_away_unsure(
    context: Context, view: ChatView, chat_id: int, message_id: int
) -> None:
    """Messages with buttons that may have arrived unseen before `message_id`: no buttons."""
    after, view.unsure_after = view.unsure_after, None
    if after is None or not after:
        return
    for unseen in range(max(after + 1, message_id - UNSURE_AT_MOST), message_id):
        await _drop_keyboard(context, view, chat_id, unseen)


async def _edit(
    context: Context, view: ChatView, chat_id: int, message_id: int, screen: Screen
) -> None:
    parts = split_text(message_text(screen))
    try:
        await context.bot.edit_message_text(
            parts[0],
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(screen) if len(parts) == 1 else None,
        )
    except BadRequest as exc:
        # "message is not modified", or a message that is gone: send it instead.
        log.debug("edit skipped: %s", exc.message)
        if "not modified" not in exc.message.lower():
            await _send(context, view, chat_id, [screen])
        return
    view.put(message_id, screen, new=False)
    await _supersede(context, view, chat_id, message_id, screen)
    if len(parts) > 1:
        await _send_html(context, view, chat_id, parts[1:], screen)


async def _drop_keyboard(context: Context, view: ChatView, chat_id: int, message_id: int) -> None:
    try:
        await context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
    except BadRequest as exc:
        log.debug("keyboard removal skipped: %s", exc.message)
    view.closed(message_id)
