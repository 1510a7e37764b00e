"""Every role's whole path in Telegram, as people take it, read as they see it.

The real Application runs against the local Bot API server (127.0.0.1). The person types
instead of pressing (consent, an option by its label), types something a button question cannot
take, presses a button twice, goes back, pauses and resumes, changes an answer from the
overview, hands in, writes twice more and presses buttons of older messages. After every step
the transcript shows what changed and which older messages still hold live buttons; the chat
holds at most one live copy of a question. The path ends on a thank-you without buttons in place
of the overview, and from then on no message in the chat has live buttons; later messages leave
the thank-you as it is (each gets a short reply of its own) and an old button changes nothing.
What they saw is compared with the reviewed transcript in this folder.
"""

from __future__ import annotations

import pytest

from demo.answering import NAVIGATION, answer
from localbotapi import SimulatedUser, StoredMessage
from tests.bot.conftest import BotWorld
from tests.transcripts.transcript import Transcript

ROLES = ["client", "naaste", "ervaringsdeskundige", "partner", "professional"]


def live(person: SimulatedUser) -> list[StoredMessage]:
    return [m for m in person.messages if m.buttons]


def one_live_copy(person: SimulatedUser) -> None:
    """No question stands twice in the chat with live buttons."""
    texts = [m.plain_text for m in live(person)]
    assert len(texts) == len(set(texts)), person.transcript(8)


def name(message: StoredMessage) -> str:
    """A message named by its progress line ("Vraag 3 van 12 · ...") or else its first line."""
    lines = message.plain_text.splitlines()
    return next((line for line in lines if line.startswith("Vraag ")), lines[0])


def closed(message: StoredMessage) -> str:
    """A message that only lost its buttons."""
    return f"(geen knoppen meer: {name(message)})"


def still_live(message: StoredMessage) -> str:
    """An older message that still holds buttons."""
    labels = "  ".join(f"[{label}]" for row in message.labels for label in row)
    return f"(nog knoppen: {name(message)} {labels})"


class TelegramWalk:
    """A person's steps in the chat, each written to the transcript as what changed."""

    def __init__(self, person: SimulatedUser, transcript: Transcript) -> None:
        self.person = person
        self.transcript = transcript
        self.texts: dict[int, str] = {}  # what each message said after the previous step

    async def do(self, action: str, replies: list[StoredMessage]) -> list[StoredMessage]:
        seen = [
            m.view() if m.buttons or m.plain_text != self.texts.get(m.id) else closed(m)
            for m in replies
        ]
        shown = {m.id for m in replies}
        seen += [still_live(m) for m in live(self.person) if m.id not in shown]
        self.texts = {m.id: m.plain_text for m in self.person.messages}
        toast = self.person.answer_to_last_press() if action.startswith("[") else None
        if toast and toast.get("text") and toast["text"] != "✓":
            seen.insert(0, f"(melding) {toast['text']}")
        self.transcript.step(action, seen)
        one_live_copy(self.person)
        return replies

    async def type(self, text: str) -> list[StoredMessage]:
        return await self.do(text, await self.person.send_text(text))

    async def press(self, label: str) -> list[StoredMessage]:
        return await self.do(f"[{label}]", await self.person.press(label))


async def answer_one(walk: TelegramWalk, step: int) -> None:
    """Answer the question at the bottom of the chat the way `step` picks."""
    person = walk.person
    labels = [label for row in person.buttons for label in row]
    if "Klaar" in labels:
        options = [label for label in labels if label not in NAVIGATION | {"Klaar"}]
        await walk.press(options[step % len(options)])
        await walk.press("Klaar")
        return
    shown = person.last_text
    move = answer(shown, labels, step, None, text_box="Typ je antwoord" in shown)
    assert move is not None, person.transcript()
    await (walk.type(move[1]) if move[0] == "type" else walk.press(move[1]))


