"""What a refused press says, in the participant's language, and what a good press returns."""

from __future__ import annotations

import pytest

from conversation.choices import Press, PressKind, question_hash
from conversation.flow import Conversation
from questionnaires.model import Lang
from storage.identities import Chat
from tests.conversation.people import press, started


@pytest.mark.parametrize(
    ("lang", "first", "buttons", "broken", "answered", "next_question"),
    [
        (
            "nl",
            "Dit is de eerste vraag.",
            "Kies een van de knoppen.",
            "Deze knop werkt niet.",
            "Je antwoord: Eens",
            "Weet je van de cliëntondersteuner?",
        ),
        (
            "en",
            "This is the first question.",
            "Use the buttons.",
            "This button does not work.",
            "Your answer: Agree",
            "Weet je van de cliëntondersteuner?",
        ),
    ],
)
async def test_refusals_and_answers_speak_the_participants_language(
    conv: Conversation,
    lang: Lang,
    first: str,
    buttons: str,
    broken: str,
    answered: str,
    next_question: str,
) -> None:
    response_id, likert = await started(conv, 1, lang)
    h = question_hash("c_thuis")
    back = await conv.press(Chat(1), Press(PressKind.BACK, str(response_id), h), [])
    info = back.screens[0]  # the info screen before the first question
    ref = (str(response_id), question_hash("c_info"))
    at_start = await conv.press(Chat(1), Press(PressKind.BACK, *ref), [])
    assert at_start.toast == first and not at_start.screens
    likert = (await press(conv, 1, info, 0, lang)).screens[0]
    for kind, arg, toast in (
        (PressKind.TOGGLE, "0", buttons),
        (PressKind.DONE, "", buttons),
        (PressKind.NEXT, "", buttons),
        (PressKind.ANSWER, "9", broken),
    ):
        out = await conv.press(Chat(1), Press(kind, str(response_id), h, arg), [])
        assert (out.toast, out.alert, out.screens) == (toast, True, []), kind
    out = await press(conv, 1, likert, 3, lang)
    assert out.toast == "✓" and out.edit is not None and answered in out.edit.plain
    assert next_question in out.screens[0].plain
    # Skipping a question shows that it was skipped, in the same language.
    skipped = await press(conv, 1, out.screens[0], -1, lang)
    assert skipped.edit is not None
    assert ("Overgeslagen" if lang == "nl" else "Skipped") in skipped.edit.plain


@pytest.mark.parametrize(
    ("lang", "done", "answered"), [("nl", "Klaar", "Je antwoord"), ("en", "Done", "Your answer")]
)
async def test_a_multi_question_takes_toggles_and_done_only(
    conv: Conversation, lang: Lang, done: str, answered: str
) -> None:
    response_id, likert = await started(conv, 2, lang)
    out = await press(conv, 2, likert, 3, lang)
    out = await press(conv, 2, out.screens[0], 0, lang)  # "Ja": c_meer stays hidden
    multi = out.screens[0]
    assert multi.flat_choices[0].press.question == question_hash("c_wat")
    forged = Press(PressKind.ANSWER, str(response_id), question_hash("c_wat"), "0")
    refused = await conv.press(Chat(2), forged, [])
    assert refused.toast == ("Kies een van de knoppen." if lang == "nl" else "Use the buttons.")
    toggled = await press(conv, 2, multi, 1, lang)
    assert toggled.toast == "✓" and toggled.edit is not None and not toggled.screens
    labels = [b.label for b in toggled.edit.flat_choices]
    ticked = [b.label for b in toggled.edit.flat_choices if b.selected]
    assert ticked == ["Lezen"] and "Sporten" in labels and any(done in x for x in labels)
    finished = await press(
        conv, 2, toggled.edit, labels.index(next(x for x in labels if done in x)), lang
    )
    assert (
        finished.edit is not None
        and answered in finished.edit.plain
        and "Lezen" in finished.edit.plain
    )
