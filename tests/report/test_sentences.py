"""Sentences written from figures say what the figures say: a majority only when more than
half chose it, ties as ties, a change between rounds with a caveat when it may be chance, a
follow-up question with who was asked it."""

from questionnaires.model import QuestionType
from report.section import Comparison, OptionFigure, QuestionSummary
from report.sentences import headline_sentences


def choice(counts: dict[str, int], multiple: bool = False) -> QuestionSummary:
    n = sum(counts.values())
    return QuestionSummary(
        "q_keuze",
        "Waar wil je meer mee doen?",
        "client",
        QuestionType.MULTI if multiple else QuestionType.CHOICE,
        n,
        tuple(
            OptionFigure(label.lower(), label, count, 100 * count / n, None)
            for label, count in counts.items()
        ),
        multiple=multiple,
    )


def said(*questions: QuestionSummary, previous: str | None = None) -> str:
    return " ".join(headline_sentences("Cliënten", questions, 5, previous))


def test_six_options_chosen_equally_often_are_a_tie_not_a_majority() -> None:
    text = said(choice({"Werk": 2, "Sport": 2, "Koken": 2, "Muziek": 2, "Tuin": 2, "Lezen": 2}))
    assert "even vaak gekozen (elk 17%)" in text
    assert "meesten" not in text and "meerderheid" not in text


def test_the_most_chosen_option_of_a_minority_is_not_a_majority() -> None:
    text = said(choice({"Werk": 4, "Sport": 3, "Koken": 3, "Muziek": 10}))
    assert "werd ‘muziek’ het vaakst gekozen (50%), daarna ‘werk’ (20%)" in text
    assert "meerderheid" not in text
    text = said(choice({"Werk": 2, "Sport": 2, "Muziek": 11}, multiple=True))
    assert "koos de meerderheid ‘muziek’ (73%)" in text
    assert "meer antwoorden per persoon waren mogelijk" in text


def agree(percent: float, n: int, before: float, before_n: int) -> QuestionSummary:
    return QuestionSummary(
        "q_thuis",
        "Ik voel me thuis",
        "client",
        QuestionType.LIKERT,
        n,
        key_label="(helemaal) eens",
        key_percent=percent,
        previous=Comparison("Ronde 2024", before_n, before),
    )


def test_a_change_on_few_answers_says_it_may_be_chance() -> None:
    small = said(agree(75, 16, 27, 11), previous="Ronde 2024")
    assert "gestegen van 27% naar 75%" in small
    assert "Met 11 antwoorden toen en 16 nu kan zo’n verschil ook toeval zijn." in small
    large = said(agree(75, 400, 27, 380), previous="Ronde 2024")
    assert "toeval" not in large


def test_a_follow_up_question_keeps_its_context() -> None:
    follow_up = QuestionSummary(
        "q_meer",
        "Wil je hier meer over weten?",
        "client",
        QuestionType.YESNO,
        21,
        key_label="ja",
        key_percent=81,
        asked_if="bij ‘Heeft iemand je dat verteld?’ ‘nee’ of ‘weet ik niet’ antwoordden",
    )
    text = said(follow_up)
    assert text == (
        "Wie bij ‘Heeft iemand je dat verteld?’ ‘nee’ of ‘weet ik niet’ antwoordde, kreeg de "
        "vraag ‘Wil je hier meer over weten?’: 81% ja (n\u00a0=\u00a021)."
    )
