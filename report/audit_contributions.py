"""The disclosure audit of the peer experts' contributions table (see report/audit.py): a
hidden cell (fewer than k peer experts) must not be computable from the total and the other
cells of its breakdown; the hidden cells of a breakdown together (its "overige" row, the total
minus the rows shown) must rest on at least k distinct peer experts, else the smallest row shown
joins them; and, with the publication ledger, no cell of fewer than k peer experts, nor the
hidden cells of a moment together (up to a moment, or logged between two), from this output
together with every earlier one that showed the table (report/audit_table.py)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from report.audit_table import (
    ADDS_UP,
    TOTAL,
    Cell,
    Contributors,
    TableGroup,
    TableMoment,
    TableSystem,
    cells_of,
    rest_cells,
    table_groups,
)
from report.gather import RoundData
from report.ledger import PublishedTable, TableFigure
from report.lp import INF, LinearSystem
from report.section import CountFigure, PeerExpertSummary
from storage.counts import ContributionCount


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
                # the row is shown, so it has one or more: one per peer expert behind it
                columns.append(system.var(max(1, row.people), INF))
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
        cells[smallest] = replace(cells[smallest], n=None, people_reached=None, protected=True)


def _fold(
    figures: tuple[CountFigure, ...],
    rows: list[ContributionCount],
    total: CountFigure | None,
    people: Contributors,
    k: int,
) -> tuple[CountFigure, ...]:
    """The hidden rows of a breakdown that adds up to the total, together: the "overige" row
    (the total minus the rows shown). Fewer than k distinct peer experts behind it: the
    smallest row shown joins it, until it rests on k or more (or no row is shown)."""
    cells = list(figures)
    if total is None or total.n is None:
        return tuple(cells)
    counts = {(r.dimension, r.key): r for r in rows}
    while True:
        hidden = [(r.dimension, r.key) for f, r in zip(cells, rows, strict=True) if f.n is None]
        visible = [i for i, f in enumerate(cells) if f.n is not None]
        if not hidden or not visible or people.people(hidden, "", None, counts) >= k:
            return tuple(cells)
        smallest = min(visible, key=lambda i: (cells[i].n or 0, i))
        cells[smallest] = replace(cells[smallest], n=None, people_reached=None, protected=True)


def _dimension_rows(rows: Iterable[ContributionCount], dimension: str) -> list[ContributionCount]:
    """The rows of one breakdown in the order `report.counting.count_figures` shows them."""
    return sorted((r for r in rows if r.dimension == dimension), key=lambda r: (-r.n, r.key))


def protect_peer_experts(
    pe: PeerExpertSummary, data: RoundData, k: int, history: Sequence[PublishedTable] = ()
) -> tuple[PeerExpertSummary, int, int, int]:
    """The contributions table with cells hidden to protect the hidden ones; returns it with
    the number of cells hidden for that, the solves it took and the groups below k attacked
    over time (none without `history`: then each output is protected on its own above)."""
    solves = extra = 0
    changes: dict[str, tuple[CountFigure, ...]] = {}
    people = Contributors(data.contributors)
    for name, dimension, adds_up in BREAKDOWNS:
        figures = getattr(pe, name)
        if not figures:  # not published (a single location is the total): nothing to protect
            continue
        rows = _dimension_rows(data.contributions, dimension)
        if len(rows) != len(figures):
            raise RuntimeError(f"contributions breakdown {name} does not match its rows")
        folded = _fold(figures, rows, pe.table_total, people, k) if adds_up else figures
        cells, used = _protect_counts(folded, rows, pe.table_total, adds_up, k)
        changes[name] = cells
        solves += used
        extra += sum(a.n is not None and b.n is None for a, b in zip(figures, cells, strict=True))
    pe = replace(pe, **changes)  # type: ignore[arg-type]
    tables = [t for t in history if t is not None]
    if not tables or pe.table_total is None:
        return pe, extra, solves, 0
    over_time = _OverTime(pe, data, k, tables)
    over_time.run()
    small = len(over_time.groups)
    return over_time.pe, extra + over_time.extra, solves + over_time.solves, small


BREAKDOWNS = (
    ("by_kind", "kind", True),
    ("by_pillar", "pillar", True),
    ("by_location", "location", True),
    ("by_partner", "with_whom", False),
)


class _OverTime:
    """The table against every earlier output of the round that showed it: hide cells now
    until no group below k (report/audit_table.py) can be computed from all of them. Hiding
    a cell changes what the "overige" rows leave out, so the groups of hidden cells together
    are found again after each round of hiding, until no new one comes."""

    def __init__(
        self, pe: PeerExpertSummary, data: RoundData, k: int, history: Sequence[PublishedTable]
    ) -> None:
        self.pe = pe
        self.k = k
        self.extra = self.solves = 0
        self.cells = shown_cells(pe, data)
        self.earlier: list[TableMoment] = []
        self.now = TableMoment("", cells_of(data.contributions))
        self.between = data.contributions_between
        self.people = Contributors(data.contributors)
        known: list[TableFigure] = []
        for table in history:
            counts = cells_of(table.counts)
            if counts == self.now.counts:  # the same contributions: figures about them
                known.extend(table.figures)
                continue
            same = next((m for m in self.earlier if m.counts == counts), None)
            if same is None:
                self.earlier.append(TableMoment(table.taken_at, counts, list(table.figures)))
            else:
                same.facts.extend(table.figures)
        self.known = known
        self.groups: set[TableGroup] = set()

    def figures(self) -> list[TableFigure]:
        """What the table shows now, as the ledger keeps it."""
        return [*self.known, *table_figures(self.pe, self.cells)]

    def system(self) -> TableSystem:
        self.now.facts = self.figures()
        return TableSystem([*self.earlier, self.now])

    def _rest_sets(self) -> set[tuple[Cell, ...]]:
        """The hidden cells of each moment per breakdown, and those of every two moments
        together (a stretch between two moments has only its two ends' figures to say a
        sum, report/audit_table.settled)."""
        self.now.facts = self.figures()
        rests = {rest for m in [*self.earlier, self.now] for rest in rest_cells(m, ADDS_UP)}
        found = set(rests)
        for a, b in itertools.combinations(sorted(rests), 2):
            if a[0][0] == b[0][0]:
                found.add(tuple(sorted(set(a) | set(b))))
        return found

    def _current_groups(self) -> list[TableGroup]:
        moments = [*self.earlier, self.now]
        return table_groups(moments, self.between, self.k, sorted(self._rest_sets()), self.people)

    def run(self) -> None:
        while True:
            new = [g for g in self._current_groups() if g not in self.groups]
            if not new:
                return
            for group in new:
                self.groups.add(group)
                self._protect(group)

    def _protect(self, group: TableGroup) -> None:
        while True:
            built = self.system()
            computable = built.computable(group)
            self.solves += built.system.solves
            if not computable:
                return
            action = self._next(group.cells)
            if action is None:
                return  # nothing left to hide now: earlier outputs alone give it away
            self._hide(action)

    def _shown(self) -> list[tuple[int, str, int]]:
        """(n, breakdown, index) of every cell shown now."""
        return [
            (figure.n, name, i)
            for name in self.cells
            for i, figure in enumerate(getattr(self.pe, name))
            if figure.n is not None
        ]

    def _next(self, cells: tuple[Cell, ...]) -> tuple[str, int] | None:
        """The next cell to hide for a group of `cells`: a single cell itself, cells of several
        the smallest other row of their breakdown (it joins the "overige" row), then the
        smallest of its breakdown, the smallest of another, and last of all the total (and
        with it the whole table)."""
        shown = sorted(self._shown())
        if cells != (TOTAL,):
            dimension = cells[0][0]
            if len(cells) > 1:
                for _, name, i in shown:
                    cell = self.cells[name][i]
                    if cell[0] == dimension and cell not in cells:
                        return name, i
            for _, name, i in shown:
                if self.cells[name][i] in cells:
                    return name, i
            for _, name, i in shown:
                if self.cells[name][i][0] == dimension:
                    return name, i
            if shown:
                return shown[0][1], shown[0][2]
        total = self.pe.table_total
        return ("table_total", 0) if total is not None and total.n is not None else None

    def _hide(self, action: tuple[str, int]) -> None:
        name, index = action
        if name == "table_total":
            total = self.pe.table_total
            assert total is not None
            self.extra += 1 + len(self._shown())
            self.pe = replace(  # the whole table goes: no breakdown without its total
                self.pe,
                table_total=replace(total, n=None, people_reached=None, protected=True),
                by_kind=(),
                by_pillar=(),
                by_partner=(),
                by_location=(),
            )
            self.cells = {}
            return
        figures = list(getattr(self.pe, name))
        figures[index] = replace(figures[index], n=None, people_reached=None, protected=True)
        self.pe = replace(self.pe, **{name: tuple(figures)})  # type: ignore[arg-type]
        self.extra += 1


def table_figures(pe: PeerExpertSummary, cells: dict[str, list[Cell]]) -> list[TableFigure]:
    """The cells the table shows, in the ledger's terms (`cells`: each breakdown's cells in
    the order of its figures)."""
    found = []
    total = pe.table_total
    if total is not None and total.n is not None:
        found.append(TableFigure(*TOTAL, total.n, total.people_reached))
    for name, keys in cells.items():
        for (dimension, key), figure in zip(keys, getattr(pe, name), strict=True):
            if figure.n is not None:
                found.append(TableFigure(dimension, key, figure.n, figure.people_reached))
    return found


def shown_cells(pe: PeerExpertSummary, data: RoundData) -> dict[str, list[Cell]]:
    """Each published breakdown's cells in the order of its figures."""
    return {
        name: [(dimension, r.key) for r in _dimension_rows(data.contributions, dimension)]
        for name, dimension, _ in BREAKDOWNS
        if getattr(pe, name)
    }
