"""An attacker written only for the tests, apart from report/audit.py on purpose.

It reads the published figures from the audited report model (the only thing renderers get),
knows how many people of each role at each location took part, and which locations' answers a
question leaves out (a stronger attacker than a reader: the report never says). It models
people, not counts: per location, how many people gave each combination of answers to a
question and its follow-ups ("profiles"); a follow-up can only be answered after a triggering
answer. A multiple-choice answer is the set of options a person chose, so a person counts
once for every option in it. Then, for every group below k and every option, it asks HiGHS (its
own model, not report/lp.py) whether the figures allow both "none of them chose it" and "all of
them chose it".
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from questionnaires.model import Catalog, Question, QuestionType
from report.gather import Answers
from report.section import NO_LOCATION, InputSection, QuestionSummary

KEYS = {QuestionType.LIKERT: ("4", "5"), QuestionType.YESNO: ("yes",)}
SKIP = None
CLOSED = (QuestionType.LIKERT, QuestionType.YESNO, QuestionType.CHOICE, QuestionType.MULTI)
Given = str | frozenset[str] | None  # one person's answer: a token, a set of them, or nothing


def possible_answers(q: Question) -> list[Given]:
    """Everything one person can answer to a question, not answering included."""
    tokens = [c.token for c in q.choices()]
    if q.type is not QuestionType.MULTI:
        return [SKIP, *tokens]
    most = q.max or len(tokens)
    chosen = (frozenset(c) for r in range(1, most + 1) for c in itertools.combinations(tokens, r))
    return [SKIP, *chosen]


def counts_for(given: Given, tokens: set[str]) -> bool:
    """Whether an answer counts for any of `tokens` (a set answer: for each option in it)."""
    if isinstance(given, frozenset):
        return bool(given & tokens)
    return given in tokens


@dataclass(frozen=True)
class Truth:
    """What really happened in one round, per question: answers per location and value."""

    answers: dict[str, dict[str, dict[str, int]]]  # question -> location -> token -> n
    answered: dict[str, dict[str, int]]  # question -> location -> people who answered
    sizes: dict[str, int]  # location -> people who took part (one role)


@dataclass(frozen=True)
class Disclosure:
    round: str
    question: str
    group: tuple[str, ...]  # one location, or several small ones together
    token: str
    all_chose: bool


def _solver() -> highspy.Highs:
    saved = os.dup(1)
    with Path(os.devnull).open("w") as devnull:
        os.dup2(devnull.fileno(), 1)
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
    os.dup2(saved, 1)
    os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver


_SOLVER = _solver()


def _feasible(n: int, rows: list[tuple[dict[int, int], int]], upper: list[float]) -> bool:
    """Is there a non-negative integer x with upper bounds and every row sum == value?"""
    return solvable(n, [(coefs, value, value) for coefs, value in rows], upper)


def solvable(n: int, rows: list[tuple[dict[int, int], float, float]], upper: list[float]) -> bool:
    """Is there a non-negative integer x with upper bounds and every row sum within its
    (lower, upper)?"""
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.array(upper, dtype=float)
    lp.row_lower_ = np.array([float(low) for _, low, _ in rows])
    lp.row_upper_ = np.array([float(high) for _, _, high in rows])
    starts, index, value = [0], [], []
    by_column: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r, (coefs, _, _) in enumerate(rows):
        for column, coef in coefs.items():
            by_column[column].append((r, coef))
    for column in range(n):
        for r, coef in by_column[column]:
            index.append(r)
            value.append(float(coef))
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    _SOLVER.clearModel()
    _SOLVER.passModel(lp)  # the LP relaxation first: most questions end there
    if not _solved():
        return False
    values = np.asarray(_SOLVER.getSolution().col_value)
    if np.all(np.abs(values - np.round(values)) < 1e-7):
        return True
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    _SOLVER.clearModel()
    _SOLVER.passModel(lp)
    return _solved()


def _solved() -> bool:
    _SOLVER.run()
    status = _SOLVER.getModelStatus()
    if status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty):
        return True
    assert status == highspy.HighsModelStatus.kInfeasible, status
    return False


def truths_from(answers: Answers, role: str) -> Truth:
    """The truth of one role in one round, from the grouped rows the report was built from."""
    place: dict[str | None, str] = {None: NO_LOCATION}
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in answers.counts:
        if row.role == role:
            counts[row.question_id][place.get(row.location, row.location or "")][row.value] = row.n
    answered: dict[str, dict[str, int]] = defaultdict(dict)
    for row in answers.respondents:
        if row.role == role:
            answered[row.question_id][place.get(row.location, row.location or "")] = row.people
    sizes = {
        place.get(g.location, g.location or ""): g.people for g in answers.groups if g.role == role
    }
    return Truth(
        {q: dict(v) for q, v in counts.items()}, {q: dict(v) for q, v in answered.items()}, sizes
    )


def published(section: InputSection) -> dict[str, QuestionSummary]:
    """Every question summary in the model, found by its own traversal; a question shown
    twice (the ART part) must show the same figures."""
    found: dict[str, QuestionSummary] = {}

    def visit(q: QuestionSummary) -> None:
        seen = found.setdefault(q.question_id, q)
        assert seen == q, f"{q.question_id} is shown with two different sets of figures"

    for pillar in section.pillars:
        for part in pillar.parts:
            for role in part.roles:
                for q in role.questions:
                    visit(q)
    for part in section.peer_experts.survey_parts:
        for role in part.roles:
            for q in role.questions:
                visit(q)
    for q in section.peer_experts.log_questions:
        visit(q)
    for item in section.art_items:
        for role in item.roles:
            for q in role.questions:
                visit(q)
    return found


def families(questions: list[Question]) -> list[list[Question]]:
    """Questions grouped with the follow-ups that hang from them."""
    by_id = {q.id: q for q in questions}

    def top(q: Question) -> str:
        while q.show_if is not None and q.show_if.question in by_id:
            q = by_id[q.show_if.question]
        return q.id

    grouped: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        grouped[top(q)].append(q)
    return list(grouped.values())


def profiles(family: list[Question]) -> list[tuple[Given, ...]]:
    """Every combination of answers one person can give (None: not answered)."""
    tokens = [possible_answers(q) for q in family]
    index = {q.id: i for i, q in enumerate(family)}
    result = []
    for combo in itertools.product(*tokens):
        ok = True
        for i, q in enumerate(family):
            cond = q.show_if
            if cond is None or combo[i] is SKIP or cond.question not in index:
                continue
            parent = combo[index[cond.question]]
            wanted = {str(v) for v in cond.values}
            if parent is None or not counts_for(parent, wanted):
                ok = False
            if isinstance(parent, frozenset) != (cond.op == "contains"):
                ok = False  # 'contains' asks a set answer, 'equals' and 'in' a single one
        if ok:
            result.append(combo)
    return result


Row = tuple[dict[int, int], int]  # columns summed, and the figure they must add up to


@dataclass
class Columns:
    """One integer unknown per (step, place, profile): how many people at a place who were
    new in that step (answered after the publication before it) answered the question family
    that way. Step 0 holds everyone up to the first publication."""

    steps: range
    places: list[str]
    combos: list[tuple[Given, ...]]

    def __post_init__(self) -> None:
        triples = itertools.product(self.steps, self.places, self.combos)
        self.index = {triple: i for i, triple in enumerate(triples)}

    def count(
        self, q_index: int, place: str, tokens: set[str] | None, upto: int, since: int = -1
    ) -> dict[int, int]:
        """Columns of people at `place`, new after step `since` up to step `upto`, who
        answered question `q_index` (with one of `tokens`, when given)."""
        return {
            self.index[e, place, p]: 1
            for e in range(since + 1, upto + 1)
            for p in self.combos
            if p[q_index] is not SKIP and (tokens is None or counts_for(p[q_index], tokens))
        }

    def over(
        self, q_index: int, places: list[str], tokens: set[str] | None, upto: int
    ) -> dict[int, int]:
        merged: dict[int, int] = {}
        for place in places:
            merged.update(self.count(q_index, place, tokens, upto))
        return merged


@dataclass(frozen=True)
class Moments:
    """One round ('current' or 'previous') as it stood at each publication."""

    which: str
    truths: list[Truth]

    def size(self, step: int, place: str) -> int:
        return self.truths[step].sizes.get(place, 0) if step >= 0 else 0

    def new(self, step: int, place: str) -> int:
        """People at `place` who took part since the publication before `step`."""
        return self.size(step, place) - self.size(step - 1, place)

    def answered_between(self, q_id: str, since: int, upto: int) -> dict[str, int]:
        """Per place, the people who answered `q_id` after step `since` up to step `upto`."""
        after = self.truths[upto].answered.get(q_id, {})
        before = self.truths[since].answered.get(q_id, {}) if since >= 0 else {}
        return {p: after.get(p, 0) - before.get(p, 0) for p in after}


def published_rows(
    columns: Columns,
    family: list[Question],
    moments: Moments,
    shown: list[dict[str, QuestionSummary]],
    left_outs: list[dict[tuple[str, str], frozenset[str]]],
) -> list[Row]:
    """Every figure of one round each publication showed for this family, as rows: the new
    people per step and place, then per publication the totals, options, per location and the
    previous round's."""
    rows: list[Row] = [
        ({columns.index[e, place, p]: 1 for p in columns.combos}, moments.new(e, place))
        for e in columns.steps
        for place in columns.places
    ]
    for e in columns.steps:
        for qi, q in enumerate(family):
            rows.extend(_figures(columns, qi, q, moments.which, shown[e], left_outs[e], e))
    return rows


