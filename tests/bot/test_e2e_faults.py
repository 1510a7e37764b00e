"""Telegram fails (429, 5xx, timeouts, a blocked user): nothing is lost, nobody is stranded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery import Patience
from localbotapi import BotApiFault, LocalBotApi, SimulatedUser
from questionnaires.model import Catalog
from storage.identities import Chat
from tests.bot.conftest import BotWorld, bot_world
from tests.bot.test_e2e_reminders import _send as send_reminders

# Short windows so a test outlasts the bot's patience in a second or two.
EENS = 4  # how "Eens" is stored
QUICK = Patience(retry_window=1.0, read_timeout=0.5, redeliver_every=timedelta(seconds=0.3))


@pytest.fixture
async def shaky(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> AsyncIterator[BotWorld]:
    async with bot_world(api, tmp_path / "bot.sqlite3", short_catalog, patience=QUICK) as started:
        yield started


async def at_first_question(world: BotWorld, user_id: int) -> SimulatedUser:
    """A person who joined and is past the short questionnaire's intro."""
    person = await world.joined(user_id)
    await person.press("Verder »")
    assert "Ik voel me thuis." in person.last_text
    return person


def _asks(person: SimulatedUser, text: str) -> bool:
    """The newest message asks `text` and has live buttons."""
    return text in person.last_text and bool(person.last.buttons)


async def test_flood_control_is_waited_out(shaky: BotWorld) -> None:
    person = await at_first_question(shaky, 501)
    replies = ["sendMessage", "editMessageText"]
    fault = shaky.api.faults.add(BotApiFault.flood(retry_after=1, times=2, methods=replies))
    person.timeout = 10
    await person.press("Eens")
    assert fault.hits == 2
    assert _asks(person, "Weet je van de cliëntondersteuner?"), person.transcript()
    assert (await shaky.answers_of(501))["c_thuis"] == EENS


async def test_a_short_outage_is_bridged_by_retrying(shaky: BotWorld) -> None:
    person = await at_first_question(shaky, 502)
    replies = ["sendMessage", "editMessageText"]
    fault = shaky.api.faults.add(BotApiFault.server_error(502, times=2, methods=replies))
    await person.press("Eens")
    assert fault.hits == 2
    assert _asks(person, "Weet je van de cliëntondersteuner?"), person.transcript()


async def test_after_a_long_outage_the_question_follows_by_itself(shaky: BotWorld) -> None:
    person = await at_first_question(shaky, 503)
    outage = shaky.api.faults.add(BotApiFault.server_error(500, times=None))  # every call fails
    await person.press("Eens")  # the bot gives up on this reply, the answer is stored
    assert outage.hits >= 3  # the press's answer, the edit and its retries
    assert (await shaky.answers_of(503))["c_thuis"] == EENS
    assert not _asks(person, "Weet je van de cliëntondersteuner?")
    shaky.api.faults.clear()  # Telegram is back
    await person.wait_for_reply(timeout=5)
    assert _asks(person, "Weet je van de cliëntondersteuner?"), person.transcript()


async def test_timeouts_lose_nothing(shaky: BotWorld) -> None:
    person = await at_first_question(shaky, 504)
    # The message arrives but the bot never hears back, then the call is simply lost.
    shaky.api.faults.add(BotApiFault.timeout(0.7, applied=True, methods=["editMessageText"]))
    shaky.api.faults.add(BotApiFault.timeout(0.7, methods=["sendMessage"]))
    person.timeout = 10
    await person.press("Eens")
    assert (await shaky.answers_of(504))["c_thuis"] == EENS
    if not _asks(person, "Weet je van de cliëntondersteuner?"):
        await person.wait_for_reply(timeout=5)
    assert _asks(person, "Weet je van de cliëntondersteuner?"), person.transcript()


async def test_a_blocked_bot_stops_reminding(
    shaky: BotWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = await at_first_question(shaky, 505)
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    await shaky.store.conn.execute("UPDATE responses SET updated_at = ?", (old,))
    person.block()
    assert await send_reminders(shaky, monkeypatch, hour=11) == 0
    assert ("sendMessage", "Forbidden: bot was blocked by the user") in shaky.api.errors
    person.unblock()
    assert await send_reminders(shaky, monkeypatch, hour=12) == 0  # stopped for good
    participant = await shaky.store.participant_for(Chat(505))
    assert participant is not None and participant.reminders_off


async def test_blocked_while_answering_the_answer_counts_and_reminders_stop(
    shaky: BotWorld,
) -> None:
    person = await at_first_question(shaky, 506)
    person.block()  # pressed just before blocking: the reply cannot be delivered
    await person.press("Eens")
    assert (await shaky.answers_of(506))["c_thuis"] == EENS
    participant = await shaky.store.participant_for(Chat(506))
    assert participant is not None and participant.reminders_off
