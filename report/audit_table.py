"""The integer linear system of the peer experts' contributions table over time (see
report/audit.py and report/audit_contributions.py).

The table is seen at several moments: each earlier output in the publication ledger that
showed it, and now. Every cell (the total, and per kind, pillar, partner and location) has one
unknown per step: the contributions (and the people they reached) logged up to the first moment,
then those logged between each moment and the next. A figure published at moment j is the sum
of a cell's steps up to j. Each contribution has one kind, one pillar and one location, so those
breakdowns add up to the total in every step; a contribution with several partners counts in
each of them, never more often than the total. A cell with contributions (shown or not) has at
least one per peer expert behind it (an attacker may know how many logged there), one without
none.

A group is the peer experts behind one cell over a stretch of time: up to a moment (as the
table counts them) or between two moments (the contributions logged in between, counted by the
database). Below k (or unknown: contributions taken away, as by an erasure, have nobody the
database still knows), that stretch's contributions and people reached must not be computable:
the figures must allow another value than the true one. What those who went had logged is
safe with that: the test attacker attacks it on its own (tests/report/test_table_erasure.py).
Rules the truth does not keep (a cell that shrank) are left out, so the system always admits
the truth.

A group can also be the peer experts behind several cells of one breakdown together: the
report's "overige" row is the total minus the rows shown, so the hidden rows of a moment
(`rest_cells`) add up to a published figure, and the hidden rows of two moments together add
up to one over the stretch between them. Such a set is a group of its own (`table_groups`'s
`sets`) with its distinct peer experts (`Contributors`), over every stretch whose two ends
each say its sum (`settled`: a figure of one moment is about that moment only, so a sum over
a stretch comes from its two ends). The "overige" row needs no figure of its own in the
ledger: the total and the rows shown say it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from report.ledger import TableFigure
from report.lp import INF, LinearSystem
from storage.counts import ContributionCells, ContributionCount

ADDS_UP = ("kind", "pillar", "location")  # each contribution in exactly one cell
TOTAL = ("total", "")
Cell = tuple[str, str]  # (dimension, key)
Span = tuple[int, int]  # (since, upto): the steps after moment `since` up to moment `upto`


@dataclass
class TableMoment:
    """The table at one moment: its counts and the figures published then (now: those the
    audited output would publish)."""

    taken_at: str  # '' for now
    counts: dict[Cell, ContributionCount]
    facts: list[TableFigure] = field(default_factory=list)


def cells_of(rows: Iterable[ContributionCount]) -> dict[Cell, ContributionCount]:
    return {(r.dimension, r.key): r for r in rows}


@dataclass(frozen=True)
class TableGroup:
    """The peer experts behind some cells' contributions (one cell, or several of one
    breakdown together) in a stretch of time."""

    cells: tuple[Cell, ...]
    span: Span
    people: int


class Contributors:
    """Who logged which contribution when: the distinct peer experts behind several cells
    together over a stretch of time. Without them (`rows` empty: a round made by hand) it
    counts no more people than the largest of the cells has, which is never too many."""

    def __init__(self, rows: Sequence[ContributionCells]) -> None:
        self.rows = rows
        self._stretches: dict[tuple[str, str | None], dict[Cell, set[int]]] = {}

    def people(
        self,
        cells: Iterable[Cell],
        after: str,
        upto: str | None,
        counts: Mapping[Cell, ContributionCount],
    ) -> int:
        """The peer experts behind `cells` logged after `after` up to `upto` (None: now);
        `counts` is that stretch's table, for the fallback."""
        if not self.rows:
            return max((counts[c].people for c in cells if c in counts), default=0)
        found: set[int] = set()
        by_cell = self._stretch(after, upto)
        for cell in cells:
            found |= by_cell.get(cell, set())
        return len(found)

    def _stretch(self, after: str, upto: str | None) -> dict[Cell, set[int]]:
        if (after, upto) not in self._stretches:
            by_cell: dict[Cell, set[int]] = {}
            for row in self.rows:
                if row.person is None or row.created_at <= after:
                    continue
                if upto is None or row.created_at <= upto:
                    for cell in row.cells:
                        by_cell.setdefault(cell, set()).add(row.person)
            self._stretches[after, upto] = by_cell
        return self._stretches[after, upto]


