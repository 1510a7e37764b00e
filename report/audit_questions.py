"""The disclosure audit's attack on the questions' figures (see report/audit.py): one integer
linear system per question family and round, every case of a group below k, and the search for
the fewest extra figures to hide until every case holds."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Catalog, Kind, Question, QuestionType
from report.figures import Tally, key_tokens, summarise_question, tally
from report.gather import Answers, RoundData
from report.lp import INF, LinearSystem
from report.section import NO_LOCATION, InputSection, QuestionSummary
from report.walk import summaries

SINGLE = (QuestionType.LIKERT, QuestionType.YESNO, QuestionType.CHOICE)
CURRENT, PREVIOUS = "current", "previous"


@dataclass
class _State:
    """What the audit decided to hide on top of the model."""

    totals: set[str]
    locations: set[tuple[str, str]]
    previous: set[str]
    # (round, question) -> locations whose answers are left out of that question's figures
    excluded: dict[tuple[str, str], set[str]]

    def left_out(self, which: str, question_id: str) -> set[str]:
        return self.excluded.get((which, question_id), set())


@dataclass(frozen=True)
class _Case:
    round: str
    question: str
    places: tuple[str, ...]
    token: str
    all_chose: bool


class _Family:
    """A question with its follow-ups (and theirs): the unit the system is built for."""

    def __init__(self, audit: QuestionAudit, members: list[Question]) -> None:
        self.audit = audit
        self.members = members
        self.ids = {q.id for q in members}

    def tokens(self, question: Question, tallied: Tally | None) -> list[str]:
        tokens = [c.token for c in question.choices()]
        if tallied is not None:
            for values in tallied.values.values():
                tokens.extend(t for t in values if t not in tokens)
        return tokens

    def system(
        self, which: str
    ) -> tuple[LinearSystem, dict[tuple[str, str], int], dict[tuple[str, str, str], int]]:
        """Variables n[q, place] and c[q, place, token] of one round, with the structure of the
        questionnaire and every figure the model (minus what the state hides) publishes."""
        audit = self.audit
        tallies = audit.tallies[which]
        system = LinearSystem()
        n: dict[tuple[str, str], int] = {}
        c: dict[tuple[str, str, str], int] = {}
        for q in self.members:
            tallied = tallies.get(q.id)
            role = audit.role_of[q.id]
            places = set(audit.group_sizes[which].get(role, {}))
            if tallied is not None:
                places.update(tallied.respondents)
            for place in sorted(places):
                if audit.many[q.id]:
                    bound = INF  # a log: any number of contributions per person
                else:
                    bound = audit.group_sizes[which].get(role, {}).get(place, INF)
                n[q.id, place] = system.var(0, bound)
                if q.type is QuestionType.NUMBER:
                    continue
                for token in self.tokens(q, tallied):
                    c[q.id, place, token] = system.var(0, INF)
                options = {c[q.id, place, t]: 1.0 for t in self.tokens(q, tallied)}
                if q.type in SINGLE:
                    system.equal({**options, n[q.id, place]: -1.0}, 0)
                else:
                    for column in options:
                        system.at_most({column: 1.0, n[q.id, place]: -1.0}, 0)
                    system.at_least({**options, n[q.id, place]: -1.0}, 0)
        for q in self.members:  # follow-ups answer only after a triggering answer
            condition = q.show_if
            if condition is None or condition.question not in self.ids:
                continue
            for (qid, place), column in n.items():
                if qid != q.id:
                    continue
                triggers = {
                    c[condition.question, place, str(v)]: -1.0
                    for v in condition.values
                    if (condition.question, place, str(v)) in c
                }
                parent = self.audit.questions.get(condition.question)
                if parent is None or parent.type is QuestionType.NUMBER:
                    continue
                if (condition.question, place) in n:
                    system.at_most({column: 1.0, **triggers}, 0)
        self._facts(system, which, n, c)
        return system, n, c

    def _facts(
        self,
        system: LinearSystem,
        which: str,
        n: dict[tuple[str, str], int],
        c: dict[tuple[str, str, str], int],
    ) -> None:
        state = self.audit.state
        for q in self.members:
            s = self.audit.summaries.get(q.id)
            if s is None or s.n is None or q.id in state.totals:
                continue
            out = state.left_out(which, q.id)
            places = [p for (qid, p) in n if qid == q.id and p not in out]
            if which == CURRENT:
                system.equal({n[q.id, p]: 1.0 for p in places}, s.n)
                for option in s.options:
                    system.equal({c[q.id, p, option.token]: 1.0 for p in places}, option.count)
                for figure in s.locations:
                    where = figure.location
                    if figure.n is None or (q.id, where) in state.locations:
                        continue
                    system.equal({n[q.id, where]: 1.0}, figure.n)
                    if figure.key_percent is not None:
                        keyed = round(figure.key_percent * figure.n / 100)
                        tokens = key_tokens(q)
                        system.equal({c[q.id, where, t]: 1.0 for t in tokens}, keyed)
            else:
                previous = s.previous
                if previous is None or previous.n is None or q.id in state.previous:
                    continue
                system.equal({n[q.id, p]: 1.0 for p in places}, previous.n)
                for option in s.options:
                    if option.previous_percent is not None:
                        count = round(option.previous_percent * previous.n / 100)
                        system.equal({c[q.id, p, option.token]: 1.0 for p in places}, count)

    def cases(self, which: str) -> list[_Case]:
        """Every (group below k, option, none/all) of this family in one round. Groups are the
        locations with fewer than k people answering the question, and every union of them
        still below k (two locations of 2 are a group of 4)."""
        found = []
        k = self.audit.k
        for q in self.members:
            tallied = self.audit.tallies[which].get(q.id)
            if tallied is None or q.type is QuestionType.NUMBER:
                continue
            small = [p for p in sorted(tallied.respondents) if 0 < tallied.people_at(p) < k]
            groups = [
                combo
                for size in range(1, len(small) + 1)
                for combo in itertools.combinations(small, size)
                if sum(tallied.people_at(p) for p in combo) < k
            ]
            for group in groups:
                for token in self.tokens(q, tallied):
                    for all_chose in (False, True):
                        found.append(_Case(which, q.id, group, token, all_chose))
        return found

    def fixed(
        self,
        case: _Case,
        n: dict[tuple[str, str], int],
        c: dict[tuple[str, str, str], int],
    ) -> dict[int, float]:
        """The case as fixed variables: the group's true number of answers, and none or all of
        them on the option."""
        respondents = self.audit.tallies[case.round][case.question].respondents
        fixed: dict[int, float] = {}
        for place in case.places:
            answers = respondents[place]
            fixed[n[case.question, place]] = answers
            fixed[c[case.question, place, case.token]] = answers if case.all_chose else 0
        return fixed

    def failures(self, which: str) -> list[_Case]:
        cases = self.cases(which)
        if not cases:
            return []
        system, n, c = self.system(which)
        checker = system.checker()
        failed = [case for case in cases if not checker.feasible(self.fixed(case, n, c))]
        self.audit.checks += system.solves
        return failed

    def holds(self, case: _Case) -> bool:
        system, n, c = self.system(case.round)
        ok = system.checker().feasible(self.fixed(case, n, c))
        self.audit.checks += system.solves
        return ok

    def candidates(self, case: _Case) -> list[tuple[str, Any]]:
        """Figures that could be hidden to protect `case`, in the order the audit tries them."""
        audit, state = self.audit, self.audit.state
        shown = [
            q.id
            for q in self.members
            if q.id not in state.totals and audit.summaries.get(q.id, _EMPTY).n is not None
        ]
        if case.round == PREVIOUS:
            order = [case.question] + [q for q in shown if q != case.question]
            return [
                ("previous", qid)
                for qid in order
                if qid in shown
                and qid not in state.previous
                and (p := audit.summaries[qid].previous) is not None
                and p.n is not None
            ]
        result: list[tuple[str, Any]] = []
        for qid in [case.question] + [q for q in shown if q != case.question]:
            if qid not in shown:
                continue
            visible = sorted(
                (f.n, f.location)
                for f in audit.summaries[qid].locations
                if f.n is not None and (qid, f.location) not in state.locations
            )
            result.extend(("location", (qid, place)) for _, place in visible)
        depth = {q.id: self.depth(q) for q in self.members}
        below = [q for q in shown if depth[q] > depth[case.question]]
        result.extend(("total", qid) for qid in sorted(below, key=lambda q: -depth[q]))
        if case.question in shown:
            result.append(("total", case.question))
        result.extend(("total", qid) for qid in shown if qid not in below and qid != case.question)
        return result

    def depth(self, question: Question) -> int:
        parents = {q.id: q.show_if.question for q in self.members if q.show_if is not None}
        depth, current = 0, question.id
        while current in parents and depth < len(self.members):
            current, depth = parents[current], depth + 1
        return depth


_EMPTY = QuestionSummary("", "", "", QuestionType.INFO, None)


def _apply(state: _State, action: tuple[str, Any], undo: bool = False) -> None:
    kind, key = action
    target: set[Any]
    if kind == "total":
        target = state.totals
    elif kind == "location":
        target = state.locations
    else:
        target = state.previous
    if undo:
        target.discard(key)
    else:
        target.add(key)


class QuestionAudit:
    def __init__(self, section: InputSection, data: RoundData, catalog: Catalog) -> None:
        self.k = section.k
        self.catalog = catalog
        self.summaries = summaries(section)
        self.changed: set[str] = set()
        self.previous_name = data.previous_round.name if data.previous_round else None
        self.state = _State(set(), set(), set(), {})
        self.checks = 0
        self.small: set[tuple[str, str, tuple[str, ...]]] = set()
        questions = {q.id: (qn, q) for qn in catalog.questionnaires.values() for q in qn.questions}
        self.role_of = {qid: str(qn.role) for qid, (qn, _) in questions.items()}
        self.many = {qid: qn.kind is Kind.CONTRIBUTION for qid, (qn, _) in questions.items()}
        self.questions = {qid: q for qid, (_, q) in questions.items()}
        self.tallies: dict[str, dict[str, Tally]] = {
            CURRENT: _tallies(data.current),
            PREVIOUS: _tallies(data.previous) if data.previous else {},
        }
        self.group_sizes: dict[str, dict[str, dict[str, float]]] = {
            CURRENT: _sizes(data.current),
            PREVIOUS: _sizes(data.previous) if data.previous else {},
        }

    def families(self) -> list[_Family]:
        """Questions the model shows, grouped with their follow-ups."""
        root: dict[str, str] = {}

        def find(qid: str) -> str:
            seen = 0
            while (q := self.questions.get(qid)) is not None and q.show_if is not None:
                parent = q.show_if.question
                if parent not in self.questions or seen > len(self.questions):
                    break
                qid, seen = parent, seen + 1
            return qid

        groups: dict[str, list[Question]] = defaultdict(list)
        for qid in self.summaries:
            if qid in self.questions:
                root[qid] = find(qid)
        for qid, top in root.items():
            groups[top].append(self.questions[qid])
        for top, members in groups.items():  # the parent is part of the system even if hidden
            have = {q.id for q in members}
            for q in list(members):
                parent = q.show_if.question if q.show_if else None
                while parent and parent not in have and parent in self.questions:
                    members.append(self.questions[parent])
                    have.add(parent)
                    grand = self.questions[parent].show_if
                    parent = grand.question if grand else None
            if top not in have and top in self.questions:
                members.append(self.questions[top])
        return [_Family(self, members) for members in groups.values()]

    def run(self) -> None:
        for family in self.families():
            for which in (CURRENT, PREVIOUS):
                for case in family.cases(which):
                    self.small.add((which, case.question, case.places))
                self.protect(family, which)

    def protect(self, family: _Family, which: str) -> None:
        """Hide one figure at a time until every case of the family holds: the first figure
        whose hiding settles the failing case; when no single one does (an option nobody or
        everybody chose, say), leave the small groups' answers out of the family's figures."""
        while failed := family.failures(which):
            case = failed[0]
            options = family.candidates(case)
            cheap = [a for a in options if a[0] != "total"]
            costly = [a for a in options if a[0] == "total"]
            if self.settles(family, case, cheap):
                continue
            if self.leave_out_small_groups(family, which):
                continue
            if self.settles(family, case, costly):
                continue
            if not options:
                raise RuntimeError(f"the disclosure audit cannot protect {case}")
            _apply(self.state, options[0])

    def settles(self, family: _Family, case: _Case, actions: list[tuple[str, Any]]) -> bool:
        """Hide the first of `actions` that settles `case` on its own, if any."""
        for action in actions:
            _apply(self.state, action)
            if family.holds(case):
                return True
            _apply(self.state, action, undo=True)
        return False

    def leave_out_small_groups(self, family: _Family, which: str) -> bool:
        """Recompute the family's figures without the groups below k; False if done before."""
        if any((which, q.id) in self.state.excluded for q in family.members):
            return False
        for q in family.members:
            tallied = self.tallies[which].get(q.id)
            if tallied is None:
                continue
            small = {p for p in tallied.respondents if 0 < tallied.people_at(p) < self.k}
            self.state.excluded[which, q.id] = small
            if q.id in self.summaries:
                self.summaries[q.id] = self.summarise(q)
                self.changed.add(q.id)
        return True

    def summarise(self, question: Question) -> QuestionSummary:
        def without(which: str) -> Tally | None:
            tallied = self.tallies[which].get(question.id)
            out = self.state.left_out(which, question.id)
            if tallied is None or not out:
                return tallied
            keep = [p for p in tallied.respondents if p not in out]
            return Tally(
                {p: tallied.respondents[p] for p in keep},
                {p: dict(tallied.values.get(p, {})) for p in keep},
                {p: tallied.people_at(p) for p in keep},
            )

        return summarise_question(
            question,
            self.summaries[question.id].role,
            without(CURRENT),
            without(PREVIOUS) if self.previous_name else None,
            self.previous_name,
            self.k,
        )


def _tallies(answers: Answers) -> dict[str, Tally]:
    return tally(answers.counts, answers.respondents, answers.people)


def _sizes(answers: Answers) -> dict[str, dict[str, float]]:
    sizes: dict[str, dict[str, float]] = defaultdict(dict)
    for group in answers.groups:
        sizes[group.role][group.location or NO_LOCATION] = group.people
    return sizes