def _figures(
    columns: Columns,
    qi: int,
    q: Question,
    which: str,
    shown: dict[str, QuestionSummary],
    left_out: dict[tuple[str, str], frozenset[str]],
    e: int,
) -> list[Row]:
    """The rows of one question's figures in the publication of step `e`."""
    s = shown.get(q.id)
    if s is None or s.n is None:
        return []
    out = left_out.get((which, q.id), frozenset())
    inside = [p for p in columns.places if p not in out]
    rows: list[Row] = []
    if which == "current":
        rows.append((columns.over(qi, inside, None, e), s.n))
        rows.extend((columns.over(qi, inside, {o.token}, e), o.count) for o in s.options)
        for f in s.locations:
            if f.n is None:
                continue
            rows.append((columns.count(qi, f.location, None, e), f.n))
            if f.key_percent is not None:
                keyed = round(f.key_percent * f.n / 100)
                rows.append((columns.count(qi, f.location, set(KEYS[q.type]), e), keyed))
    elif s.previous is not None and s.previous.n is not None:
        rows.append((columns.over(qi, inside, None, e), s.previous.n))
        for o in s.options:
            if o.previous_percent is not None:
                was = round(o.previous_percent * s.previous.n / 100)
                rows.append((columns.over(qi, inside, {o.token}, e), was))
    return rows


