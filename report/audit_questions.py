"""The disclosure audit's attack on the questions' figures (see report/audit.py): one integer
linear system per question family and round (over every moment the publication ledger knows,
report/audit_system.py), every case of a group below k, and the search for the fewest extra
figures to hide until every case holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Catalog, Kind, Question, QuestionType
from report.audit_moments import Group, Moment, moments_of, sizes_of, small_groups, tallies_of
from report.audit_system import FamilySystem
from report.figures import Tally, summarise_question
from report.gather import RoundData
from report.ledger import CURRENT, PREVIOUS, Fact, Published, question_facts
from report.section import InputSection, QuestionSummary
from report.walk import summaries


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
    group: Group
    token: str
    all_chose: bool


class _Family:
    """A question with its follow-ups (and theirs): the unit the system is built for."""

    def __init__(self, audit: QuestionAudit, members: list[Question]) -> None:
        self.audit = audit
        self.members = members
        self.ids = {q.id for q in members}
        self.bases: dict[str, FamilySystem] = {}

    def tokens(self, question: Question, which: str) -> list[str]:
        tokens = [c.token for c in question.choices()]
        for moment in self.audit.moments[which]:
            tallied = moment.tallies.get(question.id)
            for values in tallied.values.values() if tallied is not None else ():
                tokens.extend(t for t in values if t not in tokens)
        return tokens

    def system(self, which: str) -> FamilySystem:
        """The family's system over every moment of the round, with every figure published
        before and every figure the model (minus what the state hides) publishes now."""
        audit = self.audit
        moments = audit.moments[which]
        base = self.bases.get(which)
        if base is None:  # the questionnaire's rules and the earlier figures never change
            base = FamilySystem(
                self.members,
                moments,
                audit.role_of,
                audit.many,
                {q.id: self.tokens(q, which) for q in self.members},
            )
            for j, moment in enumerate(moments):
                for fact in moment.facts:
                    if fact.question in self.ids:
                        base.fact(j, fact)
            self.bases[which] = base
        built = base.copy()
        for fact in self.facts_now(which):
            built.fact(len(moments) - 1, fact)
        return built

    def facts_now(self, which: str) -> list[Fact]:
        state = self.audit.state
        found: list[Fact] = []
        for q in self.members:
            s = self.audit.summaries.get(q.id)
            if s is None:
                continue
            found.extend(
                question_facts(
                    s,
                    which,
                    state.left_out(which, q.id),
                    total_hidden=q.id in state.totals,
                    hidden_places={p for (qid, p) in state.locations if qid == q.id},
                    previous_hidden=q.id in state.previous,
                )
            )
        return found

    def cases(self, which: str) -> list[_Case]:
        """Every (group below k, option, none/all) of this family in one round: see
        `small_groups` for the groups."""
        found = []
        moments = self.audit.moments[which]
        for q in self.members:
            if q.type is QuestionType.NUMBER:
                continue
            if all(q.id not in moment.tallies for moment in moments):
                continue
            for group in small_groups(q.id, moments, self.audit.k):
                for token in self.tokens(q, which):
                    for all_chose in (False, True):
                        found.append(_Case(which, q.id, group, token, all_chose))
        return found

    def failures(self, which: str, among: list[_Case] | None = None) -> list[_Case]:
        """The cases (of `among`, or all) that do not hold."""
        cases = self.cases(which) if among is None else among
        if not cases:
            return []
        built = self.system(which)
        checker = built.system.checker()
        failed = [
            case
            for case in cases
            if not checker.feasible(built.fixed(case.group, case.token, case.all_chose))
        ]
        self.audit.checks += built.system.solves
        return failed

    def holds(self, case: _Case) -> bool:
        built = self.system(case.round)
        ok = built.system.checker().feasible(built.fixed(case.group, case.token, case.all_chose))
        self.audit.checks += built.system.solves
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
    def __init__(
        self,
        section: InputSection,
        data: RoundData,
        catalog: Catalog,
        history: Mapping[str, Sequence[Published]] | None = None,
    ) -> None:
        self.k = section.k
        self.catalog = catalog
        self.summaries = summaries(section)
        self.changed: set[str] = set()
        self.previous_name = data.previous_round.name if data.previous_round else None
        self.state = _State(set(), set(), set(), {})
        self.checks = 0
        self.small: set[tuple[str, Group]] = set()
        questions = {q.id: (qn, q) for qn in catalog.questionnaires.values() for q in qn.questions}
        self.role_of = {qid: str(qn.role) for qid, (qn, _) in questions.items()}
        self.many = {qid: qn.kind is Kind.CONTRIBUTION for qid, (qn, _) in questions.items()}
        self.questions = {qid: q for qid, (_, q) in questions.items()}
        self.tallies: dict[str, dict[str, Tally]] = {
            CURRENT: tallies_of(data.current),
            PREVIOUS: tallies_of(data.previous) if data.previous else {},
        }
        self.group_sizes: dict[str, dict[str, dict[str, float]]] = {
            CURRENT: sizes_of(data.current),
            PREVIOUS: sizes_of(data.previous) if data.previous else {},
        }
        history = history or {}
        self.moments: dict[str, list[Moment]] = {
            CURRENT: moments_of(
                Moment(self.tallies[CURRENT], self.group_sizes[CURRENT]),
                data.current,
                history.get(CURRENT, ()),
                data.kept,
            ),
            PREVIOUS: moments_of(
                Moment(self.tallies[PREVIOUS], self.group_sizes[PREVIOUS]),
                data.previous,
                history.get(PREVIOUS, ()),
                data.kept_previous,
            ),
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
                    self.small.add((which, case.group))
                self.protect(family, which)

    def protect(self, family: _Family, which: str) -> None:
        """Hide one figure at a time until every case of the family holds: the first figure
        whose hiding settles the failing case; when no single one does (an option nobody or
        everybody chose, say), leave the small groups' answers out of the family's figures.
        Hiding a figure only takes a fact away, so a case that held still holds: only the
        failing ones are asked again (leaving answers out changes figures: then all are)."""
        failed = family.failures(which)
        while failed:
            case = failed[0]
            options = family.candidates(case)
            cheap = [a for a in options if a[0] != "total"]
            costly = [a for a in options if a[0] == "total"]
            if self.settles(family, case, cheap) or self.settle_together(family, case, cheap):
                failed = family.failures(which, failed[1:])
                continue
            if self.leave_out_small_groups(family, which):
                failed = family.failures(which)
                continue
            if self.settles(family, case, costly):
                failed = family.failures(which, failed[1:])
                continue
            if not options:
                # Nothing this output still shows settles it: what was published before decides
                # it (after an answer was erased in between, say). Then this output shows nothing
                # of the family, so it adds nothing to what is out.
                for member in family.members:
                    _apply(self.state, ("total", member.id))
                return
            _apply(self.state, options[0])
            failed = family.failures(which, failed)

    def settles(self, family: _Family, case: _Case, actions: list[tuple[str, Any]]) -> bool:
        """Hide the first of `actions` that settles `case` on its own, if any."""
        for action in actions:
            _apply(self.state, action)
            if family.holds(case):
                return True
            _apply(self.state, action, undo=True)
        return False

    def settle_together(self, family: _Family, case: _Case, actions: list[tuple[str, Any]]) -> bool:
        """Hide `actions` one after the other until `case` holds (two locations' figures, say,
        where one alone would still tell the difference); nothing if even all do not."""
        done = []
        for action in actions:
            _apply(self.state, action)
            done.append(action)
            if len(done) > 1 and family.holds(case):
                return True
        for action in done:
            _apply(self.state, action, undo=True)
        return False

    def leave_out_small_groups(self, family: _Family, which: str) -> bool:
        """Recompute the family's figures without the groups below k; False if done before."""
        if any((which, q.id) in self.state.excluded for q in family.members):
            return False
        left_out = False
        for q in family.members:
            tallied = self.tallies[which].get(q.id)
            small = set()
            if tallied is not None:  # none now: everyone who answered it before erased it
                small = {p for p in tallied.respondents if 0 < tallied.people_at(p) < self.k}
            self.state.excluded[which, q.id] = small
            if small and q.id in self.summaries:
                self.summaries[q.id] = self.summarise(q)
                self.changed.add(q.id)
                left_out = True
        return left_out

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