def rest_cells(moment: TableMoment, dimensions: Iterable[str]) -> list[tuple[Cell, ...]]:
    """Per breakdown that adds up to the total, the cells a moment's figures leave out (they
    add up to its "overige" row), when its total is published."""
    shown = {(f.dimension, f.key) for f in moment.facts}
    if TOTAL not in shown:
        return []
    found = []
    for dimension in dimensions:
        rest = tuple(sorted(c for c in moment.counts if c[0] == dimension and c not in shown))
        if rest:
            found.append(rest)
    return found


def settled(cells: Sequence[Cell], moment: TableMoment) -> bool:
    """Whether a moment's figures say the sum of several cells of one breakdown (that adds
    up): every hidden cell of the breakdown is in it or none is (the total minus the cells
    shown is the hidden ones' sum). With its total hidden, only cells shown say anything."""
    shown = {(f.dimension, f.key) for f in moment.facts}
    hidden = {c for c in moment.counts if c[0] == cells[0][0] and c not in shown}
    inside = hidden.intersection(cells)
    return not inside or (TOTAL in shown and inside == hidden)


def table_groups(
    moments: Sequence[TableMoment],
    between: Mapping[tuple[str, str | None], Sequence[ContributionCount]],
    k: int,
    sets: Iterable[tuple[Cell, ...]] = (),
    contributors: Contributors | None = None,
) -> list[TableGroup]:
    """Every group below k (see the module's text): a cell up to one moment, and the
    contributions logged in it between two moments; and each set of `sets` over a stretch
    whose ends both say its sum (`settled`: no other sum of figures gives a set's
    contributions)."""
    contributors = contributors or Contributors(())
    last = len(moments) - 1
    singles = sorted({(cell,) for moment in moments for cell in moment.counts})
    several = [s for s in dict.fromkeys(sets) if len(s) > 1]
    says = {(s, j): settled(s, moment) for s in several for j, moment in enumerate(moments)}

    def end(j: int) -> str | None:
        return None if j == last else moments[j].taken_at

    found = []
    for upto, moment in enumerate(moments):
        for cells in [*singles, *(s for s in several if says[s, upto])]:
            if not any(c in moment.counts for c in cells):
                continue
            if len(cells) == 1:
                people = moment.counts[cells[0]].people
            else:
                people = contributors.people(cells, "", end(upto), moment.counts)
            if people < k:
                found.append(TableGroup(cells, (-1, upto), people))
    for since in range(last):
        for upto in range(since + 1, last + 1):
            late = cells_of(between.get((moments[since].taken_at, end(upto)), ()))
            both = [s for s in several if says[s, since] and says[s, upto]]
            for cells in [*singles, *both]:
                if len(cells) == 1:
                    people = late[cells[0]].people if cells[0] in late else 0
                else:
                    people = contributors.people(cells, moments[since].taken_at, end(upto), late)
                changed = any(
                    _n(moments[upto], c) != _n(moments[since], c) or c in late for c in cells
                )
                if people < k and (people or changed):
                    found.append(TableGroup(cells, (since, upto), people))
    return found


def _n(moment: TableMoment, cell: Cell) -> int:
    row = moment.counts.get(cell)
    return row.n if row else 0


