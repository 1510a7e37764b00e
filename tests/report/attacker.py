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
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from questionnaires.model import Catalog, Question, QuestionType
from report.gather import Answers
from report.section import NO_LOCATION, InputSection, QuestionSummary
from tests.report.highs_check import solvable

INF = float("inf")
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


Row = tuple[dict[int, int], float, float]  # columns summed, and the range the sum lies in
CAME, WENT = 1, -1


@dataclass
class Columns:
    """One integer unknown per (step, place, profile, way): how many people at a place who
    came in that step (answered after the publication before it; way CAME), or went in it
    (erased their answers; way WENT), answered the question family that way. Step 0 holds
    everyone up to the first publication."""

    steps: range
    places: list[str]
    combos: list[tuple[Given, ...]]
    going: frozenset[tuple[int, str]] = frozenset()  # (step, place) where some went

    def __post_init__(self) -> None:
        quads = itertools.product(self.steps, self.places, self.combos, (CAME, WENT))
        kept = (q for q in quads if q[3] == CAME or (q[0], q[1]) in self.going)
        self.index = {quad: i for i, quad in enumerate(kept)}

    def count(
        self,
        q_index: int,
        place: str,
        tokens: set[str] | None,
        upto: int,
        since: int = -1,
        way: int | None = None,
    ) -> dict[int, int]:
        """Columns of people at `place` who came (minus those who went; or only those of
        `way`) after step `since` up to step `upto` and answered question `q_index` (with one
        of `tokens`, when given)."""
        ways = (CAME, WENT) if way is None else (way,)
        return {
            self.index[e, place, p, w]: w if way is None else 1
            for e in range(since + 1, upto + 1)
            for p in self.combos
            for w in ways
            if (e, place, p, w) in self.index
            and p[q_index] is not SKIP
            and (tokens is None or counts_for(p[q_index], tokens))
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
    """One round ('current' or 'previous') as it stood at each publication; `gone[e]`: the
    answers of the people who erased theirs in step e (as they were), when any did."""

    which: str
    truths: list[Truth]
    gone: list[Truth | None] | None = None

    def size(self, step: int, place: str) -> int:
        return self.truths[step].sizes.get(place, 0) if step >= 0 else 0

    def new(self, step: int, place: str) -> int:
        """People at `place` who took part since the publication before `step`, minus those
        who went."""
        return self.size(step, place) - self.size(step - 1, place)

    def went(self, step: int, place: str) -> int:
        """People at `place` who erased their answers in `step`."""
        gone = self.gone[step] if self.gone else None
        return gone.sizes.get(place, 0) if gone else 0

    def answered_between(self, q_id: str, since: int, upto: int, way: int) -> dict[str, int]:
        """Per place, the people who came (or went) after step `since` up to step `upto` and
        answered `q_id`."""
        went: dict[str, int] = defaultdict(int)
        for step in range(since + 1, upto + 1):
            gone = self.gone[step] if self.gone else None
            for place, n in (gone.answered.get(q_id, {}) if gone else {}).items():
                went[place] += n
        if way == WENT:
            return dict(went)
        after = self.truths[upto].answered.get(q_id, {})
        before = self.truths[since].answered.get(q_id, {}) if since >= 0 else {}
        return {p: after.get(p, 0) - before.get(p, 0) + went.get(p, 0) for p in after}


def published_rows(
    columns: Columns,
    family: list[Question],
    moments: Moments,
    shown: list[dict[str, QuestionSummary]],
    left_outs: list[dict[tuple[str, str], frozenset[str]]],
) -> list[Row]:
    """Every figure of one round each publication showed for this family, as rows: the people
    who came and went per step and place (nobody goes who was not there), then per publication
    the totals, options, per location and the previous round's."""
    rows: list[Row] = []
    for e in columns.steps:
        for place in columns.places:
            went = moments.went(e, place)
            came = moments.new(e, place) + went
            for way, n in ((CAME, came), (WENT, went)):
                if (e, place) in columns.going or way == CAME:
                    coefs = {columns.index[e, place, p, way]: 1 for p in columns.combos}
                    rows.append((coefs, n, n))
            if (e, place) not in columns.going:
                continue
            for p in columns.combos:
                present = {
                    columns.index[s, place, p, w]: w
                    for s in range(e)
                    for w in (CAME, WENT)
                    if (s, place, p, w) in columns.index
                }
                rows.append(({**present, columns.index[e, place, p, WENT]: -1}, 0, INF))
    for e in columns.steps:
        for qi, q in enumerate(family):
            for coefs, value in _figures(columns, qi, q, moments.which, shown[e], left_outs[e], e):
                rows.append((coefs, value, value))
    return rows


def _figures(
    columns: Columns,
    qi: int,
    q: Question,
    which: str,
    shown: dict[str, QuestionSummary],
    left_out: dict[tuple[str, str], frozenset[str]],
    e: int,
) -> list[tuple[dict[int, int], int]]:
    """The rows of one question's figures in the publication of step `e`."""
    s = shown.get(q.id)
    if s is None or s.n is None:
        return []
    out = left_out.get((which, q.id), frozenset())
    inside = [p for p in columns.places if p not in out]
    rows: list[tuple[dict[int, int], int]] = []
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
    gone: dict[str, list[Truth | None]] | None = None,
) -> Iterator[Disclosure]:
    """What a reader holding every published file learns: `sections[i]` was published when the
    round ('current', and the previous one, 'previous') stood as `truths[which][i]`. Between two
    publications new people answered, and some (`gone[which][i]`: their answers) erased theirs;
    the others kept their answers. The attacker knows every group's size at every moment.
    Small groups are the people answering at a location at one moment, the people who came
    there between two moments, those who went, and unions of either still below k."""
    shown = [published(section) for section in sections]
    questionnaire = catalog.for_role(role)
    assert questionnaire is not None
    closed = [q for q in questionnaire.questions if q.type in CLOSED]
    steps = range(len(sections))
    for family in families(closed):
        combos = profiles(family)
        for which, truths_of in truths.items():
            moments = Moments(which, truths_of, (gone or {}).get(which))
            places = sorted({place for truth in truths_of for place in truth.sizes})
            going = frozenset((e, p) for e in steps for p in places if moments.went(e, p))
            columns = Columns(steps, places, combos, going)
            upper = [INF] * len(columns.index)
            base = published_rows(columns, family, moments, shown, left_outs)
            assert solvable(len(columns.index), base, upper), "the truth must fit the figures"
            # What the files before the last one already said is theirs, not the sequence's:
            # a group of k or more that all chose an option tells it of everyone who was in it
            # and erased their answers later.
            before = [*shown[:-1], {}]
            earlier = published_rows(columns, family, moments, before, left_outs)
            rows = (base, earlier)
            yield from _disclosures(columns, family, moments, rows, upper, sections[0].k)


