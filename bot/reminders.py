"""Gentle reminders for people who started but did not finish: few, and never at night."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from telegram.error import Forbidden, TelegramError

from bot.context import Context
from bot.texts import t
from settings import in_quiet_hours

__all__ = ["in_quiet_hours", "send_due"]
from questionnaires.model import Lang
from storage.identities import Chat

log = logging.getLogger(__name__)


async def send_due(context: Context) -> int:
    """Send the reminders that are due now; returns how many were sent."""
    conversation = context.bot_data.conversation
    settings = conversation.settings
    now = datetime.now(UTC)
    if settings.quiet_at(now):
        return 0
    due = await conversation.store.due_reminders(
        now - timedelta(hours=settings.reminder_after_hours),
        settings.reminder_max,
        today=settings.local_date(now),  # the round's last day ends at local midnight
    )
    sent = 0
    for response_id, chat_id in due:
        participant = await conversation.store.participant_for(Chat(chat_id))
        lang: Lang = "en" if participant is not None and participant.language == "en" else "nl"
        try:
            await context.bot.send_message(chat_id, t("reminder", lang))
        except Forbidden:
            # The person blocked the bot: stop reminding them.
            if participant is not None:
                await conversation.store.stop_reminders(participant.id)
            continue
        except TelegramError as exc:
            log.warning("reminder not sent: %s", type(exc).__name__)
            continue
        await conversation.store.mark_reminded(response_id)
        sent += 1
    if sent:
        log.info("sent %d reminder(s)", sent)
    return sent
