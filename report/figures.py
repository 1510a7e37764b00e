"""One closed question's figures: grouped rows folded into tallies, then counts, percentages and
per-location figures, each hidden when it rests on fewer than k people (primary suppression;
`report/audit.py` adds what the combination of figures needs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from questionnaires.model import Question, QuestionType
from report.labels import KEY_LABELS
from report.section import (
    NO_LOCATION,
    Comparison,
    LocationFigure,
    OptionFigure,
    QuestionSummary,
)
from storage.counts import CountRow


def shown(n: int, k: int) -> int | None:
    """`n` itself, or None when it rests on fewer than `k` respondents (zero is shown)."""
    return n if n == 0 or n >= k else None


@dataclass
class Tally:
    """Grouped counts of one question, per location: answers, people and values."""

    respondents: dict[str, int]  # answers per location (contributions, for a log)
    values: dict[str, dict[str, int]]
    people: dict[str, int] = field(default_factory=dict)  # distinct people per location
    people_total: int | None = None  # distinct people over all locations

    @property
    def n(self) -> int:
        return sum(self.respondents.values())

    @property
    def persons(self) -> int:
        """The people this question's figures rest on: what every threshold counts."""
        if self.people_total is not None:
            return self.people_total
        return sum(self.people.values())

    def people_at(self, place: str) -> int:
        return self.people.get(place, 0)

    def total(self, token: str) -> int:
        return sum(v.get(token, 0) for v in self.values.values())


def tally(
    counts: Iterable[CountRow],
    respondents: Iterable[CountRow],
    people: Iterable[CountRow] = (),
) -> dict[str, Tally]:
    """Fold GROUP BY rows (role, location, question, value, n, people) into per-question
    tallies; `people` rows (over all locations) give each question's distinct people."""
    result: dict[str, Tally] = defaultdict(lambda: Tally({}, defaultdict(dict), {}))
    for row in respondents:
        place = row.location or NO_LOCATION
        tallied = result[row.question_id]
        tallied.respondents[place] = tallied.respondents.get(place, 0) + row.n
        tallied.people[place] = tallied.people.get(place, 0) + row.people
    for row in counts:
        place = row.location or NO_LOCATION
        bucket = result[row.question_id].values[place]
        bucket[row.value] = bucket.get(row.value, 0) + row.n
    for row in people:
        found = result[row.question_id]
        found.people_total = (found.people_total or 0) + row.people
    return dict(result)


def key_tokens(question: Question) -> tuple[str, ...]:
    return type_key_tokens(question.type)


def type_key_tokens(kind: QuestionType) -> tuple[str, ...]:
    """The answers a question's headline percentage counts (agree, yes), by question type."""
    if kind is QuestionType.LIKERT:
        return ("4", "5")
    if kind is QuestionType.YESNO:
        return ("yes",)
    return ()


def key_label(question: Question) -> str | None:
    if question.type is QuestionType.LIKERT:
        return KEY_LABELS.get(question.scale, "(helemaal) eens")
    if question.type is QuestionType.YESNO:
        return "ja"
    return None


def _key_percent(question: Question, values: dict[str, int], n: int) -> float | None:
    tokens = key_tokens(question)
    if not tokens or n == 0:
        return None
    return 100 * sum(values.get(t, 0) for t in tokens) / n


def _number_stats(values: dict[str, int]) -> tuple[float | None, float | None]:
    """Mean and median from grouped (value, count) pairs."""
    pairs = sorted((int(v), c) for v, c in values.items() if v.lstrip("-").isdigit())
    total = sum(c for _, c in pairs)
    if total == 0:
        return None, None
    mean = sum(v * c for v, c in pairs) / total
    middle: list[int] = []
    seen = 0
    for value, count in pairs:
        for position in ((total - 1) // 2, total // 2):
            if seen <= position < seen + count:
                middle.append(value)
        seen += count
    return mean, sum(middle) / len(middle)


def location_figures(question: Question, tallied: Tally, k: int) -> tuple[LocationFigure, ...]:
    """Headline figure per location, with secondary suppression: when exactly one location is
    suppressed, the next smallest is suppressed too, so the total cannot give it away."""
    if not key_tokens(question) or len(tallied.respondents) < 2:
        return ()
    places = sorted(tallied.respondents)
    small = {p for p in places if tallied.people_at(p) < k}
    protecting: set[str] = set()
    if len(small) == 1:
        protecting.add(min((tallied.people_at(p), p) for p in places if p not in small)[1])
    figures = []
    for place in places:
        n = tallied.respondents[place]
        if place in small or place in protecting:
            figures.append(LocationFigure(place, None, None, protects_other=place in protecting))
        else:
            values = tallied.values.get(place, {})
            figures.append(LocationFigure(place, n, _key_percent(question, values, n)))
    return tuple(figures)


def summarise_question(
    question: Question,
    role: str,
    current: Tally | None,
    previous: Tally | None,
    previous_name: str | None,
    k: int,
) -> QuestionSummary:
    """Counts and percentages of one closed question, suppressed below `k` respondents."""
    base = QuestionSummary(
        question_id=question.id,
        text=question.text.nl,
        role=role,
        type=question.type,
        n=None,
        key_label=key_label(question),
        unit=question.unit.nl if question.unit else None,
        multiple=question.type is QuestionType.MULTI,
    )
    if current is None or current.persons < k:
        return base
    n = current.n
    comparison: Comparison | None = None
    prev_ok = previous is not None and previous.persons >= k
    if previous is not None and previous_name is not None:
        prev_values = {t: previous.total(t) for t in _tokens(question, previous)}
        comparison = Comparison(
            round_name=previous_name,
            n=previous.n if prev_ok else None,
            key_percent=_key_percent(question, prev_values, previous.n) if prev_ok else None,
            mean=_number_stats(prev_values)[0] if prev_ok else None,
        )
    totals = {t: current.total(t) for t in _tokens(question, current)}
    if question.type is QuestionType.NUMBER:
        mean, median = _number_stats(totals)
        return replace(base, n=n, mean=mean, median=median, previous=comparison)
    options = tuple(
        OptionFigure(
            token=choice.token,
            label=choice.label.nl,
            count=totals[choice.token],  # every option is among the tokens
            percent=100 * totals[choice.token] / n,
            previous_percent=(
                100 * previous.total(choice.token) / previous.n
                if previous is not None and prev_ok
                else None
            ),
        )
        for choice in question.choices()
    )
    return replace(
        base,
        n=n,
        options=options,
        key_percent=_key_percent(question, totals, n),
        previous=comparison,
        locations=location_figures(question, current, k),
    )


def _tokens(question: Question, tallied: Tally) -> set[str]:
    tokens = {c.token for c in question.choices()}
    for values in tallied.values.values():
        tokens.update(values)
    return tokens