class TableSystem:
    """Unknowns n[step, cell] and reached[step, cell], the table's rules and every figure."""

    def __init__(self, moments: Sequence[TableMoment]) -> None:
        self.moments = moments
        self.system = LinearSystem()
        cells = {cell for moment in moments for cell in moment.counts} | {TOTAL}
        self.cells = sorted(cells)
        self.n: dict[tuple[int, Cell], int] = {}
        self.reached: dict[tuple[int, Cell], int] = {}
        for step in range(len(moments)):
            for cell in self.cells:
                low_n, low_reached = (min(0, v) for v in self.truth(cell, (step - 1, step)))
                self.n[step, cell] = self.system.var(low_n, INF)
                self.reached[step, cell] = self.system.var(low_reached, INF)
        for step in range(len(moments)):
            self._rules(step)
        for upto, moment in enumerate(moments):
            for cell in self.cells:
                shown = self.sum(self.n, cell, (-1, upto))
                if cell in moment.counts:  # each peer expert behind it logged one at least
                    self.system.at_least(shown, max(1, moment.counts[cell].people))
                elif cell != TOTAL:
                    self.system.equal(shown, 0)
            for fact in moment.facts:
                cell = (fact.dimension, fact.key)
                if cell not in cells:
                    continue
                self.system.equal(self.sum(self.n, cell, (-1, upto)), fact.n)
                if fact.people_reached is not None:
                    self.system.equal(self.sum(self.reached, cell, (-1, upto)), fact.people_reached)
        self.checker = self.system.checker()

    def truth(self, cell: Cell, span: Span) -> tuple[int, int]:
        """The contributions and people reached logged in one cell over a span (net of any
        taken away)."""
        since, upto = span

        def at(j: int) -> tuple[int, int]:
            row = self.moments[j].counts.get(cell) if j >= 0 else None
            return (row.n, row.people_reached or 0) if row else (0, 0)

        (n1, r1), (n0, r0) = at(upto), at(since)
        return n1 - n0, r1 - r0

    def sum(self, columns: dict[tuple[int, Cell], int], cell: Cell, span: Span) -> dict[int, float]:
        since, upto = span
        return {columns[s, cell]: 1.0 for s in range(since + 1, upto + 1)}

    def _rules(self, step: int) -> None:
        span = (step - 1, step)
        for columns, which in ((self.n, 0), (self.reached, 1)):
            total = {columns[step, TOTAL]: -1.0}
            for dimension in ADDS_UP:
                parts = [c for c in self.cells if c[0] == dimension]
                if parts:
                    self.system.equal({**{columns[step, c]: 1.0 for c in parts}, **total}, 0)
            for cell in self.cells:
                if (
                    cell[0] == "with_whom"
                    and self.truth(cell, span)[which] <= self.truth(TOTAL, span)[which]
                ):
                    self.system.at_most({columns[step, cell]: 1.0, **total}, 0)

    def computable(self, group: TableGroup) -> bool:
        """Whether the figures allow only the true contributions (or people reached) of the
        group's cells together over its span."""
        truths = [self.truth(cell, group.span) for cell in group.cells]
        n, reached = sum(t[0] for t in truths), sum(t[1] for t in truths)
        if self._pinned(self._sums(self.n, group), n):
            return True
        rows = [self.moments[group.span[1]].counts.get(cell) for cell in group.cells]
        if all(row is None or row.people_reached is None for row in rows):
            return False  # nothing recorded to give away
        return self._pinned(self._sums(self.reached, group), reached)

    def _sums(self, columns: dict[tuple[int, Cell], int], group: TableGroup) -> dict[int, float]:
        found: dict[int, float] = {}
        for cell in group.cells:
            if cell in self.cells:
                found.update(self.sum(columns, cell, group.span))
        return found

    def _pinned(self, coefs: dict[int, float], value: int) -> bool:
        if len(coefs) == 1:
            (column,) = coefs
            return not (
                self.checker.within({column: (-INF, value - 1)})
                or self.checker.within({column: (value + 1, INF)})
            )
        probe = LinearSystem(list(self.system.lower), list(self.system.upper))
        probe.rows = list(self.system.rows)
        z = probe.var(-INF, INF)
        probe.equal({**coefs, z: -1.0}, 0)
        checker = probe.checker()
        pinned = not (
            checker.within({z: (-INF, value - 1)}) or checker.within({z: (value + 1, INF)})
        )
        self.system.solves += probe.solves
        return pinned
