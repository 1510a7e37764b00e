"""Every check on a pressed button, one by one: a press that does not fit the person's own current
question is refused with the right words in their language, tells the edge whether to take the
old keyboard away, and changes nothing that is stored."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conversation.choices import Press, PressKind, question_hash
from conversation.flow import Conversation
from conversation.screens import Outcome
from questionnaires.model import Lang
from storage.identities import Chat
from tests.conversation.people import asking, press, started

NL, EN = 0, 1
INVALID = ("Deze knop werkt niet (meer).", "This button no longer works.")
STALE = (
    "Deze knop hoort bij een eerdere vraag. Gebruik de knoppen van de laatste vraag.",
    "This button belongs to an earlier question. Please use the latest buttons.",
)
USE_BUTTONS = ("Kies een van de knoppen.", "Use the buttons.")
BROKEN = ("Deze knop werkt niet.", "This button does not work.")
REQUIRED = (
    "Deze vraag is nodig om verder te gaan. Kies of typ een antwoord.",
    "This question is needed to continue. Please choose or type an answer.",
)
AT_LEAST_ONE = (
    "Kies minstens één antwoord, of kies 'Sla over'.",
    "Choose at least one answer, or choose 'Skip'.",
)


@dataclass(frozen=True)
class Refused:
    toast: tuple[str, str]
    drop_keyboard: bool = False


async def at(conv: Conversation, chat: int, lang: Lang, question_id: str) -> int:
    """A participant whose current question is `question_id`; returns their response id."""
    response_id, screen = await started(conv, chat, lang)
    answers = {"c_thuis": 3, "c_weet": 0, "c_wat": -1}  # button per question on the way (-1: skip)
    while (asked := asking(conv, screen)) is not None and asked != question_id:
        index = answers[asked]
        screen = (await press(conv, chat, screen, index, lang)).screens[0]
    assert asking(conv, screen) == question_id
    return response_id


async def state(conv: Conversation, chat: int) -> tuple[object, ...]:
    participant = await conv.store.participant_for(Chat(chat))
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    answers = await conv.store.answers_of(response.id)
    return response.current_question, response.status, sorted(answers.items())


def refused_as(out: Outcome, expected: Refused, lang: Lang) -> None:
    wanted = expected.toast[EN if lang == "en" else NL]
    assert (out.toast, out.alert, out.drop_keyboard) == (wanted, True, expected.drop_keyboard)
    assert out.screens == [] and out.edit is None


# (question the person is at, what the press claims, what they must read)
CASES: list[tuple[str, str, PressKind, str, str, Refused]] = [
    # A press of another response (a forged or old one), and of another question.
    ("c_thuis", "another response", PressKind.ANSWER, "other", "3", Refused(STALE, True)),
    ("c_thuis", "no response id", PressKind.ANSWER, "", "3", Refused(STALE, True)),
    ("c_thuis", "an earlier question", PressKind.ANSWER, "c_info", "3", Refused(STALE, True)),
    ("c_thuis", "a later question", PressKind.SKIP, "c_leeftijd", "", Refused(STALE, True)),
    ("c_thuis", "a made-up question", PressKind.ANSWER, "zzz", "0", Refused(STALE, True)),
    # A press that does not fit the kind of question.
    ("c_thuis", "an answer index out of range", PressKind.ANSWER, "c_thuis", "7", Refused(BROKEN)),
    ("c_thuis", "a negative index", PressKind.ANSWER, "c_thuis", "-1", Refused(BROKEN)),
    ("c_thuis", "no index", PressKind.ANSWER, "c_thuis", "", Refused(BROKEN)),
    ("c_thuis", "a toggle on a likert", PressKind.TOGGLE, "c_thuis", "0", Refused(USE_BUTTONS)),
    ("c_thuis", "'done' on a likert", PressKind.DONE, "c_thuis", "", Refused(USE_BUTTONS)),
    ("c_thuis", "'next' on a likert", PressKind.NEXT, "c_thuis", "", Refused(USE_BUTTONS)),
    ("c_thuis", "an erase press", PressKind.ERASE, "c_thuis", "y", Refused(INVALID)),
    ("c_thuis", "a language press", PressKind.LANGUAGE, "c_thuis", "en", Refused(INVALID)),
    ("c_thuis", "a change to a hidden question", PressKind.GOTO, "c_meer", "", Refused(INVALID)),
    ("c_wat", "a single answer on a multi", PressKind.ANSWER, "c_wat", "0", Refused(USE_BUTTONS)),
    ("c_wat", "a toggle out of range", PressKind.TOGGLE, "c_wat", "3", Refused(BROKEN)),
    ("c_wat", "'done' with nothing chosen", PressKind.DONE, "c_wat", "", Refused(AT_LEAST_ONE)),
    ("c_leeftijd", "a skip of a required one", PressKind.SKIP, "c_leeftijd", "", Refused(REQUIRED)),
    (
        "c_leeftijd",
        "an answer press on a number",
        PressKind.ANSWER,
        "c_leeftijd",
        "0",
        Refused(BROKEN),
    ),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("at_question", "what", "kind", "question", "arg", "expected"),
    CASES,
    ids=[case[1] for case in CASES],
)
async def test_a_press_that_does_not_fit_changes_nothing(
    conv: Conversation,
    lang: Lang,
    at_question: str,
    what: str,
    kind: PressKind,
    question: str,
    arg: str,
    expected: Refused,
) -> None:
    response_id = await at(conv, 1, lang, at_question)
    ref = {"another response": str(response_id + 1000), "no response id": ""}.get(
        what, str(response_id)
    )
    before = await state(conv, 1)
    callback = Press(kind, ref, question_hash(question) if question else "", arg)
    refused_as(await conv.press(Chat(1), callback, [], lang), expected, lang)
    assert await state(conv, 1) == before


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_a_press_without_an_open_response(conv: Conversation, lang: Lang) -> None:
    """Someone unknown, and someone whose response was handed in, press an old button."""
    refused = Refused(INVALID, True)
    callback = Press(PressKind.ANSWER, "1", question_hash("c_thuis"), "0")
    refused_as(await conv.press(Chat(5), callback, [], lang), refused, lang)
    response_id = await at(conv, 6, lang, "c_thuis")
    await conv.store.submit_response(response_id, {})
    old = Press(PressKind.ANSWER, str(response_id), question_hash("c_thuis"), "0")
    refused_as(await conv.press(Chat(6), old, [], lang), refused, lang)


@pytest.mark.parametrize(
    ("lang", "first"), [("nl", "Dit is de eerste vraag."), ("en", "This is the first question.")]
)
async def test_back_on_the_first_screen_says_so_without_alarm(
    conv: Conversation, lang: Lang, first: str
) -> None:
    response_id = await at(conv, 1, lang, "c_thuis")
    back = Press(PressKind.BACK, str(response_id), question_hash("c_thuis"))
    out = await conv.press(Chat(1), back, [])
    assert out.edit is not None and "Ik voel me thuis." in out.edit.plain
    before = await state(conv, 1)
    out = await conv.press(
        Chat(1), Press(PressKind.BACK, str(response_id), question_hash("c_info")), []
    )
    assert (out.toast, out.alert, out.drop_keyboard, out.screens) == (first, False, False, [])
    assert await state(conv, 1) == before


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("nl", "Welke vraag wil je veranderen?"), ("en", "Which question would you like to change?")],
)
async def test_changing_a_given_answer_from_the_overview(
    conv: Conversation, lang: Lang, heading: str
) -> None:
    response_id = await at(conv, 1, lang, "c_wat")
    goto = Press(PressKind.GOTO, str(response_id), question_hash("c_thuis"))
    out = await conv.press(Chat(1), goto, [])
    assert out.edit is not None and out.edit.plain == heading and not out.alert
    [screen] = out.screens
    assert screen.flat_choices[0].press.question == question_hash("c_thuis")
    assert (await state(conv, 1))[0] == "c_thuis"


async def test_a_multi_selection_is_read_from_the_pressed_message_only(conv: Conversation) -> None:
    """The selection lives in the keyboard: marked toggles of this question count; unmarked
    ones, other kinds, malformed data and indexes beyond the options do not."""
    response_id = await at(conv, 1, "nl", "c_wat")
    h = question_hash("c_wat")
    ref = f"{response_id}:{h}"
    keyboard = [
        f"m:{ref}:0",  # chosen
        f"a:{ref}:2",  # not a toggle
        f"m:{ref}:9",  # no such option
        f"m:{ref}",  # malformed
        f"m:{ref}:x",  # malformed
    ]
    done = Press(PressKind.DONE, str(response_id), h)
    out = await conv.press(Chat(1), done, keyboard)
    assert not out.alert, out.toast
    participant = await conv.store.participant_for(Chat(1))
    assert participant is not None
    answers = await conv.store.answers_of(response_id)
    assert answers["c_wat"].value == ["sport"]


async def test_the_change_menu_offers_the_questions_the_person_saw(conv: Conversation) -> None:
    response_id = await at(conv, 1, "nl", "c_leeftijd")
    await conv.on_text(Chat(1), "40")
    out = await conv.press(
        Chat(1), Press(PressKind.SKIP, str(response_id), question_hash("c_beter")), []
    )
    overview = out.screens[0]
    [change] = [c.id for c in overview.flat_choices if c.kind is PressKind.CHANGE_MENU]
    menu = await conv.choose(Chat(1), change)
    labels = [b.label for b in menu.screens[0].flat_choices]
    # "Ja" to c_weet hides c_meer; the info screen is not an answer to change.
    assert labels == [
        "1. Ik voel me thuis.",
        "2. Weet je van de cliëntondersteuner?",
        "3. Wat doe je graag?",
        "4. Hoe oud ben je?",
        "5. Wat kan beter?",
    ]
    assert change == Press(PressKind.CHANGE_MENU, str(response_id)).id
