"""The integer linear system of one question family and one round over time (see report/audit.py).

A round is seen at several moments (report/audit_moments.py): each earlier output in the
publication ledger that showed its figures, and now. The system has variables per step: the
answers given up to the first moment, then per step between two moments the answers that came
and, where some went (an erasure, a changed answer), the answers that went. A figure published
at moment j is what came minus what went up to j. The attacker knows every group's size at
every moment, and how many people came and went: the people whose answers came (or went) at a
location in between are a group too, attacked like any other when fewer than k.

The rules of the questionnaire hold at every moment (one answer per person to a single-choice
question, follow-ups only after a triggering answer, no more answers than people, no more
options than a person may choose) and for the people who came or went by themselves (what went
was there before; no more answers came or went than people did). Some of these rules hold only
mostly (a follow-up answered in between follows a triggering answer given in between): such a
rule is added when the true counts keep it. So every rule is true: the system always admits the
truth, and the more rules, the more the audit assumes an attacker knows (the safe side).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from questionnaires.model import Question, QuestionType
from report.audit_moments import CAME, WENT, Group, Moment, step_count, step_people, went_at
from report.ledger import Fact
from report.lp import INF, LinearSystem

SINGLE = (QuestionType.LIKERT, QuestionType.YESNO, QuestionType.CHOICE)


class FamilySystem:
    """Variables per step, question and place: the answers that came, n[step, q, place] and
    c[step, q, place, token], and where some went, nw[...] and cw[...]; the questionnaire's
    rules at every moment; `fact` adds published figures."""

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
        self.nw: dict[tuple[int, str, str], int] = {}
        self.cw: dict[tuple[int, str, str, str], int] = {}
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

    def truth(
        self, q: str, step: int, place: str, token: str | None = None, way: str = CAME
    ) -> int:
        """The true answers of one cell (with `token`, when given) that came (or went)."""
        return step_count(self.moments, q, step, place, token, way)

    def _options(self, q: Question) -> list[str]:
        return [] if q.type is QuestionType.NUMBER else self.tokens[q.id]

    def _variables(self, q: Question) -> None:
        for step in range(len(self.moments)):
            for place in self.places[q.id]:
                self.n[step, q.id, place] = self.system.var()
                for token in self._options(q):
                    self.c[step, q.id, place, token] = self.system.var()
                if not went_at(self.moments, q.id, step, place, self._options(q)):
                    continue
                # What goes was there before.
                went = self.nw[step, q.id, place] = self.system.var()
                self.system.at_least({**self.answers(q.id, place, step - 1), went: -1.0}, 0)
                for token in self._options(q):
                    went = self.cw[step, q.id, place, token] = self.system.var()
                    before = self.answers(q.id, place, step - 1, token)
                    self.system.at_least({**before, went: -1.0}, 0)

    def answers(
        self, q: str, place: str, upto: int, token: str | None = None, since: int = -1
    ) -> dict[int, float]:
        """Columns of the answers at `place` that came after moment `since` up to moment
        `upto`, minus those that went."""
        found: dict[int, float] = {}
        for s in range(since + 1, upto + 1):
            came = self.part(q, s, place, CAME, token)
            went = self.part(q, s, place, WENT, token)
            assert came is not None
            found[came] = 1.0
            if went is not None:
                found[went] = -1.0
        return found

    def part(self, q: str, step: int, place: str, way: str, token: str | None = None) -> int | None:
        """The column of the answers that came (or went) in one step, if any can go there."""
        if way == CAME:
            return self.n[step, q, place] if token is None else self.c[step, q, place, token]
        if token is None:
            return self.nw.get((step, q, place))
        return self.cw.get((step, q, place, token))

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
        for (s, q, place), col in self.nw.items():
            if s == step:
                found[col] = self.truth(q, s, place, way=WENT)
        for (s, q, place, token), col in self.cw.items():
            if s == step:
                found[col] = self.truth(q, s, place, token, WENT)
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
            self.system.at_least(total, 0)
            if j and not many and place in sizes:
                grown = sizes[place] - before.get(place, 0)
                late.append((self.answers(q.id, place, j, since=j - 1), -INF, grown))
                # No more answers came than people did (when someone went, more came than
                # the group grew: then at most the people who answered it in this step), and
                # no more went than people who answered it before did
                came = step_people(self.moments, q.id, j, place, CAME)
                most = grown if self.truth(q.id, j, place) <= grown else came
                self.system.at_most({self.n[j, q.id, place]: 1.0}, most)
                if (j, q.id, place) in self.nw:
                    went = step_people(self.moments, q.id, j, place, WENT)
                    self.system.at_most({self.nw[j, q.id, place]: 1.0}, went)
            if q.type is QuestionType.NUMBER:
                continue
            options = [self.answers(q.id, place, j, t) for t in self.tokens[q.id]]
            merged: dict[int, float] = {}
            for option in options:
                for col, coef in option.items():
                    merged[col] = merged.get(col, 0) + coef
            minus_total = {col: -coef for col, coef in total.items()}
            if q.type in SINGLE:
                self.system.equal({**merged, **minus_total}, 0)
            else:
                for option in options:
                    self.system.at_most({**option, **minus_total}, 0)
                self.system.at_least({**merged, **minus_total}, 0)
                if q.max:  # nobody chose more than the most options one may
                    capped = {col: -coef * q.max for col, coef in total.items()}
                    self.system.at_most({**merged, **capped}, 0)
            late.extend(self._parts(q, j, place))
        if j:
            self._kept(late, j)

    def _parts(
        self, q: Question, j: int, place: str
    ) -> list[tuple[dict[int, float], float, float]]:
        """The choice rules of the people who came (or went) in step `j`, by themselves."""
        rows: list[tuple[dict[int, float], float, float]] = []
        for way in (CAME, WENT):
            total = self.part(q.id, j, place, way)
            if total is None or (way == CAME and not j):
                continue
            step_options = [self.part(q.id, j, place, way, t) for t in self.tokens[q.id]]
            merged = {col: 1.0 for col in step_options if col is not None}
            if q.type in SINGLE:
                rows.append(({**merged, total: -1.0}, 0, 0))
                continue
            rows.extend(({col: 1.0, total: -1.0}, -INF, 0) for col in merged)
            rows.append(({**merged, total: -1.0}, 0, INF))
            if q.max:
                rows.append(({**merged, total: -float(q.max)}, -INF, 0))
        return rows

    def _follow_up(
        self, q: Question, parent: Question, triggers: list[str], j: int, place: str
    ) -> None:
        tokens = [t for t in triggers if t in self.tokens[parent.id]]
        coefs = dict(self.answers(q.id, place, j))
        for t in tokens:
            for col, coef in self.answers(parent.id, place, j, t).items():
                coefs[col] = coefs.get(col, 0) - coef
        self.system.at_most(coefs, 0)
        if not j:
            return
        rows: list[tuple[dict[int, float], float, float]] = []
        for way in (CAME, WENT):
            child = self.part(q.id, j, place, way)
            if child is None:
                continue
            step = {child: 1.0}
            for t in tokens:
                trigger = self.part(parent.id, j, place, way, t)
                if trigger is not None:
                    step[trigger] = -1.0
            rows.append((step, -INF, 0))
        self._kept(rows, j)

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
                for col, coef in self.answers(fact.question, place, j, token).items():
                    coefs[col] = coefs.get(col, 0) + coef
        self.system.equal(coefs, fact.value)

    def fixed(self, group: Group, token: str, all_chose: bool) -> dict[int, float]:
        """A case: the group's true number of answers, and none or all of them on `token`."""
        fixed: dict[int, float] = {}
        for cell in group.cells:
            total = self.part(group.question, cell.step, cell.place, cell.way)
            column = self.part(group.question, cell.step, cell.place, cell.way, token)
            if total is None or column is None:
                continue
            answers = self.truth(group.question, cell.step, cell.place, way=cell.way)
            fixed[total] = answers
            fixed[column] = answers if all_chose else 0
        return fixed