@pytest.mark.parametrize("role", ROLES)
async def test_a_whole_path_in_telegram(telegram: BotWorld, role: str) -> None:
    kind = "contribution" if role == "ervaringsdeskundige" else "survey"
    code = await telegram.invite(role, kind=kind)
    person = telegram.user(7100 + ROLES.index(role))
    walk = TelegramWalk(person, Transcript(f"telegram_{role}"))
    await walk.do("/start <code>", await person.command("start", code))
    await walk.type("ja")  # typing what the button says
    typed_at_buttons = pressed_twice = went_back = paused = False
    for step in range(200):
        shown = person.last_text
        labels = [label for row in person.buttons for label in row]
        options = [label for label in labels if label not in NAVIGATION | {"Klaar"}]
        if "Je bent klaar!" in shown:
            break
        if options and not typed_at_buttons and "Verder »" not in labels:
            typed_at_buttons = True
            await walk.type("hallo")  # not an answer to a button question
            assert person.last.buttons, "the question is asked again, with its buttons"
        if "Klaar" in labels:
            await walk.press(options[step % len(options)])
            await walk.press("Klaar")
        else:
            move = answer(shown, labels, step, None, text_box="Typ je antwoord" in shown)
            assert move is not None, person.transcript()
            how, what = move
            message = person.keyboard_message
            pressed = (
                []
                if message is None
                else [
                    (str(b.get("callback_data")), message.id)
                    for row in message.buttons
                    for b in row
                    if b["text"] == what
                ]
            )
            if how == "type":
                await walk.type(what)
            else:
                await walk.press(what)
            if how == "press" and pressed and not pressed_twice and step > 1:
                pressed_twice = True  # the same button again, on the same message
                replies = await person.press_data(*pressed[0])
                await walk.do(f"[{what}] nog een keer", replies)
        if step == 3 and not went_back and "« Terug" in person.buttons[-1]:
            went_back = True
            await walk.press("« Terug")
        if step == 5 and not paused:
            paused = True
            await walk.type("/stop")
            assert not live(person) or "/verder" in person.last_text
            await walk.type("/verder")
    else:
        raise AssertionError(f"did not reach the overview:\n{person.transcript()}")
    await walk.press("Iets veranderen")
    await walk.press(person.buttons[0][0])
    for step in range(1, 50):  # the changed answer, and any question it brings along
        if "Je bent klaar!" in person.last_text:
            break
        await answer_one(walk, step)
    else:
        raise AssertionError(f"did not come back to the overview:\n{person.transcript()}")
    # Buttons of older messages, as a client that has not caught up could still press them.
    old = [
        (label, str(b["callback_data"]), m.id)
        for m in live(person)
        for row in m.buttons
        for b in row
        if (label := str(b["text"])) in {"« Terug", "Sla over", "Iets veranderen", "Ja"}
    ]
    await walk.press("Versturen")

    # The end: a short thank-you, and no live buttons anywhere in the chat.
    thanks = person.last
    assert "Dank je wel" in thanks.plain_text or "bijdrage is bewaard" in thanks.plain_text
    assert not thanks.buttons, person.transcript()
    assert not live(person), person.transcript(30)  # nothing in the chat to press any more
    before = thanks.plain_text
    for text in ("hallo", "Is het gelukt?"):
        replies = await walk.type(text)
        assert [m.id for m in replies] == [person.last.id] and person.last.id > thanks.id
        assert "/mijngegevens" in person.last.plain_text and "/verwijder" in person.last.plain_text
    kept = person.chat.get(thanks.id)
    assert kept is not None and kept.plain_text == before  # not edited, not grown
    assert not person.last.buttons, person.transcript()
    assert old, "some older message held buttons before the hand-in"
    for label, data, message_id in old[-2:]:
        replies = await walk.do(
            f"[{label}] op een ouder bericht", await person.press_data(data, message_id)
        )
        assert replies == [] and person.answer_to_last_press(), person.transcript()
    assert not live(person), person.transcript(30)
    walk.transcript.compare()
