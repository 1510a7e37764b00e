"""The disclosure audit: attack the report before anyone sees it, and hide more until it holds.

Runs after the report model (`InputSection`) is built and before any renderer: every renderer
(Markdown, HTML, Word, the ART part on its own, the public export) shows only figures of the
audited model.

The attacker knows every figure the model publishes (question totals and option counts, the
figures per location, the previous round's figures for the trend, the follow-up questions with
their own counts) and the size of every group (how many people of each role at each location
took part). Each question's answers per location are unknown integer counts, tied together as
the questionnaire ties them: a person gives one answer to a single-choice question, at least one
option of a multiple-choice one, and answers a follow-up only after a triggering answer to its
parent question (so a follow-up's respondents at a location are at most the parent's triggering
answers there). All of this is one integer linear system per question family and round.

The rule, for every group below k (the people at one location who answered a question, when
there are fewer than k of them) and every answer option: the published figures must stay
consistent with both "none of them chose it" and "all of them chose it". HiGHS decides each case
exactly. When a case fails, the audit hides one more figure (first another location's figure,
then a follow-up's or the trend's, and only then the question) and asks again, until every case
holds.

The peer experts' contributions table is audited the same way on its own breakdowns: a hidden
cell (fewer than k peer experts) must not be computable from the total and the other cells.
Quotes from a role with fewer than k people taking part are withheld. The verantwoording shows
only how many people took part per role: group sizes the attacker is assumed to know already.
Numeric answers are published as a mean and median over all respondents only, never per
location, and are not modelled further.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from questionnaires.model import Catalog, Kind, Question, QuestionType
from report.aggregate import (
    NO_LOCATION,
    Comparison,
    CountFigure,
    InputSection,
    LocationFigure,
    PeerExpertSummary,
    QuestionSummary,
    RoleInput,
    _Tally,
    key_tokens,
    summarise_question,
    tally,
)
from report.gather import Answers, RoundData
from report.lp import INF, LinearSystem
from storage.counts import ContributionCount

SINGLE = (QuestionType.LIKERT, QuestionType.YESNO, QuestionType.CHOICE)
CURRENT, PREVIOUS = "current", "previous"


@dataclass(frozen=True)
class AuditResult:
    """What the audit did, for the operator (`summary`) and the reader (`sentence`)."""

    k: int
    small_groups: int  # groups below k whose answers were attacked
    checks: int  # integer feasibility problems solved
    primary: int  # figures hidden because they rest on fewer than k people
    extra: int  # figures hidden so the hidden ones cannot be worked out
    quotes_withheld: int  # approved quotes of a role with fewer than k people
    left_out: int = 0  # questions whose figures leave out the answers of groups below k

    @property
    def hidden(self) -> int:
        return self.primary + self.extra

    def summary(self) -> str:
        return (
            f"Disclosure audit: {self.small_groups} groups below k={self.k} attacked with "
            f"{self.checks} feasibility checks (integer, HiGHS); {self.primary} figures hidden "
            f"(fewer than {self.k} people), {self.extra} more hidden to protect them, "
            f"{self.left_out} questions counted without their groups below k, "
            f"{self.quotes_withheld} quotes withheld; no group below k can be worked out."
        )

    def sentence(self) -> str:
        """One sentence for the report: what was hidden and why, never which group."""
        k = self.k
        if self.hidden == 0 and self.quotes_withheld == 0 and self.left_out == 0:
            return f"Elk cijfer in dit verslag rust op minstens {k} mensen."
        parts = [f"tonen we {self.primary} cijfers niet omdat ze op minder dan {k} mensen rusten"]
        if self.extra:
            parts.append(
                f"{self.extra} cijfers niet omdat je er een verborgen cijfer mee zou kunnen "
                "uitrekenen"
            )
        if self.left_out:
            parts.append(
                f"tellen bij {self.left_out} vragen de antwoorden van groepen van minder dan {k} "
                "mensen niet mee in de cijfers"
            )
        if self.quotes_withheld:
            parts.append(f"laten we {self.quotes_withheld} citaten uit een te kleine groep weg")
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        return (
            f"Om niemand herkenbaar te maken {listed}; een computer heeft nagerekend dat niemand "
            f"uit de getoonde cijfers iets kan afleiden over een groep van minder dan {k} mensen."
        )


@dataclass(frozen=True)
class Protected:
    section: InputSection
    result: AuditResult
    # (round 'current'/'previous', question id) -> locations left out of its figures; never
    # published (tests hand it to their attacker, who is assumed to know it)
    left_out: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


# Walking the model -----------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[Any]:
    """Every dataclass instance in the model, depth first."""
    if is_dataclass(node) and not isinstance(node, type):
        yield node
        for f in fields(node):
            yield from _walk(getattr(node, f.name))
    elif isinstance(node, tuple | list):
        for child in node:
            yield from _walk(child)


def _rebuild(node: Any, change: Callable[[Any], Any]) -> Any:
    """The model with `change` applied to every dataclass instance, children first."""
    if is_dataclass(node) and not isinstance(node, type):
        updates = {}
        for f in fields(node):
            if not f.init:
                continue
            value = getattr(node, f.name)
            rebuilt = _rebuild(value, change)
            if rebuilt is not value:
                updates[f.name] = rebuilt
        node = replace(node, **updates) if updates else node
        return change(node)
    if isinstance(node, tuple):
        children = tuple(_rebuild(child, change) for child in node)
        return children if any(a is not b for a, b in zip(children, node, strict=True)) else node
    return node


def summaries(section: InputSection) -> dict[str, QuestionSummary]:
    """Each closed question the model shows, once (the ART part repeats some)."""
    found: dict[str, QuestionSummary] = {}
    for node in _walk(section):
        if isinstance(node, QuestionSummary):
            found.setdefault(node.question_id, node)
    return found


# The linear system of one question family --------------------------------------------------------


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

    def __init__(self, audit: _Audit, members: list[Question]) -> None:
        self.audit = audit
        self.members = members
        self.ids = {q.id for q in members}

    def tokens(self, question: Question, tallied: _Tally | None) -> list[str]:
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


class _Audit:
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
        self.tallies: dict[str, dict[str, _Tally]] = {
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
        def without(which: str) -> _Tally | None:
            tallied = self.tallies[which].get(question.id)
            out = self.state.left_out(which, question.id)
            if tallied is None or not out:
                return tallied
            keep = [p for p in tallied.respondents if p not in out]
            return _Tally(
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


def _tallies(answers: Answers) -> dict[str, _Tally]:
    return tally(answers.counts, answers.respondents, answers.people)


def _sizes(answers: Answers) -> dict[str, dict[str, float]]:
    sizes: dict[str, dict[str, float]] = defaultdict(dict)
    for group in answers.groups:
        sizes[group.role][group.location or NO_LOCATION] = group.people
    return sizes


# The contributions table ---------------------------------------------------------------------


def _protect_counts(
    figures: tuple[CountFigure, ...],
    rows: list[ContributionCount],
    total: CountFigure | None,
    adds_up: bool,
    k: int,
) -> tuple[tuple[CountFigure, ...], int]:
    """Hide more cells of one breakdown until no hidden cell (fewer than k peer experts) can be
    computed from the total and the cells shown. Returns the cells and the solves it took."""
    cells = list(figures)
    solves = 0
    if not adds_up or total is None or total.n is None:
        return tuple(cells), 0
    while True:
        system = LinearSystem()
        columns = []
        reach = []
        for cell, row in zip(cells, rows, strict=True):
            if cell.n is None:
                columns.append(system.var(1, INF))  # the row is shown, so it has one or more
                reach.append(system.var(0, INF))
            else:
                columns.append(system.var(cell.n, cell.n))
                reach.append(system.var(cell.people_reached or 0, cell.people_reached or 0))
                if row.people_reached is None:
                    system.upper[reach[-1]] = INF
        system.equal(dict.fromkeys(columns, 1.0), total.n)
        if total.people_reached is not None:
            system.equal(dict.fromkeys(reach, 1.0), total.people_reached)
        pinned = False
        for index, (cell, row) in enumerate(zip(cells, rows, strict=True)):
            if cell.n is not None or row.people >= k:
                continue
            low, high = system.range_of(columns[index])
            reach_low, reach_high = system.range_of(reach[index])
            if low == high or (row.people_reached and reach_low == reach_high):
                pinned = True
                break
        solves += system.solves
        if not pinned:
            return tuple(cells), solves
        visible = [i for i, cell in enumerate(cells) if cell.n is not None]
        if not visible:
            return tuple(cells), solves
        smallest = min(visible, key=lambda i: (cells[i].n or 0, i))
        cells[smallest] = replace(cells[smallest], n=None, people_reached=None)


def _dimension_rows(rows: Iterable[ContributionCount], dimension: str) -> list[ContributionCount]:
    """The rows of one breakdown in the order `report.aggregate.count_figures` shows them."""
    return sorted((r for r in rows if r.dimension == dimension), key=lambda r: (-r.n, r.key))


def _protect_peer_experts(
    pe: PeerExpertSummary, data: RoundData, k: int
) -> tuple[PeerExpertSummary, int, int]:
    """The contributions table with cells hidden to protect the hidden ones; returns it with
    the number of cells hidden for that and the solves it took."""
    solves = extra = 0
    changes: dict[str, tuple[CountFigure, ...]] = {}
    for name, dimension, adds_up in (
        ("by_kind", "kind", True),
        ("by_pillar", "pillar", True),
        ("by_location", "location", True),
        ("by_partner", "with_whom", False),
    ):
        figures = getattr(pe, name)
        rows = _dimension_rows(data.contributions, dimension)
        if len(rows) != len(figures):
            raise RuntimeError(f"contributions breakdown {name} does not match its rows")
        cells, used = _protect_counts(figures, rows, pe.table_total, adds_up, k)
        changes[name] = cells
        solves += used
        extra += sum(a.n is not None and b.n is None for a, b in zip(figures, cells, strict=True))
    return replace(pe, **changes), extra, solves  # type: ignore[arg-type]


# Putting it together -------------------------------------------------------------------------


def _figures(section: InputSection) -> tuple[int, int]:
    """(figures hidden, figures hidden only to protect others) in the model, each counted once
    although the ART part repeats some questions."""
    hidden = protecting = 0
    for q in summaries(section).values():
        hidden += q.n is None
        hidden += q.previous is not None and q.previous.n is None
        for f in q.locations:
            hidden += f.n is None
            protecting += f.protects_other
    for role in section.verantwoording.roles:
        hidden += (role.started is None) + (role.completed is None)
    pe = section.peer_experts
    hidden += (pe.log_contributions is None) + (pe.log_people is None)
    cells = (pe.table_total,) if pe.table_total else ()
    for cell in (*cells, *pe.by_kind, *pe.by_pillar, *pe.by_partner, *pe.by_location):
        hidden += cell.n is None
    return hidden, protecting


def protect(section: InputSection, data: RoundData, catalog: Catalog) -> Protected:
    """Attack the section's figures and hide more until no group below k can be worked out."""
    k = section.k
    before_hidden, before_protecting = _figures(section)
    audit = _Audit(section, data, catalog)
    audit.run()
    state = audit.state

    def hide(node: Any) -> Any:
        if isinstance(node, QuestionSummary):
            if node.question_id in audit.changed:
                node = audit.summaries[node.question_id]
            if node.question_id in state.totals and node.n is not None:
                return replace(
                    node,
                    n=None,
                    options=(),
                    key_percent=None,
                    mean=None,
                    median=None,
                    previous=None,
                    locations=(),
                )
            if node.question_id in state.previous and node.previous is not None:
                node = replace(
                    node,
                    previous=Comparison(node.previous.round_name, None, None),
                    options=tuple(replace(o, previous_percent=None) for o in node.options),
                )
            if any((node.question_id, f.location) in state.locations for f in node.locations):
                node = replace(
                    node,
                    locations=tuple(
                        LocationFigure(f.location, None, None, protects_other=True)
                        if (node.question_id, f.location) in state.locations
                        else f
                        for f in node.locations
                    ),
                )
        return node

    audited: InputSection = _rebuild(section, hide)
    pe, count_extra, count_solves = _protect_peer_experts(audited.peer_experts, data, k)
    audited = replace(audited, peer_experts=pe)
    audited, withheld = _withhold_quotes(audited, data, k)
    _, after_protecting = _figures(audited)
    primary = before_hidden - before_protecting
    extra = after_protecting + len(state.totals) + len(state.previous) + count_extra
    left_out = len({qid for (_, qid), places in state.excluded.items() if places})
    result = AuditResult(
        k=k,
        small_groups=len(audit.small),
        checks=audit.checks + count_solves,
        primary=primary,
        extra=extra,
        quotes_withheld=withheld,
        left_out=left_out,
    )
    return Protected(
        replace(audited, audit_note=result.sentence(), audit_summary=result.summary()),
        result,
        {key: frozenset(places) for key, places in state.excluded.items() if places},
    )


def _withhold_quotes(section: InputSection, data: RoundData, k: int) -> tuple[InputSection, int]:
    """Quotes of a role with fewer than k people taking part never reach the report."""
    people: dict[str, int] = defaultdict(int)
    for group in data.current.groups:
        people[group.role] += group.people
    withheld: set[tuple[str, str, str]] = set()

    def drop(node: Any) -> Any:
        if isinstance(node, RoleInput) and node.quotes and people[node.role] < k:
            withheld.update((node.role, q.question_text, q.text) for q in node.quotes)
            return replace(node, quotes=())
        return node

    section = _rebuild(section, drop)
    pe = section.peer_experts
    if pe.log_quotes and people["ervaringsdeskundige"] < k:
        withheld.update(("log", q.question_text, q.text) for q in pe.log_quotes)
        section = replace(section, peer_experts=replace(pe, log_quotes=()))
    return section, len(withheld)
