"""The integer linear system of one question family and one round over time (see report/audit.py).

A round is seen at several moments: each earlier output in the publication ledger that showed
its figures, and now. Between two moments more people answer. The system has one set of
variables per step ("increment"): the answers given up to the first moment, then the answers
given between each moment and the next. A figure published at moment j is a sum of the
increments up to j. The attacker knows every group's size at every moment, so the people who
answered in between at a location (the "difference population") are a group too: when fewer
than k, their answers are attacked like any other small group's.

The rules of the questionnaire hold at every moment (one answer per person to a single-choice
question, follow-ups only after a triggering answer, no more answers than people). The
attacker may also assume that the late answers came from the late people (a follow-up answered
in between follows a triggering answer given in between, no more late answers at a location
than late people): each such rule is added when the true counts keep it, so the system always
admits the truth (an erased answer lowers the counts: the increment may then be negative).
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from questionnaires.model import Question, QuestionType
from report.figures import Tally
from report.ledger import Fact
from report.lp import INF, LinearSystem

SINGLE = (QuestionType.LIKERT, QuestionType.YESNO, QuestionType.CHOICE)


@dataclass
class Moment:
    """One moment of a round: its grouped answers, group sizes and the figures published then
    (the audited output's own figures are added for the last moment, now)."""

    tallies: dict[str, Tally]
    sizes: dict[str, dict[str, float]]  # role -> place -> people who took part
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    """The answers to one question at one place in one increment."""

    step: int
    place: str


@dataclass(frozen=True)
class Group:
    """A group attacked: a question's answers in some cells (a location at one moment, or the
    people who answered there between two moments; or several such, together below k)."""

    question: str
    cells: tuple[Cell, ...]


def _count(tallied: Tally | None, place: str, token: str | None) -> int:
    if tallied is None:
        return 0
    if token is None:
        return tallied.respondents.get(place, 0)
    return tallied.values.get(place, {}).get(token, 0)


class FamilySystem:
    """Variables n[step, q, place] and c[step, q, place, token] with the questionnaire's rules
    at every moment; `facts` adds published figures."""

    def __init__(
        self,
        members: Sequence[Question],
        moments: Sequence[Moment],
        role_of: dict[str, str],
        many: dict[str, bool],
        tokens: dict[str, list[str]],
    ) -> None:
        self.members = members
        self.moments = moments
        self.system = LinearSystem()
        self.n: dict[tuple[int, str, str], int] = {}
        self.c: dict[tuple[int, str, str, str], int] = {}
        self.places: dict[str, list[str]] = {}
        self.tokens = tokens
        self._truths: dict[int, dict[int, int]] = {}
        ids = {q.id for q in members}
        for q in members:
            self.places[q.id] = self._places(q, role_of[q.id])
            self._variables(q)
        for j, moment in enumerate(moments):
            for q in members:
                self._rules(q, j, moment, role_of[q.id], many[q.id])
        for q in members:
            cond = q.show_if
            if cond is None or cond.question not in ids:
                continue
            parent = next(p for p in members if p.id == cond.question)
            if parent.type is QuestionType.NUMBER:
                continue
            triggers = [str(v) for v in cond.values]
            for j in range(len(moments)):
                for place in self.places[q.id]:
                    if place in self.places[parent.id]:
                        self._follow_up(q, parent, triggers, j, place)

    def copy(self) -> FamilySystem:
        """The same system, to add more facts to without changing this one."""
        clone = copy.copy(self)
        clone.system = LinearSystem(
            list(self.system.lower), list(self.system.upper), list(self.system.rows)
        )
        return clone

    def _places(self, q: Question, role: str) -> list[str]:
        places: set[str] = set()
        for moment in self.moments:
            places.update(moment.sizes.get(role, {}))
            tallied = moment.tallies.get(q.id)
            if tallied is not None:
                places.update(tallied.respondents)
            places.update(f.place for f in moment.facts if f.question == q.id and f.place)
        return sorted(places)

    def truth(self, q: str, step: int, place: str, token: str | None = None) -> int:
        """The true answers of one cell (with `token`, when given)."""
        now = _count(self.moments[step].tallies.get(q), place, token)
        before = _count(self.moments[step - 1].tallies.get(q), place, token) if step else 0
        return now - before

    def _variables(self, q: Question) -> None:
        for step in range(len(self.moments)):
            for place in self.places[q.id]:
                low = min(0, self.truth(q.id, step, place))
                self.n[step, q.id, place] = self.system.var(low, INF)
                if q.type is QuestionType.NUMBER:
                    continue
                for token in self.tokens[q.id]:
                    low = min(0, self.truth(q.id, step, place, token))
                    self.c[step, q.id, place, token] = self.system.var(low, INF)

    def answers(
        self, q: str, place: str, upto: int, token: str | None = None, since: int = -1
    ) -> dict[int, float]:
        """Columns of the answers at `place` given after moment `since` up to moment `upto`."""
        if token is None:
            return {self.n[s, q, place]: 1.0 for s in range(since + 1, upto + 1)}
        return {self.c[s, q, place, token]: 1.0 for s in range(since + 1, upto + 1)}

    def _kept(self, rows: list[tuple[dict[int, float], float, float]], step: int) -> None:
        """Add rules about the answers given in one step when the truth keeps them."""
        truth = self._truth_columns(step)
        for coefs, lower, upper in rows:
            value = sum(coef * truth.get(col, 0) for col, coef in coefs.items())
            if lower <= value <= upper:
                self.system.add(coefs, lower, upper)

    def _truth_columns(self, step: int) -> dict[int, int]:
        if step in self._truths:
            return self._truths[step]
        found: dict[int, int] = {}
        for (s, q, place), col in self.n.items():
            if s == step:
                found[col] = self.truth(q, s, place)
        for (s, q, place, token), col in self.c.items():
            if s == step:
                found[col] = self.truth(q, s, place, token)
        self._truths[step] = found
        return found

    def _rules(self, q: Question, j: int, moment: Moment, role: str, many: bool) -> None:
        sizes = moment.sizes.get(role, {})
        tallied = moment.tallies.get(q.id)
        before = self.moments[j - 1].sizes.get(role, {}) if j else {}
        late: list[tuple[dict[int, float], float, float]] = []
        for place in self.places[q.id]:
            present = place in sizes or (tallied is not None and place in tallied.respondents)
            bound = INF if many or place not in sizes else sizes[place]
            total = self.answers(q.id, place, j)
            self.system.at_most(total, bound if present else 0)
            if j and not many and place in sizes:
                grown = sizes[place] - before.get(place, 0)
                late.append((self.answers(q.id, place, j, since=j - 1), -INF, grown))
            if q.type is QuestionType.NUMBER:
                continue
            options = [self.answers(q.id, place, j, t) for t in self.tokens[q.id]]
            merged = {col: 1.0 for o in options for col in o}
            minus_total = dict.fromkeys(total, -1.0)
            if q.type in SINGLE:
                self.system.equal({**merged, **minus_total}, 0)
                continue
            for option in options:
                self.system.at_most({**option, **minus_total}, 0)
            self.system.at_least({**merged, **minus_total}, 0)
            if j:
                step_total = {self.n[j, q.id, place]: -1.0}
                step_options = [{self.c[j, q.id, place, t]: 1.0} for t in self.tokens[q.id]]
                late.extend(({**o, **step_total}, -INF, 0) for o in step_options)
                merged_step = {col: 1.0 for o in step_options for col in o}
                late.append(({**merged_step, **step_total}, 0, INF))
        if j:
            self._kept(late, j)

    def _follow_up(
        self, q: Question, parent: Question, triggers: list[str], j: int, place: str
    ) -> None:
        tokens = [t for t in triggers if t in self.tokens[parent.id]]
        coefs = dict(self.answers(q.id, place, j))
        for t in tokens:
            coefs.update(dict.fromkeys(self.answers(parent.id, place, j, t), -1.0))
        self.system.at_most(coefs, 0)
        if j:
            step = {self.n[j, q.id, place]: 1.0}
            step.update({self.c[j, parent.id, place, t]: -1.0 for t in tokens})
            self._kept([(step, -INF, 0)], j)

    def fact(self, j: int, fact: Fact) -> None:
        """A figure published at moment `j`."""
        token_list: list[str | None] = [*fact.tokens] or [None]
        places = [fact.place] if fact.place else self.places[fact.question]
        coefs: dict[int, float] = {}
        for place in places:
            if fact.place is None and place in fact.out:
                continue
            for token in token_list:
                if token is not None and token not in self.tokens[fact.question]:
                    continue
                coefs.update(self.answers(fact.question, place, j, token))
        self.system.equal(coefs, fact.value)

    def fixed(self, group: Group, token: str, all_chose: bool) -> dict[int, float]:
        """A case: the group's true number of answers, and none or all of them on `token`."""
        fixed: dict[int, float] = {}
        for cell in group.cells:
            answers = self.truth(group.question, cell.step, cell.place)
            fixed[self.n[cell.step, group.question, cell.place]] = answers
            column = self.c[cell.step, group.question, cell.place, token]
            fixed[column] = answers if all_chose else 0
        return fixed


def small_groups(question: str, moments: Sequence[Moment], k: int) -> list[Group]:
    """Every group below k of one question: the people answering at a location at one moment,
    the people who answered there between two moments, and unions of either kind still below
    k (two locations of 2 are a group of 4)."""
    found: list[Group] = []
    seen: set[tuple[Cell, ...]] = set()

    spans = [(-1, j) for j in range(len(moments))]
    spans += [(i, j) for i, j in itertools.combinations(range(len(moments)), 2)]
    for since, upto in spans:
        people: dict[str, int] = defaultdict(int)
        after = moments[upto].tallies.get(question)
        if after is None:
            continue
        before = moments[since].tallies.get(question) if since >= 0 else None
        for place in after.respondents:
            people[place] = after.people_at(place) - (before.people_at(place) if before else 0)
        small = [p for p in sorted(people) if 0 < people[p] < k]
        for size in range(1, len(small) + 1):
            for combo in itertools.combinations(small, size):
                if sum(people[p] for p in combo) >= k:
                    continue
                cells = tuple(
                    Cell(step, place) for place in combo for step in range(since + 1, upto + 1)
                )
                if cells not in seen:
                    seen.add(cells)
                    found.append(Group(question, cells))
    return found
