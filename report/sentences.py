"""Sentences and charts generated from the figures of the input section.

Everything here reads only figures the input section publishes (after suppression and the
disclosure audit): a suppressed question has no figures, so it cannot end up in a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from questionnaires.i18n import listed, ngettext
from questionnaires.model import DONT_KNOW, NO_ANSWER, Question, QuestionType
from report.charts import NEGATIVE as NEGATIVE_COLOUR
from report.charts import (
    POSITIVE_STRONG,
    SCALE_COLOURS,
    UNKNOWN,
    Bar,
    BarGroup,
    Category,
    StackedChart,
)
from report.labels import percent, whole
from report.section import QuestionSummary

UNKNOWN_LABEL = "Weet niet of zegt niet"
CHANGE_WORTH_NAMING = 5  # percentage points
SMALL_FOR_TREND = 30  # answers per round: below this a change gets a caveat


def quoted(text: str) -> str:
    return f"‘{text.rstrip().rstrip('.')}’"


def asked_if(question: Question, questions: Mapping[str, Question]) -> str | None:
    """Who was asked a follow-up question, completing 'mensen die ...': e.g. "bij ‘Vraag?’
    ‘nee’ of ‘weet ik niet’ antwoordden". None for a question everyone got."""
    condition = question.show_if
    parent = questions.get(condition.question) if condition is not None else None
    if condition is None or parent is None:
        return None
    labels = [f"‘{parent.label_of(str(v)).lower()}’" for v in condition.values]
    either = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " of " + labels[-1]
    verb = "aankruisten" if condition.op == "contains" else "antwoordden"
    return f"bij {quoted(parent.text.nl)} {either} {verb}"


def answered(q: QuestionSummary) -> bool:
    return q.n is not None and q.n > 0


def key_phrase(q: QuestionSummary, value: float | None) -> str:
    return f"{percent(value)} {q.key_label}"


def _label(text: str) -> str:
    return text.lower() if text[1:].islower() else text


def maybe_chance(before: int | None, now: int | None, p_before: float, p_now: float) -> bool:
    """Whether a change between two rounds may well be chance: fewer than 30 answers in a
    round, or less than about two standard errors apart (a two-proportion z-test)."""
    if before is None or now is None or min(before, now) < SMALL_FOR_TREND:
        return True
    pooled = (p_before * before + p_now * now) / (100 * (before + now))
    spread = (pooled * (1 - pooled) * (1 / before + 1 / now)) ** 0.5
    return bool(spread == 0 or abs(p_now - p_before) / 100 < 1.96 * spread)


