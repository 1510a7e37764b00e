"""The disclosure audit of the peer experts' contributions table (see report/audit.py): a
hidden cell (fewer than k peer experts) must not be computable from the total and the other
cells of its breakdown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from report.gather import RoundData
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
    """The rows of one breakdown in the order `report.counting.count_figures` shows them."""
    return sorted((r for r in rows if r.dimension == dimension), key=lambda r: (-r.n, r.key))


def protect_peer_experts(
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
        if not figures:  # not published (a single location is the total): nothing to protect
            continue
        rows = _dimension_rows(data.contributions, dimension)
        if len(rows) != len(figures):
            raise RuntimeError(f"contributions breakdown {name} does not match its rows")
        cells, used = _protect_counts(figures, rows, pe.table_total, adds_up, k)
        changes[name] = cells
        solves += used
        extra += sum(a.n is not None and b.n is None for a, b in zip(figures, cells, strict=True))
    return replace(pe, **changes), extra, solves  # type: ignore[arg-type]