def attack(
    section: InputSection,
    catalog: Catalog,
    role: str,
    truths: dict[str, Truth],
    left_out: dict[tuple[str, str], frozenset[str]],
) -> Iterator[Disclosure]:
    """Every (round, question, small group, option, none/all) the figures give away."""
    moments = {which: [truth] for which, truth in truths.items()}
    yield from attack_sequence([section], catalog, role, moments, [left_out])


def attack_sequence(
    sections: list[InputSection],
    catalog: Catalog,
    role: str,
    truths: dict[str, list[Truth]],
    left_outs: list[dict[tuple[str, str], frozenset[str]]],
) -> Iterator[Disclosure]:
    """What a reader holding every published file learns: `sections[i]` was published when the
    round ('current', and the previous one, 'previous') stood as `truths[which][i]`. Between two
    publications new people answered; the people of before kept their answers. The attacker
    knows every group's size at every moment, so per location also how many people are new.
    Small groups are the people answering at a location at one moment, the people who answered
    there between two moments, and unions of either still below k."""
    shown = [published(section) for section in sections]
    questionnaire = catalog.for_role(role)
    assert questionnaire is not None
    closed = [q for q in questionnaire.questions if q.type in CLOSED]
    steps = range(len(sections))
    for family in families(closed):
        combos = profiles(family)
        for which, truths_of in truths.items():
            moments = Moments(which, truths_of)
            places = sorted({place for truth in truths_of for place in truth.sizes})
            columns = Columns(steps, places, combos)
            upper = [float(moments.new(e, place)) for e, place, _ in columns.index]
            base = published_rows(columns, family, moments, shown, left_outs)
            assert _feasible(len(columns.index), base, upper), "the truth must fit the figures"
            yield from _disclosures(columns, family, moments, base, upper, sections[0].k)


def _disclosures(
    columns: Columns,
    family: list[Question],
    moments: Moments,
    base: list[Row],
    upper: list[float],
    k: int,
) -> Iterator[Disclosure]:
    """For every span between two publications (or up to one), every group of small places
    (together below k) and option: can the figures rule out "none of them chose it" or "all of
    them chose it"?"""
    last = columns.steps[-1]
    spans = [(-1, j) for j in columns.steps] + list(itertools.combinations(columns.steps, 2))
    for qi, q in enumerate(family):
        for since, upto in spans:
            got = moments.answered_between(q.id, since, upto)
            small = [p for p in columns.places if 0 < got.get(p, 0) < k]
            name = f"{moments.which} at {upto}" if since < 0 else f"{moments.which} {since}->{upto}"
            name = moments.which if (since, upto) == (-1, last) else name
            for size in range(1, len(small) + 1):
                for group in itertools.combinations(small, size):
                    if sum(got[p] for p in group) >= k:
                        continue
                    for choice in q.choices():
                        for all_chose in (False, True):
                            rows = list(base)
                            for place in group:
                                rows.append(
                                    (columns.count(qi, place, None, upto, since), got[place])
                                )
                                chose = got[place] if all_chose else 0
                                mine = columns.count(qi, place, {choice.token}, upto, since)
                                rows.append((mine, chose))
                            if not _feasible(len(columns.index), rows, upper):
                                yield Disclosure(name, q.id, group, choice.token, all_chose)
