"""A simulated respondent: answers any questionnaire through the bot the way a person would.

Used by the demo and the end-to-end tests. It reads what the bot shows (buttons and the Dutch
typing hints) and never looks inside the questionnaire.
"""

from __future__ import annotations

from demo.answering import NAVIGATION, answer
from localbotapi import SimulatedUser, StoredMessage


async def answer_everything(
    person: SimulatedUser,
    variant: int,
    text: str | None = None,
    transcript: list[str] | None = None,
) -> int:
    """Answer every question and submit. `variant` picks other options on other runs.

    Returns the number of steps taken; raises AssertionError when the bot gets stuck. With
    `transcript`, each action ("> Eens") and the bot's reply to it are appended, as read.
    """
    if transcript is not None:
        person = _Recorded(person, transcript)  # type: ignore[assignment]
    for step in range(200):
        shown = person.last_text
        labels = [label for row in person.buttons for label in row]
        if "Je bent klaar!" in shown:
            await person.press("Versturen")
            return step
        if "Klaar" in labels:
            options = [label for label in labels if label not in NAVIGATION | {"Klaar"}]
            await person.press(options[variant % len(options)])
            await person.press("Klaar")
        else:
            move = answer(shown, labels, variant, text, text_box="Typ je antwoord" in shown)
            assert move is not None, f"stuck at:\n{person.transcript()}"
            how, what = move
            await (person.send_text(what) if how == "type" else person.press(what))
    raise AssertionError(f"did not finish:\n{person.transcript()}")


class _Recorded:
    """A person whose presses and messages are written down with the bot's replies."""

    def __init__(self, person: SimulatedUser, transcript: list[str]) -> None:
        self._person = person
        self._transcript = transcript

    def __getattr__(self, name: str) -> object:
        return getattr(self._person, name)

    async def press(self, label: str) -> list[StoredMessage]:
        return self._note(f"> [{label}]", await self._person.press(label))

    async def send_text(self, text: str) -> list[StoredMessage]:
        return self._note(f"> {text}", await self._person.send_text(text))

    def _note(self, action: str, replies: list[StoredMessage]) -> list[StoredMessage]:
        self._transcript.append(action)
        self._transcript += [message.view() for message in replies]
        return replies
