"""Reminders go out through the real bot: few, not at night, never after /stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import CallbackContext

from bot import reminders
from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from tests.bot.conftest import BotWorld, bot_world


async def _started(small: BotWorld, user_id: int) -> None:
    await (await small.joined(user_id)).press("Verder »")
    # Make the participant idle for three days.
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    await small.store.conn.execute("UPDATE responses SET updated_at = ?", (old,))


async def _send(small: BotWorld, monkeypatch: pytest.MonkeyPatch, hour: int) -> int:
    tz = ZoneInfo(small.settings.timezone)
    return await _send_at(small, monkeypatch, datetime.now(tz).replace(hour=hour, minute=0))


async def _send_at(small: BotWorld, monkeypatch: pytest.MonkeyPatch, fixed: datetime) -> int:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:
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


@pytest.mark.parametrize(
    ("timezone", "last_minute", "first_minute_after"),
    [
        # Amsterdam is UTC+1 in winter: its 1 December begins while UTC is still on 30 November.
        ("Europe/Amsterdam", "2026-11-30T22:59:00+00:00", "2026-11-30T23:01:00+00:00"),
        # Bonaire is UTC-4: the last evening of 30 November is 1 December in UTC.
        ("America/Kralendijk", "2026-12-01T03:59:00+00:00", "2026-12-01T04:01:00+00:00"),
    ],
)
async def test_the_last_day_ends_at_local_midnight(
    api: LocalBotApi,
    tmp_path: Path,
    short_catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    timezone: str,
    last_minute: str,
    first_minute_after: str,
) -> None:
    """A round ending on 30 November reminds until 23:59 on 30 November in INSPRAAK_TIMEZONE
    and not from 00:00 on, whatever the date in UTC (quiet hours set aside for this)."""
    async with bot_world(
        api,
        tmp_path / "bot.sqlite3",
        short_catalog,
        INSPRAAK_TIMEZONE=timezone,
        INSPRAAK_QUIET_HOURS="4-5",
    ) as world:
        await _started(world, 303)
        await world.store.conn.execute(
            "UPDATE rounds SET starts_on = '2026-11-01', ends_on = '2026-11-30'"
        )
        await world.store.conn.execute(
            "UPDATE responses SET updated_at = '2026-11-27T12:00:00+00:00'"
        )
        await world.store.conn.commit()
        person = world.user(303)
        count = len(person.messages)
        assert await _send_at(world, monkeypatch, datetime.fromisoformat(first_minute_after)) == 0
        assert len(person.messages) == count
        assert await _send_at(world, monkeypatch, datetime.fromisoformat(last_minute)) == 1
        assert "nog niet klaar" in person.last_text
