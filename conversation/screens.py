"""What the conversation shows: screens of text and buttons, and how a question becomes one.

Screens use Telegram's small HTML subset (<b>, <i>) for emphasis; every edge can show them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from conversation.callbacks import Callback, Kind, question_hash
from conversation.texts import t
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import Lang, Question, Questionnaire, QuestionType
from storage.store import Response

SELECTED = "✅ "
MAX_CHANGE_LABEL = 40


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class ReviewItem:
    """One answer on the overview before sending: the question, the answer as shown, and the
    button data that goes back to change it (what the change menu offers for that question)."""

    number: int
    question: str  # plain text, not shortened
    answer: str  # plain text; 'Overgeslagen' for a skipped question
    skipped: bool
    change: str  # button data


@dataclass(frozen=True)
class Review:
    """The overview laid out for a page: text before the answers, the answers, text after."""

    intro: str
    items: tuple[ReviewItem, ...]
    outro: str


@dataclass
class Screen:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    # For edges that lay out a page (the web form): the question this screen asks, if any,
    # and how far along the participant is. A chat shows `text` and `buttons` only.
    question: Question | None = None
    progress: tuple[int, int] | None = None
    review: Review | None = None  # the overview's answers, for an edge that lists them


@dataclass
class Outcome:
    """What to show after an action: an edit of the pressed message and new messages."""

    screens: list[Screen] = field(default_factory=list)
    edit: Screen | None = None
    toast: str | None = None  # short acknowledgement of a pressed button
    alert: bool = False  # the action was refused and nothing changed; `toast` says why
    drop_keyboard: bool = False  # a stale message: take its buttons away
    # A short line confirming what was just stored ("✓ Your answer: Agree"), for an edge that
    # shows the next screen in place of the answered one.
    note: str | None = None


def escape(text: str) -> str:
    """The one way participant-visible text enters a screen's HTML: only <, > and & are
    escaped (quotes stay quotes, so no edge ever shows '&#x27;')."""
    return html.escape(text, quote=False)


def button(label: str, callback: Callback) -> Button:
    return Button(label, callback.encode())


def question_screen(
    questionnaire: Questionnaire,
    response: Response,
    answers: dict[str, Answer],
    question: Question,
    lang: Lang,
    selected: Sequence[str] | None = None,
    results: str | None = None,
) -> Screen:
    """`results`: for an info screen that shows a closed round's results, those results."""
    qh = question_hash(question.id)
    rid = str(response.id)
    section = questionnaire.section_of(question)
    lines = []
    progress = None
    if question.answerable:
        n, total = progress = engine.progress(questionnaire, answers, question.id)
        lines.append(
            f"<i>{t('progress', lang, n=n, total=total)} · {escape(section.title.get(lang))}</i>\n"
        )
    lines.append(f"<b>{escape(question.text.get(lang))}</b>")
    if question.shows_results:
        lines.append(escape(results) if results else t("results_missing", lang))
    if question.help:
        lines.append(f"<i>{escape(question.help.get(lang))}</i>")
    typed = typing_hint(question, lang)
    if typed:
        lines.append(f"\n{typed}")
    current = answers.get(question.id)
    if current is not None and not current.skipped and current.value is not None:
        shown = engine.display_value(question, current.value, lang)
        lines.append("\n" + t("answered", lang, answer=escape(shown)))
    buttons: list[list[Button]] = []
    choices = question.choices()
    if question.type is QuestionType.MULTI:
        chosen = set(selected or ())
        if selected is None and current is not None and isinstance(current.value, list):
            chosen = set(current.value)
        for index, choice in enumerate(choices):
            mark = SELECTED if choice.token in chosen else ""
            buttons.append(
                [
                    button(
                        mark + choice.label.get(lang),
                        Callback(Kind.TOGGLE, rid, qh, str(index)),
                    )
                ]
            )
        buttons.append([button(t("btn_done", lang), Callback(Kind.DONE, rid, qh))])
    elif question.type is QuestionType.LIKERT:
        main, extra = choices[:5], choices[5:]
        for index, choice in enumerate(main):
            buttons.append(
                [button(choice.label.get(lang), Callback(Kind.ANSWER, rid, qh, str(index)))]
            )
        buttons.append(
            [
                button(choice.label.get(lang), Callback(Kind.ANSWER, rid, qh, str(index + 5)))
                for index, choice in enumerate(extra)
            ]
        )
    elif question.has_buttons:
        row: list[Button] = []
        short = all(len(c.label.get(lang)) <= 12 for c in choices) and len(choices) <= 3
        for index, choice in enumerate(choices):
            choice_button = button(
                choice.label.get(lang), Callback(Kind.ANSWER, rid, qh, str(index))
            )
            if short:
                row.append(choice_button)
            else:
                buttons.append([choice_button])
        if row:
            buttons.append(row)
    elif question.type is QuestionType.INFO:
        buttons.append([button(t("btn_next", lang), Callback(Kind.NEXT, rid, qh))])
    nav: list[Button] = []
    if engine.previous_question(questionnaire, answers, question.id) is not None:
        nav.append(button(t("btn_back", lang), Callback(Kind.BACK, rid, qh)))
    if question.answerable and not question.required:
        nav.append(button(t("btn_skip", lang), Callback(Kind.SKIP, rid, qh)))
    if nav:
        buttons.append(nav)
    return Screen("\n".join(lines), buttons, question, progress)


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
    lines = []
    items = []
    for number, question in numbered(questionnaire, answers):
        answer = answers.get(question.id)
        skipped = answer is None or answer.skipped
        if answer is None or answer.skipped:
            shown = t("skipped", lang)
        else:
            shown = engine.display_value(question, answer.value, lang)
        lines.append(
            f"{number}. {escape(shorten(question.text.get(lang), 70))}\n"
            f"   → <i>{escape(shorten(shown, 200))}</i>"
        )
        change = Callback(Kind.GOTO, rid, question_hash(question.id)).encode()
        items.append(ReviewItem(number, question.text.get(lang), shown, skipped, change))
    text = t("overview", lang, lines="\n".join(lines))
    intro, outro = t("overview", lang, lines="\0").split("\0")
    missing = engine.missing_required(questionnaire, answers)
    if missing:
        names = ", ".join(shorten(q.text.get(lang), 40) for q in missing)
        more = "\n\n" + t("missing_required", lang, questions=escape(names))
        text += more
        outro += more
    buttons = [[button(t("btn_change", lang), Callback(Kind.CHANGE_MENU, rid))]]
    if not missing:
        buttons.insert(0, [button(t("btn_submit", lang), Callback(Kind.SUBMIT, rid))])
    return Screen(text, buttons, review=Review(intro, tuple(items), outro))


def change_menu(
    questionnaire: Questionnaire,
    response: Response,
    answers: dict[str, Answer],
    lang: Lang,
) -> Screen:
    rid = str(response.id)
    buttons = [
        [
            button(
                f"{number}. {shorten(q.text.get(lang), MAX_CHANGE_LABEL)}",
                Callback(Kind.GOTO, rid, question_hash(q.id)),
            )
        ]
        for number, q in numbered(questionnaire, answers)
    ]
    return Screen(t("choose_change", lang), buttons)


def numbered(
    questionnaire: Questionnaire, answers: dict[str, Answer]
) -> list[tuple[int, Question]]:
    """The questions a participant saw, numbered as in the overview."""
    visible = engine.visible_questions(questionnaire, answers)
    return list(enumerate((q for q in visible if q.answerable), 1))


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
