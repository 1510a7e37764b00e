"""The load bench's ceiling: a bare python-telegram-bot echo bot on the same PTB, server and
concurrency as the product. It answers each message with one message and each press with one
edit; with `limited` it paces its calls with PTB's `AIORateLimiter` (about 30 chat messages a
second), as a bare PTB bot would."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

BUTTON = "verder"  # the data of its one button


def echo_application(
    base_url: str, token: str, limited: bool
) -> Application[Any, Any, Any, Any, Any, Any]:
    """A bare PTB echo bot: one message per message, one edit per press."""
    builder = Application.builder().token(token).base_url(base_url).concurrent_updates(512)
    if limited:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=10))  # type: ignore[arg-type]
    app = builder.build()
    counter = iter(range(10**9))

    def keyboard() -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Verder", callback_data=BUTTON)]])

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"Echo: {update.message.text}", reply_markup=keyboard())

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"Gekozen ({next(counter)})", reply_markup=keyboard())

    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


async def take_step(person: Any, kind: str) -> None:
    """One step of the kind a product step was, on the echo bot: c(ommand), t(ext), p(ress).
    `person` is a simulated Telegram user (`localbotapi.SimulatedUser`, or the bench's timed
    one)."""
    if kind == "c":
        await person.command("start", "uitnodiging")
    elif kind == "t":
        await person.send_text("Een gesprek over herstel met drie bewoners.")
    else:
        message = person.keyboard_message
        assert message is not None, "nothing to press"
        await person.press_data(BUTTON, message.id)
