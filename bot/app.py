"""Wire the PTB Application: handlers, commands, rate limiting, reminders, polling or webhook."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers, reminders
from bot.flow import Conversation, Coordination
from bot.texts import COMMANDS
from inspraak.settings import Settings
from questionnaires.model import Catalog
from storage.store import Store

log = logging.getLogger(__name__)
REMINDER_INTERVAL = timedelta(minutes=15)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    catalog: Catalog,
    store: Store | None = None,
    *,
    base_url: str | None = None,
    token: str | None = None,
    reminders_every: timedelta | None = REMINDER_INTERVAL,
) -> AnyApp:
    """Build the bot. Without a `store`, the database is opened at start-up and closed at exit."""

    async def post_init(app: AnyApp) -> None:
        own_store = store or await Store.connect(settings.db_path)
        app.bot_data["conversation"] = Conversation(own_store, catalog, settings)
        app.bot_data["coordination"] = Coordination(own_store, settings)
        app.bot_data["owns_store"] = store is None
        await set_commands(app)
        if reminders_every is not None and app.job_queue is not None:
            app.job_queue.run_repeating(
                reminders.send_due, interval=reminders_every, first=reminders_every
            )

    async def post_shutdown(app: AnyApp) -> None:
        conversation: Conversation | None = app.bot_data.get("conversation")
        if conversation is not None and app.bot_data.get("owns_store"):
            await conversation.store.close()

    builder = (
        Application.builder()
        .token(token or settings.telegram_bot_token or "")
        .base_url(base_url or settings.telegram_api_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(False)
    )
    if base_url is not None:
        builder = builder.base_file_url(base_url.replace("/bot", "/file/bot"))
    app: AnyApp = builder.build()
    add_handlers(app)
    return app


def add_handlers(app: AnyApp) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-2)
    app.add_handler(TypeHandler(Update, handlers.not_private), group=-1)
    commands: dict[str, Any] = {
        "start": handlers.cmd_start,
        "verder": handlers.cmd_verder,
        "stop": handlers.cmd_stop,
        "help": handlers.cmd_help,
        "mijngegevens": handlers.cmd_my_data,
        "verwijder": handlers.cmd_erase,
        "bijdrage": handlers.cmd_contribution,
        "taal": handlers.cmd_language,
        "voortgang": handlers.cmd_progress,
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
