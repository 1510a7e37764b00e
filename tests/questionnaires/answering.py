"""What the engine tests share: the day they answer on, what people type, and a question by
its id."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from questionnaires.model import Question, Questionnaire

TODAY = date(2026, 3, 20)

# What people type: any text, whole numbers, dates, and words the parsers know.
TYPED = st.one_of(
    st.text(max_size=40),
    st.integers(-1000, 1000).map(str),
    st.dates(date(1990, 1, 1), date(2040, 1, 1)).map(lambda d: f"{d.day}-{d.month}-{d.year}"),
    st.sampled_from(["vandaag", "gisteren", "14 maart", "Eens", "ja", "Nee", "weet ik niet"]),
)


def q(questionnaire: Questionnaire, question_id: str) -> Question:
    question = questionnaire.question(question_id)
    assert question is not None
    return question
