"""Reminders on WhatsApp: only as the approved message template, since a reminder comes when
the person has been silent for a day or more, outside WhatsApp's 24-hour window.

Few and never at night, as in Telegram (INSPRAAK_REMINDER_MAX, INSPRAAK_REMINDER_AFTER_HOURS,
INSPRAAK_QUIET_HOURS). A number WhatsApp cannot deliver to gets no more; when Meta fails or
refuses the template, the rest waits for the next run (no retry storm).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from conversation.reachable import Trouble
from whatsapp.channel import WhatsAppChannel
from whatsapp.client import CloudApiError
from whatsapp.reach import trouble_of

log = logging.getLogger(__name__)


def template(name: str, lang: str, organisation: str) -> dict[str, Any]:
    """The reminder template message; its one body parameter is the organisation's name."""
    return {
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": "en" if lang == "en" else "nl"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": organisation}]}
            ],
        },
    }


async def send_due(channel: WhatsAppChannel, now: datetime | None = None) -> int:
    """Send the reminders that are due now; returns how many were sent."""
    settings = channel.conversation.settings
    store = channel.store
    now = now or datetime.now(UTC)
    if settings.quiet_at(now):
        return 0
    due = await store.due_whatsapp_reminders(
        now - timedelta(hours=settings.reminder_after_hours),
        settings.reminder_max,
        today=settings.local_date(now),
    )
    sent = 0
    for response_id, wa_id, lang in due:
        message = template(settings.whatsapp_reminder_template, lang, settings.organisation)
        async with channel.turn(wa_id):
            try:
                await channel.api.send(wa_id, message)
            except CloudApiError as error:
                if error.undeliverable:
                    await channel.store.whatsapp_unreachable(wa_id)
                    continue
                # Meta out of reach (or refusing the token) is said once by whatsapp/reach.py.
                out = error.transient or trouble_of(error.status, error.code) is Trouble.REFUSED
                level = logging.DEBUG if out else logging.ERROR
                log.log(level, "WhatsApp reminders wait for the next run: %s", error)
                break
            await store.mark_reminded(response_id)
        sent += 1
    if sent:
        log.info("sent %d WhatsApp reminder(s)", sent)
    return sent
