"""What a participant types or presses, read as an answer: numbers, dates, text, typed button
labels, choices; examples on a rich questionnaire, then properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.engine import InvalidAnswer, parse_choice, parse_multi, parse_text
from questionnaires.model import DONT_KNOW, NO_ANSWER, AnswerValue, Questionnaire
from tests.questionnaires.answering import TODAY, TYPED, q
from tests.questionnaires.domain import in_domain


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


# Properties --------------------------------------------------------------------------------


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
