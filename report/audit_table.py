"""The integer linear system of the peer experts' contributions table over time (see
report/audit.py and report/audit_contributions.py).

The table is seen at several moments: each earlier output in the publication ledger that
showed it, and now. Every cell (the total, and per kind, pillar, partner and location) has one
unknown per step: the contributions (and the people they reached) logged up to the first moment,
then those logged between each moment and the next. A figure published at moment j is the sum
of a cell's steps up to j. Each contribution has one kind, one pillar and one location, so those
breakdowns add up to the total in every step; a contribution with several partners counts in
each of them, never more often than the total. A row shown (even without its number) has at
least one contribution, a row missing none.

A group is the peer experts behind one cell over a stretch of time: up to a moment (as the
table counts them) or between two moments (the contributions logged in between, counted by the
database). Below k (or unknown: contributions taken away, as by an erasure, have nobody the
database still knows), that stretch's contributions and people reached must not be computable:
the figures must allow another value than the true one. Rules the truth does not keep (a cell
that shrank) are left out, so the system always admits the truth.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from report.ledger import TableFigure
from report.lp import INF, LinearSystem
from storage.counts import ContributionCount

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
    """The peer experts behind one cell's contributions in a stretch of time."""

    cell: Cell
    span: Span
    people: int


def table_groups(
    moments: Sequence[TableMoment],
    between: Mapping[tuple[str, str | None], Sequence[ContributionCount]],
    k: int,
) -> list[TableGroup]:
    """Every group below k (see the module's text): a cell up to one moment, and the
    contributions logged in it between two moments."""
    found = []
    last = len(moments) - 1
    for upto, moment in enumerate(moments):
        for cell, row in moment.counts.items():
            if row.people < k:
                found.append(TableGroup(cell, (-1, upto), row.people))
    for since in range(last):
        for upto in range(since + 1, last + 1):
            end = None if upto == last else moments[upto].taken_at
            late = cells_of(between.get((moments[since].taken_at, end), ()))
            cells = set(moments[upto].counts) | set(moments[since].counts)
            for cell in sorted(cells):
                people = late[cell].people if cell in late else 0
                before = moments[since].counts.get(cell)
                after = moments[upto].counts.get(cell)
                changed = (after.n if after else 0) != (before.n if before else 0) or (cell in late)
                if people < k and (people or changed):
                    found.append(TableGroup(cell, (since, upto), people))
    return found


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
                if cell in moment.counts:
                    self.system.at_least(shown, 1)
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
        group's cell over its span."""
        n, reached = self.truth(group.cell, group.span)
        if self._pinned(self.sum(self.n, group.cell, group.span), n):
            return True
        row = self.moments[group.span[1]].counts.get(group.cell)
        if row is None or row.people_reached is None:  # nothing recorded to give away
            return False
        return self._pinned(self.sum(self.reached, group.cell, group.span), reached)

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
