"""The answer flow: which question comes next, and what a raw answer means. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from questionnaires.model import (
    AnswerValue,
    Lang,
    Question,
    Questionnaire,
    QuestionType,
    Text,
)


@dataclass(frozen=True)
class Answer:
    """What a participant did with one question: gave a value, or skipped it."""

    value: AnswerValue
    skipped: bool = False


Answers = Mapping[str, Answer]


class InvalidAnswer(ValueError):
    """A raw answer that does not fit the question; `message` says what to do, in Dutch/English."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en or message.nl)


def _value(answers: Answers, question_id: str) -> AnswerValue:
    answer = answers.get(question_id)
    return None if answer is None or answer.skipped else answer.value


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Questions to show given the answers so far (conditions only look back, so one pass)."""
    visible: list[Question] = []
    shown: set[str] = set()
    for question in questionnaire.questions:
        cond = question.show_if
        if cond is not None and (
            cond.question not in shown or not cond.holds(_value(answers, cond.question))
        ):
            continue
        visible.append(question)
        shown.add(question.id)
    return visible


def next_question(questionnaire: Questionnaire, answers: Answers) -> Question | None:
    """The first visible question without an answer; None when everything is answered."""
    return next((q for q in visible_questions(questionnaire, answers) if q.id not in answers), None)


def previous_question(
    questionnaire: Questionnaire, answers: Answers, current_id: str | None
) -> Question | None:
    """The visible question before `current_id` (or the last one when at the end)."""
    visible = visible_questions(questionnaire, answers)
    ids = [q.id for q in visible]
    index = ids.index(current_id) if current_id in ids else len(ids)
    return visible[index - 1] if index > 0 else None


def progress(questionnaire: Questionnaire, answers: Answers, current_id: str) -> tuple[int, int]:
    """(position, total) counting only answerable visible questions, e.g. (4, 18)."""
    answerable = [q.id for q in visible_questions(questionnaire, answers) if q.answerable]
    if current_id in answerable:
        return answerable.index(current_id) + 1, len(answerable)
    return len([q for q in answerable if q in answers]), len(answerable)


def missing_required(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    return [
        q
        for q in visible_questions(questionnaire, answers)
        if q.required and _value(answers, q.id) is None
    ]


def is_complete(questionnaire: Questionnaire, answers: Answers) -> bool:
    return next_question(questionnaire, answers) is None and not missing_required(
        questionnaire, answers
    )


def effective_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Answer]:
    """Answers to questions that are still visible: a changed answer can hide later ones."""
    return {
        q.id: answers[q.id] for q in visible_questions(questionnaire, answers) if q.id in answers
    }


def parse_choice(question: Question, token: str) -> AnswerValue:
    """Turn a pressed button's token into a stored value; refuses tokens of other questions."""
    tokens = [c.token for c in question.choices()]
    if token not in tokens:
        raise InvalidAnswer(Text("Kies een van de knoppen.", "Please choose one of the buttons."))
    if question.type is QuestionType.LIKERT and token.isdigit():
        return int(token)
    if question.type is QuestionType.MULTI:
        return [token]
    return token


def parse_multi(question: Question, tokens: Sequence[str]) -> list[str]:
    """Validate a finished multiple-choice selection; keeps the questionnaire's option order."""
    allowed = [c.token for c in question.choices()]
    chosen = [t for t in allowed if t in set(tokens)]
    if not chosen or len(chosen) != len(set(tokens)):
        raise InvalidAnswer(
            Text(
                "Kies minstens één antwoord, of kies 'Sla over'.",
                "Choose at least one answer, or choose 'Skip'.",
            )
        )
    if question.max is not None and len(chosen) > question.max:
        raise InvalidAnswer(
            Text(f"Kies er hoogstens {question.max}.", f"Choose at most {question.max}.")
        )
    return chosen


MONTHS = {
    "januari": 1, "jan": 1, "february": 2, "februari": 2, "feb": 2, "maart": 3, "mrt": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12, "january": 1,
}  # fmt: skip
RELATIVE_DAYS = {"vandaag": 0, "today": 0, "gisteren": 1, "yesterday": 1, "eergisteren": 2}


