"""What the bot's handlers share, typed: PTB's `ContextTypes` with our own classes.

- `BotData` (PTB's `bot_data`, one per bot): what `build_application` was given (`setup`) and,
  once the database is open, the conversation and the coordinator commands (`running`).
- `ChatData` (per chat): what the chat shows at its bottom, as far as this process knows
  (`bot.replies.ChatView`).
- `UserData` (per person): the language chosen before consenting (/taal).

`Context` is the callback context every handler and job gets, with these three.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.coordination import Coordination
from bot.delivery import Patience
from conversation.flow import Conversation
from conversation.reachable import Reachability
from questionnaires.model import Catalog, Lang
from settings import Settings
from storage.store import Round, Store

if TYPE_CHECKING:
    from bot.replies import ChatView

# The files of /rapport for a round (made by `coordination.reports.report_maker`).
ReportMaker = Callable[[Store, Round], Awaitable[list[tuple[str, bytes]]]]
# The reflection round's results of one pillar (store, round id, pillar id): see Conversation.
ResultsMaker = Callable[[Store, int, str], Awaitable[str | None]]


@dataclass(frozen=True)
class Setup:
    """What the bot was built with (`bot.app.build_application`)."""

    settings: Settings
    catalog: Catalog
    reminders_every: timedelta | None
    report_maker: ReportMaker | None
    results_maker: ResultsMaker | None
    patience: Patience
    reach: Reachability  # whether Telegram answers (bot/reach.py), for the health check
    delivered: Reachability  # whether Telegram delivers to the webhook (webhook mode only)


@dataclass(frozen=True)
class Running:
    """What `bot.app.prepare` attaches once the database is open."""

    conversation: Conversation
    coordination: Coordination
    owns_store: bool  # opened at start-up, so closed at exit


class BotData:
    """PTB's `bot_data`: made by PTB without arguments, filled in by `bot.app`."""

    def __init__(self) -> None:
        self.setup: Setup | None = None
        self.running: Running | None = None
        self.close_later: set[int] = set()  # chats whose older buttons go at a quiet moment

    @property
    def built(self) -> Setup:
        if self.setup is None:
            raise RuntimeError("the bot was not built by bot.app.build_application")
        return self.setup

    @property
    def ready(self) -> Running:
        if self.running is None:
            raise RuntimeError("the bot is not prepared yet (bot.app.prepare)")
        return self.running

    @property
    def conversation(self) -> Conversation:
        return self.ready.conversation

    @property
    def store(self) -> Store:
        return self.ready.conversation.store


@dataclass
class ChatData:
    view: ChatView | None = None


@dataclass
class UserData:
    lang: Lang | None = None  # chosen before consenting; after, the participant's own


Context = CallbackContext[ExtBot[None], UserData, ChatData, BotData]
BotApp = Application[ExtBot[None], Context, UserData, ChatData, BotData, JobQueue[Context]]
CONTEXT_TYPES = ContextTypes(
    context=CallbackContext, bot_data=BotData, chat_data=ChatData, user_data=UserData
)
