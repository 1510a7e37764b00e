"""The answer flow and answer parsing: examples on a rich questionnaire, then properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
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
from tests.questionnaires.domain import in_domain

TODAY = date(2026, 3, 20)
ALWAYS_VISIBLE = ["r_uitleg", "r_thuis", "r_weet", "r_soort", "r_doen"]
ALWAYS_VISIBLE_END = ["r_leeftijd", "r_datum", "r_beter"]


def q(questionnaire: Questionnaire, question_id: str) -> Question:
    question = questionnaire.question(question_id)
    assert question is not None
    return question


def given_(**values: AnswerValue) -> dict[str, Answer]:
    return {key: Answer(value) for key, value in values.items()}


def ids(questions: list[Question]) -> list[str]:
    return [question.id for question in questions]


# Flow --------------------------------------------------------------------------------------


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


# Parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value"), [("42", 42), (" 16 ", 16), ("110", 110), ("1 00", 100)])
def test_number_accepts_whole_numbers_in_range(rich: Questionnaire, raw: str, value: int) -> None:
    assert parse_text(q(rich, "r_leeftijd"), raw) == value


@pytest.mark.parametrize("raw", ["15", "111", "-20", "abc", "4.5", "4,5", "", "1e3", "twintig"])
def test_number_refuses_the_rest(rich: Questionnaire, raw: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        parse_text(q(rich, "r_leeftijd"), raw)
    assert caught.value.message.nl.startswith("Typ ")


def test_number_out_of_range_says_the_range(rich: Questionnaire) -> None:
    with pytest.raises(InvalidAnswer, match="from 16 to 110"):
        parse_text(q(rich, "r_leeftijd"), "200")


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("14-3-2026", "2026-03-14"),
        ("14/03/2026", "2026-03-14"),
        ("14.3.26", "2026-03-14"),
        ("2026-03-14", "2026-03-14"),
        ("14 maart", "2026-03-14"),
        ("14 Mrt.", "2026-03-14"),
        ("3 december 2025", "2025-12-03"),
        ("14 March", "2026-03-14"),
        ("vandaag", "2026-03-20"),
        ("Gisteren", "2026-03-19"),
        ("eergisteren", "2026-03-18"),
    ],
)
def test_date_formats(rich: Questionnaire, raw: str, iso: str) -> None:
    assert parse_text(q(rich, "r_datum"), raw, today=TODAY) == iso


MONTH_NAMES = [
    ["januari", "jan", "january"],
    ["februari", "feb", "february"],
    ["maart", "mrt", "march", "mar"],
    ["april", "apr"],
    ["mei", "may"],
    ["juni", "jun", "june"],
    ["juli", "jul", "july"],
    ["augustus", "aug", "august"],
    ["september", "sep", "sept"],
    ["oktober", "okt", "october", "oct"],
    ["november", "nov"],
    ["december", "dec"],
]


@pytest.mark.parametrize(
    ("month", "name"), [(m, name) for m, names in enumerate(MONTH_NAMES, 1) for name in names]
)
def test_every_month_name_in_dutch_and_english(rich: Questionnaire, month: int, name: str) -> None:
    datum = q(rich, "r_datum")
    assert parse_text(datum, f"2 {name} 2025", today=TODAY) == f"2025-{month:02d}-02"
    assert parse_text(datum, f"2 {name.capitalize()}.", today=date(2026, 12, 31)) == (
        f"2026-{month:02d}-02"
    )


@pytest.mark.parametrize(
    ("raw", "days_ago"),
    [("vandaag", 0), ("today", 0), ("gisteren", 1), ("yesterday", 1), ("eergisteren", 2)],
)
def test_relative_days(rich: Questionnaire, raw: str, days_ago: int) -> None:
    expected = (TODAY - timedelta(days=days_ago)).isoformat()
    assert parse_text(q(rich, "r_datum"), f" {raw.upper()} ", today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("5-6", "2026-06-05"), ("5 6 25", "2025-06-05"), ("05.06.2025", "2025-06-05"),
     ("2025-6-5", "2025-06-05"), ("5 juni 25", "2025-06-05"), ("5  juni", "2026-06-05")],
)  # fmt: skip
def test_dates_without_year_or_with_two_digits(rich: Questionnaire, raw: str, iso: str) -> None:
    assert parse_text(q(rich, "r_datum"), raw, today=date(2026, 12, 31)) == iso


@pytest.mark.parametrize("raw", ["31-2-2026", "14 foo", "morgen", "1-1-1999", "", "2026"])
def test_date_refuses_nonsense_and_old_dates(rich: Questionnaire, raw: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_text(q(rich, "r_datum"), raw, today=TODAY)


def test_future_dates_only_when_allowed(rich: Questionnaire) -> None:
    past_only = q(rich, "r_datum")
    with pytest.raises(InvalidAnswer, match="future"):
        parse_text(past_only, "21-3-2026", today=TODAY)
    anytime = replace(past_only, past_only=False)
    assert parse_text(anytime, "21-3-2026", today=TODAY) == "2026-03-21"


def test_text_is_stripped_and_limited(rich: Questionnaire) -> None:
    beter = q(rich, "r_beter")  # max_length 50
    assert parse_text(beter, "  Meer uitjes.\n") == "Meer uitjes."
    assert parse_text(beter, "x" * 50) == "x" * 50
    with pytest.raises(InvalidAnswer) as caught:
        parse_text(beter, "x" * 51)
    assert "51" in caught.value.message.nl and "50" in caught.value.message.nl
    with pytest.raises(InvalidAnswer):
        parse_text(beter, "   ")


@pytest.mark.parametrize(
    ("question_id", "raw", "value"),
    [
        ("r_thuis", "eens", 4),
        ("r_thuis", "Helemaal eens", 5),
        ("r_thuis", "STRONGLY DISAGREE", 1),
        ("r_thuis", "weet ik niet", DONT_KNOW),
        ("r_thuis", "Wil ik niet zeggen", NO_ANSWER),
        ("r_tevreden", "tevreden", 4),
        ("r_weet", "Ja", "yes"),
        ("r_weet", "no", "no"),
        ("r_soort", "Municipality", "gemeente"),
        ("r_soort", " huisarts ", "huisarts"),
        ("r_doen", "Lezen", ["lezen"]),
    ],
)
def test_typed_labels_count_as_pressed_buttons(
    rich: Questionnaire, question_id: str, raw: str, value: AnswerValue
) -> None:
    assert parse_text(q(rich, question_id), raw) == value


@pytest.mark.parametrize(
    ("question_id", "raw"),
    [
        ("r_soort", "misschien"),
        ("r_soort", "politie agent"),
        # The option labels have no English: an empty message must not match a missing label.
        ("r_soort", ""),
        ("r_soort", "  "),
        ("r_soort", "xxxx"),  # nor any stand-in for it
        ("r_thuis", "4"),  # a likert answer is a button, not a number
        ("r_meer", "weet ik niet"),  # this yes/no question has no "weet ik niet"
    ],
)
def test_other_text_on_a_button_question_is_refused(
    rich: Questionnaire, question_id: str, raw: str
) -> None:
    with pytest.raises(InvalidAnswer, match="buttons"):
        parse_text(q(rich, question_id), raw)


def test_text_on_an_info_screen_is_refused(rich: Questionnaire) -> None:
    with pytest.raises(InvalidAnswer):
        parse_text(q(rich, "r_uitleg"), "ok")


def test_parse_choice(rich: Questionnaire) -> None:
    assert parse_choice(q(rich, "r_thuis"), "3") == 3
    assert parse_choice(q(rich, "r_thuis"), NO_ANSWER) == NO_ANSWER
    assert parse_choice(q(rich, "r_weet"), DONT_KNOW) == DONT_KNOW
    assert parse_choice(q(rich, "r_doen"), "sport") == ["sport"]
    assert parse_choice(q(rich, "r_soort"), "politie") == "politie"


@pytest.mark.parametrize(
    ("question_id", "token"),
    [
        ("r_thuis", "6"),
        ("r_thuis", "gemeente"),  # a token of another question
        ("r_meer", DONT_KNOW),  # this yes/no question has no "weet ik niet"
        ("r_soort", "sport"),
        ("r_soort", ""),
        ("r_uitleg", "yes"),
    ],
)
def test_parse_choice_refuses_foreign_tokens(
    rich: Questionnaire, question_id: str, token: str
) -> None:
    with pytest.raises(InvalidAnswer):
        parse_choice(q(rich, question_id), token)


def test_parse_multi(rich: Questionnaire) -> None:
    doen = q(rich, "r_doen")  # max 2
    assert parse_multi(doen, ["koken", "sport"]) == ["sport", "koken"]  # questionnaire order
    assert parse_multi(doen, ["lezen", "lezen"]) == ["lezen"]
    for bad in ([], ["sport", "gemeente"], ["sport", "lezen", "koken"]):
        with pytest.raises(InvalidAnswer):
            parse_multi(doen, bad)


def test_in_domain_refuses_lookalikes(rich: Questionnaire) -> None:
    assert in_domain(q(rich, "r_thuis"), 5) and not in_domain(q(rich, "r_thuis"), True)
    assert not in_domain(q(rich, "r_thuis"), 6)
    assert not in_domain(q(rich, "r_leeftijd"), 15) and in_domain(q(rich, "r_leeftijd"), 16)
    assert not in_domain(q(rich, "r_doen"), []) and not in_domain(q(rich, "r_doen"), ["x"])
    assert in_domain(q(rich, "r_uitleg"), None) and not in_domain(q(rich, "r_beter"), None)


# Properties -------------------------------------------------------------------------------

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


TYPED = st.one_of(
    st.text(max_size=40),
    st.integers(-1000, 1000).map(str),
    st.dates(date(1990, 1, 1), date(2040, 1, 1)).map(lambda d: f"{d.day}-{d.month}-{d.year}"),
    st.sampled_from(["vandaag", "gisteren", "14 maart", "Eens", "ja", "Nee", "weet ik niet"]),
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


@settings(max_examples=200, deadline=None)
@given(raw=TYPED)
def test_parse_text_only_refuses_or_returns_a_valid_value(rich: Questionnaire, raw: str) -> None:
    for question in rich.questions:
        try:
            value = parse_text(question, raw, today=TODAY)
        except InvalidAnswer as exc:
            assert exc.message.nl
        else:
            assert in_domain(question, value), (question.id, raw, value)


@given(day=st.dates(date(2000, 1, 1), TODAY))
def test_every_past_date_reads_back_in_common_formats(rich: Questionnaire, day: date) -> None:
    datum = q(rich, "r_datum")
    for raw in (f"{day.day}-{day.month}-{day.year}", f"{day:%d/%m/%Y}", day.isoformat()):
        assert parse_text(datum, raw, today=TODAY) == day.isoformat()
    if day > TODAY - timedelta(days=3):
        assert parse_text(datum, "vandaag", today=day) == day.isoformat()
