"""Whatever a person sends, the newest message moves them on; and few calls per answer."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from demo.respondent import answer_everything
from localbotapi import SimulatedUser
from storage.identities import Chat
from tests.bot.conftest import BotWorld

TYPE = re.compile(r"\btype? ", re.IGNORECASE)  # "Typ je antwoord", "typ /verder"
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def moves_on(person: SimulatedUser) -> bool:
    """The newest message has live buttons or says what to type, and reads without markup."""
    last = person.last
    assert not ENTITY.search(last.plain_text), f"escaped twice: {last.plain_text!r}"
    return bool(last.buttons) or TYPE.search(last.plain_text) is not None


async def _joined(world: BotWorld, user_id: int) -> SimulatedUser:
    code = await world.invite()
    person = world.user(user_id)
    await person.command("start", code)
    await person.press("Ja, ik doe mee")
    return person


async def _answers(world: BotWorld, user_id: int) -> dict[str, object]:
    participant = await world.store.participant_for(Chat(user_id))
    assert participant is not None
    [response] = await world.store.responses_of(participant.id)
    return {q: a.value for q, a in (await world.store.answers_of(response.id)).items()}


async def test_typing_the_button_counts_as_pressing_it(small: BotWorld) -> None:
    person = await _joined(small, 601)
    assert "Eerst wat uitleg." in person.last_text
    await person.send_text("wat moet ik doen?")
    assert "Druk op 'Verder'" in person.last.plain_text and "Eerst wat uitleg." in person.last_text
    assert moves_on(person)
    await person.send_text("ok")  # at an info screen, "ok" goes on
    assert "Ik voel me thuis." in person.last_text and moves_on(person)
    await person.send_text("HELEMAAL  eens!")  # case, spaces and punctuation do not matter
    assert "Weet je van de cliëntondersteuner?" in person.last_text
    await person.send_text("2")  # the second option: Nee
    assert "Wil je er meer over weten?" in person.last_text
    await person.send_text("jà")  # accents do not matter either
    await person.send_text("1")
    await person.send_text("3")
    await person.send_text("klaar")  # multi: Sporten and Koken chosen, then done
    assert "Hoe oud ben je?" in person.last_text
    answers = await _answers(small, 601)
    assert answers["c_thuis"] == 5 and answers["c_weet"] == "no" and answers["c_meer"] == "yes"
    assert answers["c_wat"] == ["koken", "sport"] or answers["c_wat"] == ["sport", "koken"]


async def test_anything_else_ends_on_the_current_question(small: BotWorld) -> None:
    person = await _joined(small, 602)
    await person.press("Verder »")
    acts: tuple[Callable[[], Awaitable[object]], ...] = (
        person.send_sticker,
        person.send_photo,
        person.send_voice,
        lambda: person.send_text("/onzin"),
        lambda: person.send_text("x" * 4000),
        lambda: person.send_text("🙂 ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 <b>&amp;"),
        lambda: person.command("help"),
        lambda: person.command("mijngegevens"),
    )
    for act in acts:
        await act()
        assert "Ik voel me thuis." in person.last_text and moves_on(person), person.transcript()
    await person.command("verwijder")
    await person.press("Nee")
    assert "Ik voel me thuis." in person.last_text and moves_on(person), person.transcript()
    replies = await person.command("stop")
    assert "/verder" in replies[-1].plain_text and moves_on(person)  # says what to type


async def test_one_call_per_answer(small: BotWorld) -> None:
    person = await _joined(small, 603)
    calls = small.api.chat_bound_calls()
    updates = small.api.next_update_id()
    await answer_everything(person, 3, "Meer tijd voor gesprekken.")
    interactions = small.api.next_update_id() - updates - 1
    used = small.api.chat_bound_calls() - calls
    assert used / interactions <= 1.1, (used, interactions)
    assert "Dank je wel" in person.last_text or "Bedankt" in person.last_text, person.transcript()