def headline_sentences(
    who: str, questions: Sequence[QuestionSummary], k: int, previous_round: str | None
) -> list[str]:
    """Strongest and weakest point, the biggest change since the last round, follow-up
    questions with who was asked them, and how many questions had too few answers. `who` is
    the group in the plural, e.g. 'Cliënten'."""
    sentences: list[str] = []
    everyone = [q for q in questions if q.asked_if is None]
    keyed = [q for q in everyone if answered(q) and q.key_percent is not None]
    keyed.sort(key=lambda q: (-(q.key_percent or 0), q.question_id))
    scales = [q for q in keyed if q.type is QuestionType.LIKERT]
    if len(scales) == 1:
        q = scales[0]
        sentences.append(f"Bij {quoted(q.text)} antwoordt {key_phrase(q, q.key_percent)}.")
    elif scales:
        best, worst = scales[0], scales[-1]
        if whole(worst.key_percent or 0) < whole(best.key_percent or 0):
            sentences.append(
                f"{who} zijn het meest positief over {quoted(best.text)}: "
                f"{key_phrase(best, best.key_percent)}."
            )
            sentences.append(
                f"Het minst positief zijn ze over {quoted(worst.text)}: "
                f"{key_phrase(worst, worst.key_percent)}."
            )
        else:
            sentences.append(
                f"Bij {'beide' if len(scales) == 2 else f'alle {len(scales)}'} stellingen "
                f"antwoordt {key_phrase(best, best.key_percent)}."
            )
    sentences.extend(
        f"Op de vraag {quoted(q.text)} antwoordt {key_phrase(q, q.key_percent)}."
        for q in everyone
        if q in keyed and q.type is QuestionType.YESNO
    )
    sentences.extend(_change_sentences(keyed, previous_round))
    sentences.extend(
        f"Op de vraag {quoted(q.text)} {_choice_phrase(q)}."
        for q in everyone
        if answered(q) and q.options and q.type in (QuestionType.CHOICE, QuestionType.MULTI)
    )
    sentences.extend(
        _number_sentence(q)
        for q in everyone
        if answered(q) and q.type is QuestionType.NUMBER and q.mean is not None
    )
    sentences.extend(
        _follow_up_sentence(q) for q in questions if q.asked_if is not None and answered(q)
    )
    hidden = [q for q in questions if q.n is None]
    empty = [q for q in questions if q.n == 0]
    if hidden:
        sentences.append(
            ngettext(
                "Bij één vraag waren er minder dan {k} antwoorden; die cijfers tonen we niet.",
                "Bij {n} vragen waren er minder dan {k} antwoorden; die cijfers tonen we niet.",
                len(hidden),
                k=k,
            )
        )
    if empty:
        sentences.append(
            ngettext(
                "Op één vraag kwam geen antwoord.", "Op {n} vragen kwam geen antwoord.", len(empty)
            )
        )
    return sentences


def _change_sentences(keyed: Sequence[QuestionSummary], previous_round: str | None) -> list[str]:
    changes = [
        (q, (q.key_percent or 0) - (q.previous.key_percent or 0))
        for q in keyed
        if q.previous is not None and q.previous.key_percent is not None
    ]
    if not changes or not previous_round:
        return []
    q, delta = max(changes, key=lambda pair: (abs(pair[1]), pair[0].question_id))
    assert q.previous is not None
    if abs(delta) < CHANGE_WORTH_NAMING:
        return [
            f"Sinds de vorige ronde ({previous_round}) zijn de cijfers ongeveer gelijk "
            f"gebleven: nergens meer dan {CHANGE_WORTH_NAMING - 1} procentpunten verschil."
        ]
    direction = "gestegen" if delta > 0 else "gedaald"
    sentence = (
        f"De grootste verandering sinds de vorige ronde ({previous_round}): {quoted(q.text)} is "
        f"{direction} van {percent(q.previous.key_percent)} naar {percent(q.key_percent)} "
        f"{q.key_label}."
    )
    before, now = q.previous.n, q.n
    if maybe_chance(before, now, q.previous.key_percent or 0, q.key_percent or 0):
        sentence += (
            f" Met {before} antwoorden toen en {now} nu kan zo’n verschil ook toeval zijn."
            if before is not None
            else " Bij zo weinig antwoorden kan zo’n verschil ook toeval zijn."
        )
    return [sentence]


def _choice_phrase(q: QuestionSummary) -> str:
    """What most people chose, said as it is: a majority only when more than half chose it,
    options chosen equally often as a tie."""
    chosen = sorted((o for o in q.options if o.count), key=lambda o: (-o.count, o.label))
    if not chosen:
        return "koos niemand een antwoord"
    top = [o for o in chosen if o.count == chosen[0].count]
    several = "; meer antwoorden per persoon waren mogelijk" if q.multiple else ""
    if len(top) > 1:
        names = [f"‘{_label(o.label)}’" for o in top[:4]]
        more_of_them = f" en nog {len(top) - 4}" if len(top) > 4 else ""
        return (
            f"werden {listed(names)}{more_of_them} even vaak gekozen (elk "
            f"{percent(top[0].percent)}){several}"
        )
    first, rest = chosen[0], chosen[1:3]
    then = [f"‘{_label(o.label)}’ ({percent(o.percent)})" for o in rest]
    after = f", daarna {listed(then)}" if then else ""
    if first.percent > 50:
        return (
            f"koos de meerderheid ‘{_label(first.label)}’ ({percent(first.percent)}){after}"
            f"{several}"
        )
    return (
        f"werd ‘{_label(first.label)}’ het vaakst gekozen ({percent(first.percent)}){after}"
        f"{several}"
    )


