"""Whatever a person sends, the newest message moves them on; and few calls per answer."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram.ext import CallbackContext

from bot import handlers
from bot.updates import PerChatUpdateProcessor
from demo.answering import answer
from demo.respondent import answer_everything
from localbotapi import SimulatedUser
from tests.bot.conftest import BotWorld

TYPE = re.compile(r"\btype? ", re.IGNORECASE)  # "Typ je antwoord", "typ /verder"
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def moves_on(person: SimulatedUser) -> bool:
    """The newest message has live buttons or says what to type, and reads without markup."""
    last = person.last
    assert not ENTITY.search(last.plain_text), f"escaped twice: {last.plain_text!r}"
    return bool(last.buttons) or TYPE.search(last.plain_text) is not None


async def test_typing_the_button_counts_as_pressing_it(small: BotWorld) -> None:
    person = await small.joined(601)
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
    answers = await small.answers_of(601)
    assert answers["c_thuis"] == 5 and answers["c_weet"] == "no" and answers["c_meer"] == "yes"
    assert answers["c_wat"] == ["koken", "sport"] or answers["c_wat"] == ["sport", "koken"]


async def test_anything_else_ends_on_the_current_question(small: BotWorld) -> None:
    person = await small.joined(602)
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


def live(person: SimulatedUser) -> list[str]:
    return [m.plain_text.splitlines()[0] for m in person.messages if m.buttons]


async def test_one_call_per_answer(small: BotWorld) -> None:
    """One call per answer; at hand-in, one more per older message that still held buttons
    (a typed question's Back/Skip), so that nothing in the chat can be pressed after it."""
    person = await small.joined(603)
    calls = small.api.chat_bound_calls()
    updates = small.api.next_update_id()
    await answer_everything(person, 3, "Meer tijd voor gesprekken.")
    interactions = small.api.next_update_id() - updates - 1
    used = small.api.chat_bound_calls() - calls
    closed = 2  # the two typed questions (a number, a text), answered by typing
    assert (used - closed) / interactions <= 1.1, (used, interactions)
    assert "Dank je wel" in person.last_text or "Bedankt" in person.last_text, person.transcript()
    assert live(person) == [], person.transcript(20)


async def test_older_buttons_yield_to_other_peoples_replies(small: BotWorld) -> None:
    """A hand-in while other people's updates are being handled: the thank-you at once, the
    older messages' buttons at the next quiet moment (the job), not before anyone's reply."""
    person = await small.joined(604)
    processor = small.app.update_processor
    assert isinstance(processor, PerChatUpdateProcessor)
    for _ in range(30):
        if "Je bent klaar!" in person.last_text:
            break
        labels = [label for row in person.buttons for label in row]
        if "Klaar" in labels:
            await person.press("Koken")
            await person.press("Klaar")
            continue
        move = answer(
            person.last_text, labels, 3, "Rust.", text_box="Typ je antwoord" in person.last_text
        )
        assert move is not None, person.transcript()
        await (person.send_text(move[1]) if move[0] == "type" else person.press(move[1]))
    older = live(person)[:-1]
    assert len(older) == 2, person.transcript(20)  # the typed questions' Back/Skip
    async with processor.chat(99):  # someone else's update is being handled
        await person.press("Versturen")
        assert "Dank je wel" in person.last.plain_text and live(person) == older
        assert await handlers.close_later(CallbackContext(small.app)) == 0  # not while busy
    assert await handlers.close_later(CallbackContext(small.app)) == len(older)
    assert live(person) == [], person.transcript(20)
    assert await handlers.close_later(CallbackContext(small.app)) == 0  # done once
