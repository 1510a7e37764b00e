"""How a question, the overview and the change menu become screens (conversation/screens.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from conversation.choices import Press, PressKind, question_hash
from conversation.markup import rich
from conversation.screens import (
    Block,
    BlockKind,
    Choice,
    ChoiceRole,
    Emphasis,
    Expect,
    Place,
    Progress,
    Review,
    ReviewItem,
    Screen,
    Span,
    heading,
    joined_spans,
    paragraph,
)
from conversation.texts import t
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import Lang, Question, Questionnaire, QuestionType
from storage.store import Response

MAX_CHANGE_LABEL = 40
EXPECT = {
    QuestionType.INFO: Expect.NONE,
    QuestionType.LIKERT: Expect.CHOICE,
    QuestionType.YESNO: Expect.CHOICE,
    QuestionType.CHOICE: Expect.CHOICE,
    QuestionType.MULTI: Expect.CHOICES,
    QuestionType.NUMBER: Expect.NUMBER,
    QuestionType.DATE: Expect.DATE,
    QuestionType.TEXT: Expect.TEXT,
}


def question_screen(
    questionnaire: Questionnaire,
    response: Response,
    answers: dict[str, Answer],
    question: Question,
    lang: Lang,
    selected: Sequence[str] | None = None,
    results: str | None = None,
) -> Screen:
    """`selected`: the ticked options of a several-choices question (else what is stored);
    `results`: for an info screen that shows a closed round's results, those results."""
    qh = question_hash(question.id)
    rid = str(response.id)
    blocks: list[Block] = []
    progress = None
    if question.answerable:
        n, total = engine.progress(questionnaire, answers, question.id)
        section = questionnaire.section_of(question).title.get(lang)
        progress = Progress(n, total, section)
        line = f"{t('progress', lang, n=n, total=total)} · {section}"
        blocks.append(paragraph(line, Emphasis.SOFT, BlockKind.PROGRESS))
    blocks.append(heading(question.text.get(lang)))
    if question.shows_results:
        blocks.append(paragraph(results) if results else paragraph(t("results_missing", lang)))
    if question.help:
        blocks.append(paragraph(question.help.get(lang), Emphasis.SOFT))
    typed = typing_hint(question, lang)
    if typed:
        blocks.append(paragraph(typed))
    current = answers.get(question.id)
    if current is not None and not current.skipped and current.value is not None:
        shown = engine.display_value(question, current.value, lang)
        blocks += rich("answered", lang, answer=shown)
    rows: list[list[Choice]] = []
    choices = question.choices()

    def option(index: int, selected: bool | None = None) -> Choice:
        kind = PressKind.TOGGLE if selected is not None else PressKind.ANSWER
        label = choices[index].label.get(lang)
        return Choice(label, Press(kind, rid, qh, str(index)), ChoiceRole.OPTION, selected)

    if question.type is QuestionType.MULTI:
        chosen = set(selected or ())
        if selected is None and current is not None and isinstance(current.value, list):
            chosen = set(current.value)
        rows += [[option(i, choice.token in chosen)] for i, choice in enumerate(choices)]
        rows.append(
            [Choice(t("btn_done", lang), Press(PressKind.DONE, rid, qh), ChoiceRole.PROCEED)]
        )
    elif question.type is QuestionType.LIKERT:
        rows += [[option(i)] for i in range(min(5, len(choices)))]
        rows.append([option(i) for i in range(5, len(choices))])
    elif question.has_buttons:
        short = all(len(c.label.get(lang)) <= 12 for c in choices) and len(choices) <= 3
        if short:
            rows.append([option(i) for i in range(len(choices))])
        else:
            rows += [[option(i)] for i in range(len(choices))]
    elif question.type is QuestionType.INFO:
        rows.append(
            [Choice(t("btn_next", lang), Press(PressKind.NEXT, rid, qh), ChoiceRole.PROCEED)]
        )
    nav: list[Choice] = []
    if engine.previous_question(questionnaire, answers, question.id) is not None:
        nav.append(Choice(t("btn_back", lang), Press(PressKind.BACK, rid, qh), ChoiceRole.NAVIGATE))
    if question.answerable and not question.required:
        nav.append(Choice(t("btn_skip", lang), Press(PressKind.SKIP, rid, qh), ChoiceRole.NAVIGATE))
    rows.append(nav)
    return Screen(
        blocks,
        [row for row in rows if row],
        EXPECT[question.type],
        Place.QUESTION,
        progress,
        question.max_length if question.type is QuestionType.TEXT else None,
        key=qh,
    )


