"""Wire the PTB Application: handlers, commands, rate limiting, reminders, polling or webhook."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers, once, reminders
from bot.context import CONTEXT_TYPES, BotApp, ReportMaker, ResultsMaker, Running, Setup
from bot.coordination import Coordination
from bot.delivery import PATIENCE, Patience, ResilientRequest
from bot.pacing import Pacing
from bot.reach import ADVICE
from bot.texts import COMMANDS
from bot.updates import PerChatUpdateProcessor
from conversation.flow import Conversation
from conversation.reachable import OK, STOPPED, Reachability
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store

# RetryAfter.retry_after as a timedelta (PTB 22 warns on every 429 otherwise; PTB 23's default).
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger(__name__)
REMINDER_INTERVAL = timedelta(minutes=15)
FORGET_EVERY = timedelta(hours=1)  # handled updates past Telegram's 24 hours are dropped
CLOSE_EVERY = timedelta(seconds=5)  # how often older buttons of ended paths are closed
CONNECTIONS = 256  # concurrent calls to Telegram
RATE_RETRIES = 10  # a 429 "retry after" is waited out this many times per call
PROBE_EVERY = 60.0  # seconds between a webhook bot's calls that check Telegram answers

AnyApp = BotApp  # the bot's Application, with its typed context (bot/context.py)


def build_application(
    settings: Settings,
    catalog: Catalog,
    store: Store | None = None,
    *,
    base_url: str | None = None,
    token: str | None = None,
    reminders_every: timedelta | None = REMINDER_INTERVAL,
    report_maker: ReportMaker | None = None,
    results_maker: ResultsMaker | None = None,
    patience: Patience = PATIENCE,
    rate_limit: bool = True,
) -> AnyApp:
    """Build the bot. Without a `store`, the database is opened at start-up and closed at exit.

    Updates of different people are handled concurrently, one person's in order. Calls to
    Telegram are paced by its rate limit (`rate_limit=False` only to measure the bot's own cost)
    and retried when Telegram fails (`patience`).
    """

    async def post_init(app: AnyApp) -> None:
        await prepare(app, store or await Store.connect(settings.db_path), owns_store=store is None)

    async def post_shutdown(app: AnyApp) -> None:
        running = app.bot_data.running
        if running is not None and running.owns_store:
            await running.conversation.store.close()

    reach = Reachability("Telegram", ADVICE, settings.unreachable_seconds)
    delivered = Reachability("Telegram's webhook", ADVICE, settings.unreachable_seconds)
    # Any: the builder's type changes with the rate limiter, which is optional here.
    builder: Any = (
        Application.builder()
        .token(token or settings.telegram_bot_token or "")
        .base_url(base_url or settings.telegram_api_url)
        .request(
            ResilientRequest(
                window=patience.retry_window,
                reach=reach,
                connection_pool_size=CONNECTIONS,
                read_timeout=patience.read_timeout,
                pool_timeout=None,  # wait for a free connection rather than fail
            )
        )
        .get_updates_request(ResilientRequest(reach=reach, connection_pool_size=1))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(PerChatUpdateProcessor())
        .context_types(CONTEXT_TYPES)
    )
    if rate_limit:
        builder = builder.rate_limiter(Pacing(retries=RATE_RETRIES))
    if base_url is not None:
        builder = builder.base_file_url(base_url.replace("/bot", "/file/bot"))
    app: AnyApp = builder.build()
    app.bot_data.setup = Setup(
        settings, catalog, reminders_every, report_maker, results_maker, patience, reach, delivered
    )
    add_handlers(app)
    return app


async def prepare(app: AnyApp, store: Store, *, owns_store: bool = False) -> None:
    """Attach the domain objects and register commands and reminders.

    `run_polling` calls this through post_init; tests call it after `initialize()`.
    """
    setup = app.bot_data.built
    maker = setup.results_maker
    results = partial(maker, store) if maker is not None else None
    app.bot_data.running = Running(
        Conversation(store, setup.catalog, setup.settings, results),
        Coordination(store, setup.settings),
        owns_store,
    )
    await set_commands(app)
    every = setup.reminders_every
    if every is not None and app.job_queue is not None:
        app.job_queue.run_repeating(reminders.send_due, interval=every, first=every)
    patience = setup.patience
    if app.job_queue is not None:
        # At once too: questions owed from before a restart (a crash, an outage) go out first.
        interval = patience.redeliver_every
        app.job_queue.run_once(
            handlers.deliver_owed, when=0, job_kwargs={"misfire_grace_time": None}
        )
        app.job_queue.run_repeating(handlers.deliver_owed, interval=interval, first=interval)
        app.job_queue.run_repeating(once.forget_old, interval=FORGET_EVERY, first=FORGET_EVERY)
        # Older buttons of chats whose path ended while others were being answered.
        app.job_queue.run_repeating(handlers.close_later, interval=CLOSE_EVERY, first=CLOSE_EVERY)
        if setup.settings.webhook_url:
            # Polling asks Telegram every few seconds; a webhook bot may go quiet for hours.
            probe = max(1.0, min(PROBE_EVERY, setup.reach.grace / 3))
            app.job_queue.run_repeating(handlers.probe, interval=probe, first=probe)


@asynccontextmanager
async def running(app: AnyApp, store: Store, *, poll_timeout: int = 10) -> AsyncIterator[AnyApp]:
    """Run the bot with long polling inside an existing event loop (tests, preview, demo)."""
    await app.initialize()
    try:
        await prepare(app, store)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()


def health(app: AnyApp) -> str:
    """The bot's state for /healthz: its polling loop or webhook server runs, Telegram answers
    its calls and, with a webhook, delivers to it (`OK`, `STOPPED` or a `Trouble`'s value)."""
    if app.updater is None or not app.updater.running:
        return STOPPED
    setup = app.bot_data.built
    answers = setup.reach.state()
    return answers if answers != OK else setup.delivered.state()


class ReportedAtStart(logging.Filter):
    """Leaves out PTB's own ERROR with traceback when Telegram refuses what the bot asks at
    start (setWebhook, deleteWebhook, getMe: PTB's "Bootstrap" calls): the error reaches
    `run_polling`/`run_webhook`'s caller, which says it in one line (`inspraak run`).
    Everything else PTB logs passes, also a failure of the same calls later on."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        at_start = record.getMessage().startswith("Network Retry Loop (Bootstrap")
        return not (at_start and isinstance(error, TelegramError))


def add_handlers(app: AnyApp) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, handlers.note_seen), group=-2)
    app.add_handler(TypeHandler(Update, handlers.not_private), group=-1)
    commands: dict[str, handlers.Handler] = {
        "start": handlers.cmd_start,
        "verder": handlers.chat_command(Conversation.resume),
        "stop": handlers.chat_command(Conversation.pause, forward=False),
        "help": handlers.chat_command(Conversation.help),
        "mijngegevens": handlers.chat_command(Conversation.my_data),
        "verwijder": handlers.chat_command(Conversation.erase_request),
        "bijdrage": handlers.chat_command(Conversation.new_contribution),
        "taal": handlers.chat_command(Conversation.language_menu),
        "voortgang": handlers.cmd_progress,
        "rapport": handlers.cmd_report,
        "beheer": handlers.cmd_console,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=private))
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(MessageHandler(private & filters.COMMAND, handlers.on_unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, handlers.on_text))
    app.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.on_unusable)
    )
    app.add_error_handler(handlers.on_error)


async def set_commands(app: AnyApp) -> None:
    """Register the Dutch command menu, with English for English-language Telegram apps."""
    scope = BotCommandScopeAllPrivateChats()
    for lang in ("nl", "en"):
        commands = [BotCommand(name, text.get(lang)) for name, text in COMMANDS.items()]
        await app.bot.set_my_commands(
            commands, scope=scope, language_code=None if lang == "nl" else lang
        )