def _parse_date(raw: str, today: date) -> date | None:
    text = raw.strip().lower()
    if text in RELATIVE_DAYS:
        return today - timedelta(days=RELATIVE_DAYS[text])
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{2,4}))?", text):
        day, month = int(m[1]), int(m[2])
        year = int(m[3]) if m[3] else today.year
    elif m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{2,4}))?", text):
        if m[2] not in MONTHS:
            return None
        day, month = int(m[1]), MONTHS[m[2]]
        year = int(m[3]) if m[3] else today.year
    else:
        return None
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_text(question: Question, raw: str, today: date | None = None) -> AnswerValue:
    """Turn typed text into a stored value, or raise InvalidAnswer saying what to type."""
    text = raw.strip()
    if question.has_buttons:
        lowered = text.lower()
        for choice in question.choices():
            # A label without English must not match an empty message.
            if lowered and lowered in (choice.label.nl.lower(), (choice.label.en or "").lower()):
                return parse_choice(question, choice.token)
        raise InvalidAnswer(
            Text("Kies een antwoord met de knoppen hieronder.", "Please use the buttons below.")
        )
    if question.type is QuestionType.NUMBER:
        return _parse_number(question, text)
    if question.type is QuestionType.DATE:
        return _parse_date_answer(question, text, today or date.today())
    if question.type is QuestionType.TEXT:
        if not text:
            raise InvalidAnswer(Text("Typ je antwoord, of kies 'Sla over'.", "Type your answer."))
        if len(text) > question.max_length:
            raise InvalidAnswer(
                Text(
                    f"Je antwoord is {len(text)} tekens. Het mag er hoogstens "
                    f"{question.max_length} zijn. Kun je het korter maken?",
                    f"Your answer has {len(text)} characters; at most {question.max_length} fit. "
                    "Could you make it shorter?",
                )
            )
        return text
    raise InvalidAnswer(Text("Druk op 'Verder'.", "Press 'Next'."))


def _parse_number(question: Question, text: str) -> int:
    # The loader requires both bounds of a number question; 0 only satisfies the type checker.
    low, high = question.min or 0, question.max or 0  # pragma: no mutate
    cleaned = text.replace(" ", "")
    if not re.fullmatch(r"-?\d{1,9}", cleaned):
        raise InvalidAnswer(
            Text(
                f"Typ een heel getal, bijvoorbeeld {low + (high - low) // 2}.",
                f"Please type a whole number, for example {low + (high - low) // 2}.",
            )
        )
    number = int(cleaned)
    if not low <= number <= high:
        raise InvalidAnswer(
            Text(
                f"Typ een getal van {low} tot en met {high}.",
                f"Please type a number from {low} to {high}.",
            )
        )
    return number


def _parse_date_answer(question: Question, text: str, today: date) -> str:
    parsed = _parse_date(text, today)
    if parsed is None:
        raise InvalidAnswer(
            Text(
                "Ik begrijp deze datum niet. Typ bijvoorbeeld 14-3-2026, 14 maart of 'vandaag'.",
                "I don't understand this date. Type e.g. 14-3-2026, 14 March or 'today'.",
            )
        )
    if question.past_only and parsed > today:
        raise InvalidAnswer(
            Text(
                "Deze datum ligt in de toekomst. Typ een datum van vandaag of eerder.",
                "This date is in the future. Please type today's date or earlier.",
            )
        )
    if parsed.year < 2000:
        raise InvalidAnswer(Text("Typ een datum na het jaar 2000.", "Please type a later date."))
    return parsed.isoformat()


def display_value(
    question: Question,
    value: AnswerValue,
    lang: Lang = "nl",  # pragma: no mutate (any other default reads as Dutch too)
) -> str:
    """An answer as a participant would recognise it, for overviews and /mijngegevens."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(question.label_of(v, lang) for v in value)
    if question.has_buttons:
        return question.label_of(str(value), lang)
    if question.type is QuestionType.DATE and isinstance(value, str):
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    if question.type is QuestionType.NUMBER and question.unit:
        return f"{value} {question.unit.get(lang)}"
    return str(value)
