"""An attacker of the peer experts' contributions table, written only for the tests, apart
from report/audit_table.py on purpose.

It reads every published table (the audited report models, as renderers get them) and models
contributions, not cells: per stretch between two publications, how many contributions of
each combination of kind, pillar, location and partners were logged ("profiles") and how many
people they reached. Each published cell is a sum of profiles up to its publication. It knows
which peer experts logged what (a colleague might), so it knows every group below k: the peer
experts behind a cell up to a publication, or behind the contributions a cell got between
two. For each, it asks HiGHS (through tests/report/attacker.py) whether the figures allow
another number of contributions, or of people reached, than the true one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from report.section import CountFigure, InputSection
from tests.report.attacker import solvable

INF = float("inf")
BREAKDOWNS = (
    ("by_kind", "kind"),
    ("by_pillar", "pillar"),
    ("by_partner", "with_whom"),
    ("by_location", "location"),
)


@dataclass(frozen=True)
class Logged:
    """One contribution in the log."""

    person: int
    kind: str
    pillar: str
    location: str  # the location's id, '' for none
    with_whom: frozenset[str]
    reached: int | None

    def key(self, dimension: str) -> set[str]:
        if dimension == "total":
            return {""}
        if dimension == "with_whom":
            return set(self.with_whom)
        return {str(getattr(self, dimension))}


Profile = tuple[str, str, str, frozenset[str]]


@dataclass(frozen=True)
class TableDisclosure:
    cell: tuple[str, str]
    span: tuple[int, int]
    what: str  # 'bijdragen' or 'contacten'


def _profile(c: Logged) -> Profile:
    return (c.kind, c.pillar, c.location, c.with_whom)


def _in_cell(p: Profile, cell: tuple[str, str]) -> bool:
    dimension, key = cell
    kind, pillar, location, with_whom = p
    return {
        "total": True,
        "kind": kind == key,
        "pillar": pillar == key,
        "location": location == key,
        "with_whom": key in with_whom,
    }[dimension]


def attack_tables(
    sections: Sequence[InputSection],
    logs: Sequence[Sequence[Logged]],
    labels: dict[str, dict[str, str]],
    profiles: Sequence[Profile],
    k: int,
) -> Iterator[TableDisclosure]:
    """What a reader holding every published table learns: `sections[i]` was published when
    the log held `logs[i]` (each log the one before it and more). `labels`: per dimension, the
    key of every label a table row can have."""
    steps = range(len(sections))
    index = {
        (s, p, what): i for i, (s, p, what) in enumerate(itertools.product(steps, profiles, (0, 1)))
    }
    n = len(index)
    upper = [INF] * n
    rows: list[tuple[dict[int, int], float, float]] = []
    for step, section in enumerate(sections):
        for cell, figure in _figures(section, labels):
            if figure.n is None:  # a row without its number: one or more contributions
                rows.append((_sum(index, profiles, cell, (-1, step), 0), 1, INF))
                continue
            rows.append((_sum(index, profiles, cell, (-1, step), 0), figure.n, figure.n))
            if figure.people_reached is not None:
                reached = figure.people_reached
                rows.append((_sum(index, profiles, cell, (-1, step), 1), reached, reached))
    assert solvable(n, rows, upper), "the truth must fit the figures"
    for cell, span, truth in _groups(logs, k):
        for what, value in ((0, truth[0]), (1, truth[1])):
            if what == 1 and truth[2]:
                continue  # no people reached recorded in this cell: nothing to find
            coefs = _sum(index, profiles, cell, span, what)
            lower = solvable(n, [*rows, (coefs, -INF, value - 1)], upper)
            higher = solvable(n, [*rows, (coefs, value + 1, INF)], upper)
            if not (lower or higher):
                yield TableDisclosure(cell, span, "bijdragen" if what == 0 else "contacten")


def _sum(
    index: dict[tuple[int, Profile, int], int],
    profiles: Sequence[Profile],
    cell: tuple[str, str],
    span: tuple[int, int],
    what: int,
) -> dict[int, int]:
    since, upto = span
    return {
        index[s, p, what]: 1
        for s in range(since + 1, upto + 1)
        for p in profiles
        if _in_cell(p, cell)
    }


def _figures(
    section: InputSection, labels: dict[str, dict[str, str]]
) -> Iterator[tuple[tuple[str, str], CountFigure]]:
    pe = section.peer_experts
    if pe.table_total is None:
        return
    yield ("total", ""), pe.table_total
    for name, dimension in BREAKDOWNS:
        for figure in getattr(pe, name):
            yield (dimension, labels[dimension][figure.label]), figure


def _groups(
    logs: Sequence[Sequence[Logged]], k: int
) -> Iterator[tuple[tuple[str, str], tuple[int, int], tuple[int, int, bool]]]:
    """(cell, span, (contributions, people reached, nothing reached recorded)) of every
    group below k."""
    last = len(logs) - 1
    spans = [(-1, j) for j in range(last + 1)] + list(itertools.combinations(range(last + 1), 2))
    for since, upto in spans:
        before = len(logs[since]) if since >= 0 else 0
        logged = logs[upto][before:]
        cells: dict[tuple[str, str], list[Logged]] = {}
        for c in logged:
            for dimension in ("total", "kind", "pillar", "location", "with_whom"):
                for key in c.key(dimension):
                    cells.setdefault((dimension, key), []).append(c)
        for cell, found in cells.items():
            people = {c.person for c in found}
            if len(people) < k:
                reached = [c.reached for c in found if c.reached is not None]
                yield cell, (since, upto), (len(found), sum(reached), not reached)
