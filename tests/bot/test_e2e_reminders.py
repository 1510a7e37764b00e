"""Reminders go out through the real bot: few, not at night, never after /stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import CallbackContext

from bot import reminders
from tests.bot.conftest import BotWorld


async def _started(small: BotWorld, user_id: int) -> None:
    code = await small.invite()
    person = small.user(user_id)
    await person.command("start", code)
    await person.press("Ja, ik doe mee")
    await person.press("Verder »")
    # Make the participant idle for three days.
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    await small.store.conn.execute("UPDATE responses SET updated_at = ?", (old,))


async def _send(small: BotWorld, monkeypatch: pytest.MonkeyPatch, hour: int) -> int:
    tz = ZoneInfo(small.settings.timezone)
    fixed = datetime.now(tz).replace(hour=hour, minute=0)

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:  # type: ignore[override]
            return fixed.astimezone(UTC)  # type: ignore[return-value]

    monkeypatch.setattr(reminders, "datetime", Clock)
    return await reminders.send_due(CallbackContext(small.app))


async def test_reminders_respect_quiet_hours_limit_and_stop(
    small: BotWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _started(small, 301)
    person = small.user(301)
    count = len(person.messages)
    assert await _send(small, monkeypatch, hour=23) == 0  # quiet hours 21-9
    assert len(person.messages) == count
    assert await _send(small, monkeypatch, hour=11) == 1
    assert "nog niet klaar" in person.last_text
    assert await _send(small, monkeypatch, hour=11) == 0  # not again right away
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    await small.store.conn.execute("UPDATE responses SET last_reminder_at = ?", (old,))
    assert await _send(small, monkeypatch, hour=12) == 1
    await small.store.conn.execute("UPDATE responses SET last_reminder_at = ?", (old,))
    assert await _send(small, monkeypatch, hour=13) == 0  # at most INSPRAAK_REMINDER_MAX = 2


async def test_stop_ends_reminders(small: BotWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    await _started(small, 302)
    await small.user(302).command("stop")
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    await small.store.conn.execute("UPDATE responses SET updated_at = ?", (old,))
    assert await _send(small, monkeypatch, hour=11) == 0
