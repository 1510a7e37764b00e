"""Sentences and charts generated from the figures of the input section.

Everything here reads only figures the input section publishes (after suppression and the
disclosure audit): a suppressed question has no figures, so it cannot end up in a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from questionnaires.model import DONT_KNOW, NO_ANSWER, QuestionType
from report.charts import NEGATIVE as NEGATIVE_COLOUR
from report.charts import (
    POSITIVE_STRONG,
    SCALE_COLOURS,
    UNKNOWN,
    Bar,
    Block,
    Category,
    StackedChart,
)
from report.labels import percent, whole
from report.section import QuestionSummary

UNKNOWN_LABEL = "Weet niet of zegt niet"
CHANGE_WORTH_NAMING = 5  # percentage points


def quoted(text: str) -> str:
    return f"‘{text.rstrip().rstrip('.')}’"


def answered(q: QuestionSummary) -> bool:
    return q.n is not None and q.n > 0


def key_phrase(q: QuestionSummary, value: float | None) -> str:
    return f"{percent(value)} {q.key_label}"


def headline_sentences(
    who: str, questions: Sequence[QuestionSummary], k: int, previous_round: str | None
) -> list[str]:
    """Strongest and weakest point, the biggest change since the last round, and how many
    questions had too few answers. `who` is the group in the plural, e.g. 'Cliënten'."""
    sentences: list[str] = []
    keyed = [q for q in questions if answered(q) and q.key_percent is not None]
    keyed.sort(key=lambda q: (-(q.key_percent or 0), q.question_id))
    scales = [q for q in keyed if q.type is QuestionType.LIKERT]
    if len(scales) == 1:
        q = scales[0]
        sentences.append(f"Bij {quoted(q.text)} antwoordt {key_phrase(q, q.key_percent)}.")
    elif scales:
        best, worst = scales[0], scales[-1]
        sentences.append(
            f"{who} zijn het meest positief over {quoted(best.text)}: "
            f"{key_phrase(best, best.key_percent)}."
        )
        if whole(worst.key_percent or 0) < whole(best.key_percent or 0):
            sentences.append(
                f"Het minst positief zijn ze over {quoted(worst.text)}: "
                f"{key_phrase(worst, worst.key_percent)}."
            )
    sentences.extend(
        f"Op de vraag {quoted(q.text)} antwoordt {key_phrase(q, q.key_percent)}."
        for q in questions
        if q in keyed and q.type is QuestionType.YESNO
    )
    changes = [
        (q, (q.key_percent or 0) - (q.previous.key_percent or 0))
        for q in keyed
        if q.previous is not None and q.previous.key_percent is not None
    ]
    if changes and previous_round:
        q, delta = max(changes, key=lambda pair: (abs(pair[1]), pair[0].question_id))
        assert q.previous is not None
        if abs(delta) >= CHANGE_WORTH_NAMING:
            direction = "gestegen" if delta > 0 else "gedaald"
            sentences.append(
                f"De grootste verandering sinds de vorige ronde ({previous_round}): "
                f"{quoted(q.text)} is {direction} van {percent(q.previous.key_percent)} naar "
                f"{percent(q.key_percent)} {q.key_label}."
            )
        else:
            sentences.append(
                f"Sinds de vorige ronde ({previous_round}) zijn de cijfers ongeveer gelijk "
                f"gebleven: nergens meer dan {CHANGE_WORTH_NAMING - 1} procentpunten verschil."
            )
    sentences.extend(
        _choice_sentence(q)
        for q in questions
        if answered(q) and q.options and q.type in (QuestionType.CHOICE, QuestionType.MULTI)
    )
    sentences.extend(
        _number_sentence(q)
        for q in questions
        if answered(q) and q.type is QuestionType.NUMBER and q.mean is not None
    )
    hidden = [q for q in questions if q.n is None]
    empty = [q for q in questions if q.n == 0]
    if hidden:
        count = "één vraag" if len(hidden) == 1 else f"{len(hidden)} vragen"
        sentences.append(
            f"Bij {count} waren er minder dan {k} antwoorden; die cijfers tonen we niet."
        )
    if empty:
        count = "één vraag" if len(empty) == 1 else f"{len(empty)} vragen"
        sentences.append(f"Op {count} kwam geen antwoord.")
    return sentences


def _choice_sentence(q: QuestionSummary) -> str:
    top = sorted((o for o in q.options if o.count), key=lambda o: (-o.percent, o.label))[:3]
    if not top:
        return f"Op de vraag {quoted(q.text)} koos niemand een antwoord."
    named = [
        f"{o.label.lower() if o.label[1:].islower() else o.label} ({percent(o.percent)})"
        for o in top
    ]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " en " + named[-1]
    return f"Op de vraag {quoted(q.text)} kozen de meesten: {listed}."


def _number_sentence(q: QuestionSummary) -> str:
    mean = f"{q.mean:.1f}".replace(".", ",") if q.mean is not None else "–"
    unit = f" {q.unit}" if q.unit else ""
    return f"Bij de vraag {quoted(q.text)} is het gemiddelde {mean}{unit}."


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
        title, tuple(Block(_categories(key), tuple(bars)) for key, bars in blocks.items())
    )
