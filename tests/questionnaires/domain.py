"""Test oracle: which stored values a question can have at all."""

from __future__ import annotations

import re

from questionnaires.model import DONT_KNOW, NO_ANSWER, AnswerValue, Question, QuestionType


def in_domain(question: Question, value: AnswerValue) -> bool:
    """Whether a stored value is one this question can have: the oracle that tests hold every
    stored answer to, written apart from the parsing it checks."""
    if value is None:
        return question.type is QuestionType.INFO
    match question.type:
        case QuestionType.LIKERT:
            return value in (1, 2, 3, 4, 5, DONT_KNOW, NO_ANSWER) and not isinstance(value, bool)
        case QuestionType.YESNO | QuestionType.CHOICE:
            return isinstance(value, str) and value in {c.token for c in question.choices()}
        case QuestionType.MULTI:
            tokens = {c.token for c in question.choices()}
            return (
                isinstance(value, list)
                and bool(value)
                and set(value) <= tokens
                and len(set(value)) == len(value)
                and (question.max is None or len(value) <= question.max)
            )
        case QuestionType.NUMBER:
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and (question.min or 0) <= value <= (question.max or 0)
            )
        case QuestionType.DATE:
            return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
        case QuestionType.TEXT:
            return isinstance(value, str) and 0 < len(value) <= question.max_length
    return False
