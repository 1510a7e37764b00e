"""The answer flow: which questions show, the next and the previous one, progress and when a
questionnaire is complete; examples on a rich questionnaire, then random participants on random
questionnaires."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.engine import (
    Answer,
    InvalidAnswer,
    effective_answers,
    is_complete,
    missing_required,
    next_question,
    parse_choice,
    parse_multi,
    parse_text,
    previous_question,
    progress,
    visible_questions,
)
from questionnaires.model import (
    DONT_KNOW,
    NO_ANSWER,
    AnswerOption,
    AnswerValue,
    Condition,
    Kind,
    Question,
    Questionnaire,
    QuestionType,
    ReportPart,
    Role,
    Section,
    Text,
)
from tests.questionnaires.answering import TODAY, TYPED, q
from tests.questionnaires.domain import in_domain

ALWAYS_VISIBLE = ["r_uitleg", "r_thuis", "r_weet", "r_soort", "r_doen"]
ALWAYS_VISIBLE_END = ["r_leeftijd", "r_datum", "r_beter"]


def given_(**values: AnswerValue) -> dict[str, Answer]:
    return {key: Answer(value) for key, value in values.items()}


def ids(questions: list[Question]) -> list[str]:
    return [question.id for question in questions]


def test_without_answers_only_unconditional_questions_show(rich: Questionnaire) -> None:
    assert ids(visible_questions(rich, {})) == ALWAYS_VISIBLE + ALWAYS_VISIBLE_END


@pytest.mark.parametrize(
    ("answers", "shown", "hidden"),
    [
        (given_(r_thuis=4), "r_tevreden", None),
        (given_(r_thuis=5), "r_tevreden", None),
        (given_(r_thuis=3), None, "r_tevreden"),
        (given_(r_thuis=DONT_KNOW), None, "r_tevreden"),
        ({"r_thuis": Answer(None, skipped=True)}, None, "r_tevreden"),
        (given_(r_weet="no"), "r_meer", None),
        (given_(r_weet=DONT_KNOW), None, "r_meer"),
        (given_(r_soort="huisarts"), "r_hoe", None),
        (given_(r_soort="politie"), None, "r_hoe"),
        (given_(r_doen=["sport", "koken"]), "r_sport_vaak", None),
        (given_(r_doen=["lezen"]), None, "r_sport_vaak"),
    ],
)
def test_conditions_equals_in_contains(
    rich: Questionnaire, answers: dict[str, Answer], shown: str | None, hidden: str | None
) -> None:
    visible = ids(visible_questions(rich, answers))
    assert shown is None or shown in visible
    assert hidden is None or hidden not in visible


def test_next_question_walks_past_info_skips_and_hidden_questions(rich: Questionnaire) -> None:
    answers: dict[str, Answer] = {}
    assert q(rich, "r_uitleg") == next_question(rich, answers)
    answers["r_uitleg"] = Answer(None)
    assert next_question(rich, answers) == q(rich, "r_thuis")
    answers["r_thuis"] = Answer(None, skipped=True)
    assert next_question(rich, answers) == q(rich, "r_weet")  # r_tevreden stays hidden
    answers["r_weet"] = Answer("yes")
    assert next_question(rich, answers) == q(rich, "r_soort")  # r_meer stays hidden


def test_previous_question(rich: Questionnaire) -> None:
    assert previous_question(rich, {}, "r_uitleg") is None
    assert previous_question(rich, given_(r_thuis=2), "r_weet") == q(rich, "r_thuis")
    assert previous_question(rich, given_(r_thuis=5), "r_weet") == q(rich, "r_tevreden")
    # At the end (no current question): the last visible question.
    assert previous_question(rich, {}, None) == q(rich, "r_beter")


def test_progress_counts_visible_answerable_questions(rich: Questionnaire) -> None:
    assert progress(rich, {}, "r_thuis") == (1, 7)  # the info screen does not count
    assert progress(rich, given_(r_thuis=5), "r_tevreden") == (2, 8)
    assert progress(rich, given_(r_thuis=5, r_weet="no"), "r_beter") == (9, 9)
    # Not on an answerable question (info screen, or done): how many are answered.
    assert progress(rich, given_(r_uitleg=None, r_thuis=1, r_weet="yes"), "r_uitleg") == (2, 7)


def test_changing_an_earlier_answer_hides_later_ones(rich: Questionnaire) -> None:
    answers = given_(r_thuis=5, r_tevreden=4, r_weet="no", r_meer="yes", r_soort="gemeente")
    answers["r_hoe"] = Answer("Goed")
    assert effective_answers(rich, answers) == answers

    answers.update(given_(r_weet="yes", r_soort="politie"))
    assert set(effective_answers(rich, answers)) == {"r_thuis", "r_tevreden", "r_weet", "r_soort"}
    answers["r_thuis"] = Answer(2)
    assert "r_tevreden" not in effective_answers(rich, answers)
    # Changing it back shows the question again, with the answer kept meanwhile.
    answers["r_thuis"] = Answer(4)
    assert effective_answers(rich, answers)["r_tevreden"] == Answer(4)


def test_is_complete_needs_every_visible_question_and_the_required_ones(
    rich: Questionnaire,
) -> None:
    answers = {question.id: Answer(None, skipped=True) for question in visible_questions(rich, {})}
    answers["r_uitleg"] = Answer(None)
    assert next_question(rich, answers) is None
    assert ids(missing_required(rich, answers)) == ["r_leeftijd"]
    assert not is_complete(rich, answers)
    answers["r_leeftijd"] = Answer(40)
    assert is_complete(rich, answers)
    # A newly shown question makes it incomplete again.
    answers["r_weet"] = Answer("no")
    assert next_question(rich, answers) == q(rich, "r_meer")
    assert not is_complete(rich, answers)


# Random participants -----------------------------------------------------------------------

TOKENS = st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True)


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    """Random questionnaires with every type, and conditions on earlier button questions."""
    questions: list[Question] = []
    for index in range(draw(st.integers(1, 10))):
        qtype = draw(st.sampled_from(QuestionType))
        extra: dict[str, Any] = {}
        if qtype in (QuestionType.CHOICE, QuestionType.MULTI):
            tokens = draw(st.lists(TOKENS, min_size=2, max_size=4, unique=True))
            extra["options"] = tuple(AnswerOption(t, Text(t.upper())) for t in tokens)
            if qtype is QuestionType.MULTI:
                extra["max"] = draw(st.none() | st.integers(1, len(tokens)))
        elif qtype is QuestionType.NUMBER:
            low = draw(st.integers(-10, 100))
            extra.update(min=low, max=draw(st.integers(low, low + 200)))
        elif qtype is QuestionType.DATE:
            extra["past_only"] = draw(st.booleans())
        elif qtype is QuestionType.TEXT:
            extra["max_length"] = draw(st.integers(1, 30))
        elif qtype is QuestionType.YESNO:
            extra["dont_know"] = draw(st.booleans())
        elif qtype is QuestionType.LIKERT:
            extra["scale"] = draw(st.sampled_from(["agree", "satisfied", "frequency"]))
        targets = [question for question in questions if question.has_buttons]
        show_if = None
        if len(targets) > 0 and draw(st.booleans()):
            target = draw(st.sampled_from(targets))
            tokens = [c.token for c in target.choices()]
            picked = draw(st.lists(st.sampled_from(tokens), min_size=1, max_size=3, unique=True))
            values = tuple(
                int(t) if target.type is QuestionType.LIKERT and t.isdigit() else t for t in picked
            )
            if target.type is QuestionType.MULTI:
                show_if = Condition(target.id, "contains", values)
            elif draw(st.booleans()):
                show_if = Condition(target.id, "in", values)
            else:
                show_if = Condition(target.id, "equals", values[:1])
        questions.append(
            Question(
                id=f"q{index}",
                type=qtype,
                text=Text(f"Vraag {index}"),
                section_id="s",
                pillar="1",
                feeds=ReportPart.TERUGBLIK,
                required=qtype is not QuestionType.INFO and draw(st.booleans()),
                show_if=show_if,
                **extra,
            )
        )
    section = Section("s", Text("S"), "1", ReportPart.TERUGBLIK, tuple(questions))
    return Questionnaire(
        "random", Role.CLIENT, Kind.SURVEY, Text("T"), Text("I"), None, 1, (section,), "v"
    )


def valid_answer(question: Question) -> AnswerValue:
    """Some answer the participant could give, found through the parsers."""
    if question.has_buttons:
        return parse_choice(question, question.choices()[0].token)
    if question.type is QuestionType.NUMBER:
        return parse_text(question, str(question.min))
    if question.type is QuestionType.DATE:
        return parse_text(question, "vandaag", today=TODAY)
    if question.type is QuestionType.TEXT:
        return parse_text(question, "x")
    return None


def act(question: Question, action: str, data: st.DataObject) -> Answer | None:
    """One thing a participant does on a question; None when nothing is stored."""
    if question.type is QuestionType.INFO:
        return Answer(None)
    if action == "skip":
        return None if question.required else Answer(None, skipped=True)
    known = [c.token for c in question.choices()] + ["1", "6", "yes", DONT_KNOW, NO_ANSWER]
    if action == "token":
        token = data.draw(st.sampled_from(known) | TOKENS | st.text(max_size=5))
        return Answer(parse_choice(question, token))
    if action == "multi" and question.type is QuestionType.MULTI:
        tokens = data.draw(st.lists(st.sampled_from(known) | TOKENS, max_size=5))
        return Answer(parse_multi(question, tokens))
    return Answer(parse_text(question, data.draw(TYPED), today=TODAY))


def check_invariants(
    questionnaire: Questionnaire, answers: dict[str, Answer], current: Question | None
) -> None:
    for question_id, answer in answers.items():
        question = q(questionnaire, question_id)
        if answer.skipped:
            assert answer.value is None and not question.required
        else:
            assert in_domain(question, answer.value), (question, answer)
    visible = visible_questions(questionnaire, answers)
    if current is not None:
        assert current in visible
        position, total = progress(questionnaire, answers, current.id)
        assert 0 <= position <= total <= len(visible)
        assert position >= 1 or not current.answerable


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    questionnaire=questionnaires(),
    actions=st.lists(st.sampled_from(["text", "token", "multi", "skip", "back"]), max_size=40),
    data=st.data(),
)
def test_random_participants_never_break_the_flow(
    questionnaire: Questionnaire, actions: list[str], data: st.DataObject
) -> None:
    answers: dict[str, Answer] = {}
    current = next_question(questionnaire, answers)
    for action in actions:
        if current is None or action == "back":
            current = previous_question(
                questionnaire, answers, current.id if current else None
            ) or next_question(questionnaire, answers)
        else:
            try:
                answer = act(current, action, data)
            except InvalidAnswer:
                answer = None  # the bot explains and asks again
            if answer is not None:
                answers[current.id] = answer
                current = next_question(questionnaire, answers)
        check_invariants(questionnaire, answers, current)

    # Answering whatever comes next always ends, with a complete questionnaire.
    for _ in range(len(questionnaire.questions) + 1):
        upcoming = next_question(questionnaire, answers)
        if upcoming is None:
            break
        answers[upcoming.id] = Answer(valid_answer(upcoming))
        check_invariants(questionnaire, answers, upcoming)
    assert next_question(questionnaire, answers) is None
    assert is_complete(questionnaire, answers)
    assert set(effective_answers(questionnaire, answers)) == {
        question.id for question in visible_questions(questionnaire, answers)
    }
