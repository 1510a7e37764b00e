"""End to end through the real Application and the local Bot API server: the mechanics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.localapi import LocalBotApi
from questionnaires.loader import load_catalog
from questionnaires.model import Catalog
from tests.bot.conftest import BotWorld, bot_world
from tests.bot.test_flow import CLIENT, FRAMEWORK


@pytest.fixture
def mini(tmp_path: Path) -> Catalog:
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "framework.yaml").write_text(FRAMEWORK)
    (folder / "client.yaml").write_text(CLIENT)
    return load_catalog(folder)


@pytest.fixture
async def small(api: LocalBotApi, tmp_path: Path, mini: Catalog) -> AsyncIterator[BotWorld]:
    async with bot_world(api, tmp_path / "bot.sqlite3", mini) as started:
        yield started


async def test_start_consent_and_first_question(small: BotWorld) -> None:
    code = await small.invite()
    anna = small.user(101)
    replies = await anna.command("start", code)
    assert "Doe je mee?" in replies[-1].text
    assert anna.buttons == [["Ja, ik doe mee"], ["Nee, liever niet"]]
    replies = await anna.press("Ja, ik doe mee")
    assert anna.answer_to_last_press() is not None  # the press was acknowledged
    assert any("Je doet mee" in m.text for m in replies)
    assert "Eerst wat uitleg." in anna.last_text
    await anna.press("Verder »")
    assert "Vraag 1 van 5" in anna.last_text
    await anna.press("Eens")
    # The answered question no longer has buttons: it cannot be pressed twice.
    answered = anna.messages[-2]
    assert "Je antwoord: Eens" in answered.text and not answered.buttons


async def test_commands_are_registered_in_dutch_and_english(small: BotWorld) -> None:
    dutch = [c["command"] for c in small.api.commands[""]]
    assert dutch[:3] == ["start", "verder", "stop"]
    assert "verwijder" in dutch and "mijngegevens" in dutch
    english = {c["command"]: c["description"] for c in small.api.commands["en"]}
    assert english["verwijder"] == "Erase all your answers"


async def test_duplicate_update_changes_nothing(small: BotWorld) -> None:
    code = await small.invite()
    ben = small.user(102)
    await ben.command("start", code)
    await ben.press("Ja, ik doe mee")
    count = len(ben.messages)
    again = await ben.resend_last_update()
    assert again == [] and len(ben.messages) == count
    participant = await small.store.participant_for_chat(102)
    assert participant is not None
    assert len(await small.store.responses_of(participant.id)) == 1


async def test_forged_callback_is_refused(small: BotWorld) -> None:
    code = await small.invite()
    cas = small.user(103)
    await cas.command("start", code)
    await cas.press("Ja, ik doe mee")
    await cas.press_data("a:1:deadbeef:0")
    answer = cas.answer_to_last_press()
    assert answer is not None and answer["show_alert"]
    await cas.press_data("totally invalid")
    answer = cas.answer_to_last_press()
    assert answer is not None and "werkt niet" in str(answer["text"])


async def test_group_chat_gets_an_explanation_and_nothing_is_stored(small: BotWorld) -> None:
    code = await small.invite()
    group = small.api.group(-500, "Team chat")
    dirk = small.user(104)
    await dirk.send_text(f"/start {code}", chat=group)
    bot_messages = [m for m in group.messages if m.from_bot]
    assert len(bot_messages) == 1 and "privégesprek" in bot_messages[0].text
    assert await small.store.participant_for_chat(-500) is None
    assert await small.store.participant_for_chat(104) is None


async def test_stickers_photos_and_voice_are_explained(small: BotWorld) -> None:
    eva = small.user(105)
    for send in (eva.send_sticker, eva.send_photo, eva.send_voice, eva.send_location):
        replies = await send()
        assert len(replies) == 1 and "alleen tekst" in replies[0].text
    assert await small.store.participant_for_chat(105) is None