def _number_sentence(q: QuestionSummary) -> str:
    mean = f"{q.mean:.1f}".replace(".", ",") if q.mean is not None else "–"
    unit = f" {q.unit}" if q.unit else ""
    return f"Bij de vraag {quoted(q.text)} is het gemiddelde {mean}{unit}."


def _follow_up_sentence(q: QuestionSummary) -> str:
    """A follow-up question with who was asked it, so its figure keeps its context."""
    asked = f"Wie {q.asked_if}" if q.asked_if else "Een deel"
    asked = asked.replace(" antwoordden", " antwoordde").replace(" aankruisten", " aankruiste")
    if q.key_percent is not None:
        figure = f"{key_phrase(q, q.key_percent)} (n\u00a0=\u00a0{q.n})"
        return f"{asked}, kreeg de vraag {quoted(q.text)}: {figure}."
    if q.options and q.type in (QuestionType.CHOICE, QuestionType.MULTI):
        return f"{asked}, kreeg de vraag {quoted(q.text)}. Daarop {_choice_phrase(q)}."
    if q.mean is not None:
        mean = f"{q.mean:.1f}".replace(".", ",")
        return f"{asked}, kreeg de vraag {quoted(q.text)}: gemiddeld {mean}."
    return f"{asked}, kreeg de vraag {quoted(q.text)}."


# Charts ----------------------------------------------------------------------------------------


def _block_key(q: QuestionSummary) -> tuple[str, ...] | None:
    """Which answer scale a question's bar uses, or None when it has no stacked bar."""
    if q.type is QuestionType.LIKERT:
        labels = tuple(o.label for o in q.options if o.token not in (DONT_KNOW, NO_ANSWER))
        return ("likert", *labels)
    if q.type is QuestionType.YESNO:
        return ("yesno", *(o.label for o in q.options))
    return None


def _categories(key: tuple[str, ...]) -> tuple[Category, ...]:
    labels = key[1:]
    if key[0] == "likert":
        return (
            *(Category(label, colour) for label, colour in zip(labels, SCALE_COLOURS, strict=True)),
            Category(UNKNOWN_LABEL, UNKNOWN),
        )
    colours = (POSITIVE_STRONG, NEGATIVE_COLOUR, UNKNOWN)
    return tuple(Category(label, colour) for label, colour in zip(labels, colours, strict=False))


def _percents(q: QuestionSummary) -> tuple[float, ...]:
    if q.type is QuestionType.LIKERT:
        scale = [o.percent for o in q.options if o.token not in (DONT_KNOW, NO_ANSWER)]
        rest = sum(o.percent for o in q.options if o.token in (DONT_KNOW, NO_ANSWER))
        return (*scale, rest)
    return tuple(o.percent for o in q.options)


def stacked_chart(title: str, questions: Sequence[QuestionSummary]) -> StackedChart | None:
    """All agree-scale and yes/no questions of one group as 100% bars, one block per scale."""
    blocks: dict[tuple[str, ...], list[Bar]] = {}
    for q in questions:
        if not answered(q) or not q.options:
            continue
        key = _block_key(q)
        if key is None:
            continue
        blocks.setdefault(key, []).append(Bar(q.text, _percents(q), f"n\u00a0=\u00a0{q.n}"))
    if not blocks:
        return None
    return StackedChart(
        title, tuple(BarGroup(_categories(key), tuple(bars)) for key, bars in blocks.items())
    )