def _disclosures(
    columns: Columns,
    family: list[Question],
    moments: Moments,
    rows_of: tuple[list[Row], list[Row]],
    upper: list[float],
    k: int,
) -> Iterator[Disclosure]:
    """For every span between two publications (or up to one), every group of small places
    (together below k) and option: can the figures rule out "none of them chose it" or "all of
    them chose it"?"""
    last = columns.steps[-1]
    spans = [(-1, j) for j in columns.steps] + list(itertools.combinations(columns.steps, 2))
    for qi, q in enumerate(family):
        for (since, upto), way in itertools.product(spans, (CAME, WENT)):
            got = moments.answered_between(q.id, since, upto, way)
            small = [p for p in columns.places if 0 < got.get(p, 0) < k]
            name = f"{moments.which} at {upto}" if since < 0 else f"{moments.which} {since}->{upto}"
            name = moments.which if (since, upto) == (-1, last) else name
            name += " went" if way == WENT else ""
            for size in range(1, len(small) + 1):
                for group in itertools.combinations(small, size):
                    if sum(got[p] for p in group) >= k:
                        continue
                    for choice in q.choices():
                        for all_chose in (False, True):
                            case: list[Row] = []
                            for place in group:
                                n = got[place]
                                chose = n if all_chose else 0
                                mine = columns.count(qi, place, None, upto, since, way)
                                case.append((mine, n, n))
                                mine = columns.count(qi, place, {choice.token}, upto, since, way)
                                case.append((mine, chose, chose))
                            n = len(columns.index)
                            if solvable(n, [*rows_of[0], *case], upper):
                                continue
                            if solvable(n, [*rows_of[1], *case], upper):  # else: said before
                                yield Disclosure(name, q.id, group, choice.token, all_chose)
