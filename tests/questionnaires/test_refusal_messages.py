"""What a participant reads when an answer does not fit: every refusal of the answer engine, word
for word in Dutch (B1) and English, with the numbers it must name. A refusal is the only help a
person gets at that moment, so its text is part of the behaviour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from questionnaires.engine import InvalidAnswer, parse_choice, parse_multi, parse_text
from questionnaires.model import Questionnaire, Text

TODAY = date(2026, 3, 20)


def refusal(rich: Questionnaire, question_id: str, act: Callable[..., object], raw: object) -> Text:
    question = rich.question(question_id)
    assert question is not None
    with pytest.raises(InvalidAnswer) as caught:
        if act is parse_text:
            parse_text(question, str(raw), today=TODAY)
        else:
            act(question, raw)
    # The exception's own text is the English one (for operators' logs and tracebacks).
    assert str(caught.value) == caught.value.message.en
    return caught.value.message


BUTTONS = Text("Kies een antwoord met de knoppen hieronder.", "Please use the buttons below.")
DATE_UNKNOWN = Text(
    "Ik begrijp deze datum niet. Typ bijvoorbeeld 14-3-2026, 14 maart of 'vandaag'.",
    "I don't understand this date. Type e.g. 14-3-2026, 14 March or 'today'.",
)
WHOLE_NUMBER = Text(  # r_leeftijd: 16 to 110, the example is the middle
    "Typ een heel getal, bijvoorbeeld 63.", "Please type a whole number, for example 63."
)
ONE_OF_THE_BUTTONS = Text("Kies een van de knoppen.", "Please choose one of the buttons.")
AT_LEAST_ONE = Text(
    "Kies minstens één antwoord, of kies 'Sla over'.",
    "Choose at least one answer, or choose 'Skip'.",
)
AT_MOST_TWO = Text("Kies er hoogstens 2.", "Choose at most 2.")
TYPE_SOMETHING = Text("Typ je antwoord, of kies 'Sla over'.", "Type your answer.")
TOO_LONG = Text(
    "Je antwoord is 51 tekens. Het mag er hoogstens 50 zijn. Kun je het korter maken?",
    "Your answer has 51 characters; at most 50 fit. Could you make it shorter?",
)
PRESS_NEXT = Text("Druk op 'Verder'.", "Press 'Next'.")
FUTURE = Text(
    "Deze datum ligt in de toekomst. Typ een datum van vandaag of eerder.",
    "This date is in the future. Please type today's date or earlier.",
)
TOO_OLD = Text("Typ een datum na het jaar 2000.", "Please type a later date.")
IN_RANGE = Text("Typ een getal van 16 tot en met 110.", "Please type a number from 16 to 110.")


@pytest.mark.parametrize(
    ("question_id", "act", "raw", "expected"),
    [
        ("r_soort", parse_choice, "sport", ONE_OF_THE_BUTTONS),
        ("r_thuis", parse_choice, "6", ONE_OF_THE_BUTTONS),
        ("r_doen", parse_multi, [], AT_LEAST_ONE),
        ("r_doen", parse_multi, ["sport", "gemeente"], AT_LEAST_ONE),
        ("r_doen", parse_multi, ["sport", "lezen", "koken"], AT_MOST_TWO),
        ("r_soort", parse_text, "misschien", BUTTONS),
        ("r_thuis", parse_text, "", BUTTONS),
        ("r_beter", parse_text, "   ", TYPE_SOMETHING),
        ("r_beter", parse_text, "x" * 51, TOO_LONG),
        ("r_uitleg", parse_text, "ok", PRESS_NEXT),
        ("r_leeftijd", parse_text, "twintig", WHOLE_NUMBER),
        ("r_leeftijd", parse_text, "4,5", WHOLE_NUMBER),
        ("r_leeftijd", parse_text, "1234567890", WHOLE_NUMBER),
        ("r_leeftijd", parse_text, "15", IN_RANGE),
        ("r_leeftijd", parse_text, "111", IN_RANGE),
        ("r_leeftijd", parse_text, "-20", IN_RANGE),
        ("r_datum", parse_text, "31-2-2026", DATE_UNKNOWN),
        ("r_datum", parse_text, "14 foo", DATE_UNKNOWN),
        ("r_datum", parse_text, "morgen", DATE_UNKNOWN),
        ("r_datum", parse_text, "2026", DATE_UNKNOWN),
        ("r_datum", parse_text, "21-3-2026", FUTURE),
        ("r_datum", parse_text, "1-1-1999", TOO_OLD),
        ("r_datum", parse_text, "5-6-100", TOO_OLD),  # year 100, not 2100
        ("r_datum", parse_text, "5-6-99", FUTURE),  # two digits: 2099
    ],
)
def test_every_refusal_says_what_to_do(
    rich: Questionnaire, question_id: str, act: Callable[..., object], raw: object, expected: Text
) -> None:
    assert refusal(rich, question_id, act, raw) == expected


def test_the_number_example_lies_in_the_middle_of_any_range(rich: Questionnaire) -> None:
    from dataclasses import replace

    leeftijd = rich.question("r_leeftijd")
    assert leeftijd is not None
    for low, high, middle in [(0, 10, 5), (1, 4, 2), (10, 20, 15), (-5, 5, 0)]:
        ranged = replace(leeftijd, min=low, max=high)
        with pytest.raises(InvalidAnswer) as caught:
            parse_text(ranged, "veel")
        assert caught.value.message.nl == f"Typ een heel getal, bijvoorbeeld {middle}."
        with pytest.raises(InvalidAnswer) as caught:
            parse_text(ranged, str(high + 1))
        assert caught.value.message.en == f"Please type a number from {low} to {high}."
