"""A new bot process on the same database: what Telegram delivers again changes nothing, and
a question the old process owed still reaches the person.

Each test runs two Applications one after the other on one database file and one local Bot API
server: the second starts with nothing in memory, as after a restart.
"""

from __future__ import annotations

from pathlib import Path

from localbotapi import BotApiFault, LocalBotApi
from questionnaires.model import Catalog
from tests.bot.conftest import bot_world
from tests.bot.test_e2e_faults import QUICK, _asks, at_first_question

NEXT = "Weet je van de cliëntondersteuner?"


async def test_a_typed_answer_delivered_again_after_a_restart_is_not_applied_again(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with bot_world(api, db, short_catalog) as first:
        person = await at_first_question(first, 601)
        await person.send_text("1")  # the first option of "Ik voel me thuis."
        assert person.last_update is not None
        typed = int(person.last_update["update_id"])
        assert _asks(person, NEXT), person.transcript()
        before = await first.answers_of(601)
    assert before["c_thuis"] == 1 and "c_weet" not in before
    # The old process stopped; Telegram did not take its confirmation in and sends "1" again.
    # Applied again, it would answer the next question ("1": Ja).
    [again] = api.forget_confirmed(typed)
    async with bot_world(api, db, short_catalog) as second:
        mark = api.stamp
        await api.wake()
        await api.settle(again)
        assert api.fetched[typed] == 2  # it did arrive twice
        assert await second.answers_of(601) == before
        assert api.changed_since(mark, [person.chat]) == []  # and the bot said nothing to it
        assert _asks(person, NEXT)
        await person.press("Nee")  # the person goes on from where they are
        assert (await second.answers_of(601))["c_weet"] == "no"
        assert _asks(person, "Wil je er meer over weten?"), person.transcript()


async def test_a_press_delivered_again_after_a_restart_changes_nothing(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with bot_world(api, db, short_catalog) as first:
        person = await at_first_question(first, 602)
        await person.press("Eens")
        assert person.last_update is not None
        pressed = int(person.last_update["update_id"])
        await person.press("Ja")
        before = await first.answers_of(602)
    [press, *_] = api.forget_confirmed(pressed)  # the two presses come again
    acknowledged = api.counts["answerCallbackQuery"]
    async with bot_world(api, db, short_catalog) as second:
        mark = api.stamp
        await api.wake()
        await api.settle(press)
        await api.wait_for(lambda: not api.pending)
        assert await second.answers_of(602) == before
        # No "this button is old" alert for a press the person made once, and no new message.
        assert api.changed_since(mark, [person.chat]) == []
        assert api.counts["answerCallbackQuery"] == acknowledged
        assert _asks(person, "Wil je er meer over weten?") is False
        assert _asks(person, "Wat doe je graag?"), person.transcript()


async def test_a_question_owed_before_a_restart_is_sent_after_it(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with bot_world(api, db, short_catalog, patience=QUICK) as first:
        person = await at_first_question(first, 603)
        api.faults.add(BotApiFault.server_error(500, times=None))  # Telegram fails from here on
        await person.press("Eens")  # stored; the reply cannot be delivered
        assert (await first.answers_of(603))["c_thuis"] == 4
        assert not _asks(person, NEXT)
    api.faults.clear()  # Telegram is back, the old process is gone with what it owed
    # The usual patience: owed questions are tried every 30 s, and once at start-up.
    async with bot_world(api, db, short_catalog):
        await person.wait_for_reply(timeout=5)
        assert _asks(person, NEXT), person.transcript()
        assert "Welkom terug" in person.last_text
        await person.press("Ja")
        assert _asks(person, "Wat doe je graag?"), person.transcript()