def typing_hint(question: Question, lang: Lang) -> str:
    match question.type:
        case QuestionType.TEXT:
            return t("type_text_max", lang, max=question.max_length)
        case QuestionType.NUMBER:
            return t("type_number", lang, min=question.min, max=question.max)
        case QuestionType.DATE:
            example = (date.today() - timedelta(days=3)).strftime("%d-%m-%Y")
            return t("type_date", lang, example=example)
        case QuestionType.MULTI:
            return t("multi_hint", lang)
    return ""


def overview(
    questionnaire: Questionnaire,
    response: Response,
    answers: dict[str, Answer],
    lang: Lang,
) -> Screen:
    rid = str(response.id)
    lines: list[Span] = []
    items = []
    for number, question in numbered(questionnaire, answers):
        answer = answers.get(question.id)
        skipped = answer is None or answer.skipped
        if answer is None or answer.skipped:
            shown = t("skipped", lang)
        else:
            shown = engine.display_value(question, answer.value, lang)
        if lines:
            lines.append(Span("\n"))
        lines += [
            Span(f"{number}. {shorten(question.text.get(lang), 70)}\n   → "),
            Span(shorten(shown, 200), Emphasis.SOFT),
        ]
        change = Choice(
            t("btn_change", lang),
            Press(PressKind.GOTO, rid, question_hash(question.id)),
            ChoiceRole.NAVIGATE,
        )
        items.append(ReviewItem(number, question.text.get(lang), shown, skipped, change))
    marker = "\x01"
    whole = rich("overview", lang, lines=marker)
    at = next(i for i, block in enumerate(whole) if marker in block.plain)
    intro, outro = whole[:at], whole[at + 1 :]
    missing = engine.missing_required(questionnaire, answers)
    if missing:
        names = ", ".join(shorten(q.text.get(lang), 40) for q in missing)
        outro += rich("missing_required", lang, questions=names)
    listing = [Block(joined_spans(lines))] if lines else []
    choices = [
        [Choice(t("btn_change", lang), Press(PressKind.CHANGE_MENU, rid), ChoiceRole.NAVIGATE)]
    ]
    if not missing:
        choices.insert(
            0, [Choice(t("btn_submit", lang), Press(PressKind.SUBMIT, rid), ChoiceRole.PROCEED)]
        )
    return Screen(
        [*intro, *listing, *outro],
        choices,
        place=Place.REVIEW,
        review=Review(tuple(intro), tuple(items), tuple(outro)),
    )


def change_menu(
    questionnaire: Questionnaire,
    response: Response,
    answers: dict[str, Answer],
    lang: Lang,
) -> Screen:
    rid = str(response.id)
    choices = [
        [
            Choice(
                f"{number}. {shorten(q.text.get(lang), MAX_CHANGE_LABEL)}",
                Press(PressKind.GOTO, rid, question_hash(q.id)),
                ChoiceRole.OPTION,
            )
        ]
        for number, q in numbered(questionnaire, answers)
    ]
    return Screen([paragraph(t("choose_change", lang))], choices, Expect.CHOICE, Place.CHANGE)


def numbered(
    questionnaire: Questionnaire, answers: dict[str, Answer]
) -> list[tuple[int, Question]]:
    """The questions a participant saw, numbered as in the overview."""
    visible = engine.visible_questions(questionnaire, answers)
    return list(enumerate((q for q in visible if q.answerable), 1))


def shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
