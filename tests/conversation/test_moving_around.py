"""Back, change and hand in, on a bilingual questionnaire whose info screen shows a closed round's
results: every screen is in the participant's language, and the results come back with it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conversation.choices import PressKind, question_hash
from conversation.flow import Conversation
from conversation.screens import Emphasis, Outcome, Screen, Span, ticked_ids
from questionnaires.engine import Answer
from questionnaires.model import Lang
from settings import Settings
from storage.identities import Chat
from storage.store import Store
from tests.questionnaires.samples import sample_catalog

BILINGUAL = """
id: tweetalig
role: client
title: {nl: Vragenlijst, en: Questionnaire}
intro: {nl: Welkom., en: Welcome.}
minutes: 3
sections:
  - id: s1
    title: {nl: Wonen, en: Housing}
    pillar: "1"
    feeds: terugblik
    questions:
      - {id: t_uitslag, type: info, shows_results: true,
         text: {nl: Dit zeiden mensen vorig jaar., en: This is what people said last year.}}
      - {id: t_thuis, type: likert, text: {nl: Ik voel me thuis., en: I feel at home.}}
      - {id: t_beter, type: text, text: {nl: "Wat kan beter?", en: "What could be better?"}}
"""
TEXTS = {
    "nl": {
        "results": "Dit zeiden mensen vorig jaar.",
        "home": "Ik voel me thuis.",
        "better": "Wat kan beter?",
        "change": "Welke vraag wil je veranderen?",
        "thanks": "Dank je wel!",
    },
    "en": {
        "results": "This is what people said last year.",
        "home": "I feel at home.",
        "better": "What could be better?",
        "change": "Which question would you like to change?",
        "thanks": "Thank you!",
    },
}


async def results(round_id: int, pillar: str) -> str:
    """Stands in for the composition root's summary of a closed round."""
    return f"Uitslag van ronde {round_id}, pijler {pillar}"


@pytest.fixture
def conv(tmp_path: Path, store: Store) -> Conversation:
    catalog = sample_catalog(tmp_path, tweetalig=BILINGUAL)
    return Conversation(store, catalog, Settings(), results=results)


async def press(
    conv: Conversation, screen: Screen, kind: PressKind, nth: int = 0, lang: Lang = "nl"
) -> Outcome:
    """Press the `nth` button of a kind on a screen, as the person would (`lang`: of their
    phone, which counts until they agreed)."""
    choices = screen.flat_choices
    found = [choice for choice in choices if choice.kind is kind]
    return await conv.choose(Chat(1), found[nth].id, ticked_ids(choices), lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_back_change_and_hand_in_in_the_persons_language(
    conv: Conversation, lang: Lang
) -> None:
    words = TEXTS[lang]
    today = date.today()
    round_ = await conv.store.create_round(
        "r", today.year, today - timedelta(days=1), today + timedelta(days=9)
    )
    [invite] = await conv.store.create_invites(
        round_.id, "client", 1, datetime.now(UTC) + timedelta(days=3)
    )
    figures = f"Uitslag van ronde {round_.id}, pijler 1"
    out = await conv.start(Chat(1), invite.code, lang)
    out = await press(conv, out.screens[0], PressKind.CONSENT, lang=lang)
    shown = out.screens[-1]
    assert words["results"] in shown.plain and figures in shown.plain
    out = await press(conv, shown, PressKind.NEXT)
    assert out.edit is not None and out.edit.plain == words["results"]  # its buttons gone
    home = out.screens[0]
    assert words["home"] in home.plain

    # Back to the results: shown again, in the same language; the left question is named.
    out = await press(conv, home, PressKind.BACK)
    assert out.edit is not None and out.edit.title == words["home"]
    [again] = out.screens
    assert words["results"] in again.plain and figures in again.plain
    out = await press(conv, again, PressKind.NEXT)
    out = await press(conv, out.screens[0], PressKind.ANSWER, 3)
    better = out.screens[0]
    assert words["better"] in better.plain
    out = await conv.on_text(Chat(1), "Meer uitjes")
    overview = out.screens[0]

    # Change an answer from the overview: the menu and the question in the same language.
    out = await press(conv, overview, PressKind.CHANGE_MENU)
    [menu] = out.screens
    assert menu.plain == words["change"]
    assert [b.label for b in menu.flat_choices] == [
        f"1. {words['home']}",
        f"2. {words['better']}",
    ]
    out = await press(conv, menu, PressKind.GOTO, 0)
    assert out.edit is not None and out.edit.plain == words["change"]
    [question] = out.screens
    assert question.flat_choices[0].press.question == question_hash("t_thuis")
    assert words["home"] in question.plain
    out = await press(conv, question, PressKind.ANSWER, 4)
    out = await press(conv, out.screens[0], PressKind.SUBMIT)
    assert out.edit is not None and out.edit.ended and words["thanks"] in out.edit.plain

    # Passing the info screen is not skipping it; the text answer is kept as typed.
    answers = await conv.store.answers_of(await response_id(conv))
    assert answers["t_uitslag"] == Answer(None, False)
    assert answers["t_thuis"] == Answer(5, False)
    assert answers["t_beter"] == Answer("Meer uitjes", False)


async def response_id(conv: Conversation) -> int:
    participant = await conv.store.participant_for(Chat(1))
    assert participant is not None
    [response] = await conv.store.responses_of(participant.id)
    return response.id


async def test_the_overview_lists_each_answer_with_its_own_change_button(
    conv: Conversation,
) -> None:
    """For an edge that lays the overview out as a list (the web form): question, answer and
    the change button per answer, the same text around it as the chat's overview."""
    today = date.today()
    round_ = await conv.store.create_round(
        "r", today.year, today - timedelta(days=1), today + timedelta(days=9)
    )
    [invite] = await conv.store.create_invites(
        round_.id, "client", 1, datetime.now(UTC) + timedelta(days=3)
    )
    out = await conv.start(Chat(1), invite.code, "nl")
    out = await press(conv, out.screens[0], PressKind.CONSENT)
    out = await press(conv, out.screens[-1], PressKind.NEXT)
    out = await press(conv, out.screens[0], PressKind.SKIP)
    out = await conv.on_text(Chat(1), "Meer <uitjes> & zo")
    overview = out.screens[0]
    review = overview.review
    assert review is not None
    assert [(i.number, i.question, i.answer, i.skipped) for i in review.items] == [
        (1, "Ik voel me thuis.", "Overgeslagen", True),
        (2, "Wat kan beter?", "Meer <uitjes> & zo", False),  # plain text: the edge escapes
    ]
    assert review.intro[0].spans[0] == Span("Je bent klaar!", Emphasis.STRONG)
    assert review.outro[0].plain.startswith("Klopt alles?")
    assert overview.blocks[: len(review.intro)] == list(review.intro)
    assert overview.blocks[-len(review.outro) :] == list(review.outro)
    # Each change button is the change menu's button for that question.
    out = await press(conv, overview, PressKind.CHANGE_MENU)
    menu = [b.id for b in out.screens[0].flat_choices]
    assert [item.change.id for item in review.items] == menu
    out = await conv.choose(Chat(1), review.items[1].change.id)
    [question] = out.screens
    assert question.flat_choices[0].press.question == question_hash("t_beter")
