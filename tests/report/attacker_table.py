"""An attacker of the peer experts' contributions table, written only for the tests, apart
from report/audit_table.py on purpose.

It reads every published table (the audited report models, as renderers get them) and models
contributions, not cells: per stretch between two publications, how many contributions of
each combination of kind, pillar, location and partners were logged ("profiles") and how many
people they reached, and how many of those logged before were taken away in it (a peer expert
who erased everything, or one entry gone): nothing goes that was not there. It knows how many
peer experts logged contributions in each stretch and how many lost some: each of them one or
more, and none means none.
Each published cell is a sum of profiles up to its publication, those logged minus those gone.
It knows which peer experts logged what (a colleague might), so it knows every group below k:
the peer experts behind a cell up to a publication, behind the contributions a cell got
between two, or behind those it lost between two; and the peer experts behind several cells of
one breakdown that adds up (kind, pillar, location) together, every such set, as an "overige"
row or a difference of two makes them a figure. For each, it asks HiGHS (through
tests/report/highs_check.py) whether the figures allow another number of contributions, or of
people reached, than the true one. What the publications before the last already said about
the contributions that went is theirs, not the sequence's (as in tests/report/attacker.py).

Besides the models it reads the published Markdown (`documents`): every "Overige ..." row of a
contributions table is a figure too, the sum of the cells that table does not list.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from report.section import CountFigure, InputSection
from tests.report.highs_check import solvable

INF = float("inf")
BREAKDOWNS = (
    ("by_kind", "kind"),
    ("by_pillar", "pillar"),
    ("by_partner", "with_whom"),
    ("by_location", "location"),
)
ADDING_UP = ("kind", "pillar", "location")  # each contribution in exactly one of their cells
HEADERS = {"Soort bijdrage": "kind", "Pijler": "pillar", "Locatie": "location"}
Cell = tuple[str, str]


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
    cells: tuple[Cell, ...]  # one cell, or several of one breakdown together
    span: tuple[int, int]
    what: str  # 'bijdragen' or 'contacten'
    went: bool = False  # about the contributions taken away in the span (else: logged)


def _profile(c: Logged) -> Profile:
    return (c.kind, c.pillar, c.location, c.with_whom)


def _in_cell(p: Profile, cell: Cell) -> bool:
    dimension, key = cell
    kind, pillar, location, with_whom = p
    return {
        "total": True,
        "kind": kind == key,
        "pillar": pillar == key,
        "location": location == key,
        "with_whom": key in with_whom,
    }[dimension]


CAME, WENT = 1, -1
Row = tuple[dict[int, int], float, float]
Index = dict[tuple[int, Profile, int, int], int]  # (step, profile, what, way) -> column


def moves(logs: Sequence[Sequence[Logged]]) -> list[tuple[Counter[Logged], Counter[Logged]]]:
    """Per step, the contributions logged in it and those taken away (as they were)."""
    found = []
    before: Counter[Logged] = Counter()
    for log in logs:
        now = Counter(log)
        found.append((now - before, before - now))
        before = now
    return found


def attack_tables(
    sections: Sequence[InputSection],
    logs: Sequence[Sequence[Logged]],
    labels: dict[str, dict[str, str]],
    profiles: Sequence[Profile],
    k: int,
    documents: Sequence[str] = (),
) -> Iterator[TableDisclosure]:
    """What a reader holding every published table learns: `sections[i]` was published when
    the log held `logs[i]` (contributions can come and go between two), `documents[i]` its
    Markdown. `labels`: per dimension, the key of every label a table row can have."""
    steps = range(len(sections))
    stepped = moves(logs)
    going = {s for s in steps if stepped[s][1]}
    quads = itertools.product(steps, profiles, (0, 1), (CAME, WENT))
    index = {q: i for i, q in enumerate(q for q in quads if q[3] == CAME or q[0] in going)}
    n = len(index)
    upper = [INF] * n
    known = _knowledge(index, profiles, stepped, going)
    known += _headcounts(index, profiles, logs)
    rows = [*known, *_published(index, profiles, sections, labels, documents)]
    earlier = [*known, *_published(index, profiles, sections[:-1], labels, documents)]
    assert solvable(n, rows, upper), "the truth must fit the figures"
    for cells, span, way, truth in _groups(logs, k, profiles):
        for what, value in ((0, truth[0]), (1, truth[1])):
            if what == 1 and truth[2]:
                continue  # no people reached recorded in these cells: nothing to find
            coefs = _sum(index, profiles, cells, span, what, way)
            if _pinned(n, rows, coefs, value, upper) and not (
                way == WENT and _pinned(n, earlier, coefs, value, upper)
            ):
                what_ = "bijdragen" if what == 0 else "contacten"
                yield TableDisclosure(cells, span, what_, way == WENT)


def _pinned(n: int, rows: list[Row], coefs: dict[int, int], value: int, upper: list[float]) -> bool:
    lower = solvable(n, [*rows, (coefs, -INF, value - 1)], upper)
    return not (lower or solvable(n, [*rows, (coefs, value + 1, INF)], upper))


def _knowledge(
    index: Index,
    profiles: Sequence[Profile],
    stepped: Sequence[tuple[Counter[Logged], Counter[Logged]]],
    going: set[int],
) -> list[Row]:
    """What the attacker knows besides the figures: nothing goes that was not there (per
    profile, contributions and people reached), and how many peer experts logged
    contributions in each step and lost some (each of them one or more; none, none)."""
    rows: list[Row] = []
    for step, (came, went) in enumerate(stepped):
        for way, moved in ((CAME, came), (WENT, went)):
            if way == WENT and step not in going:
                continue
            people = len({c.person for c in moved})
            for what in (0, 1):
                coefs = {index[step, p, what, way]: 1 for p in profiles}
                rows.append((coefs, people if what == 0 else 0, INF if people else 0))
    for step in sorted(going):
        for p, what in itertools.product(profiles, (0, 1)):
            present = _sum(index, [p], [("total", "")], (-1, step - 1), what)
            rows.append(({**present, index[step, p, what, WENT]: -1}, 0, INF))
    return rows


def _headcounts(
    index: Index, profiles: Sequence[Profile], logs: Sequence[Sequence[Logged]]
) -> list[Row]:
    """A colleague may know how many peer experts logged in each cell up to each moment: each
    of them logged one there at least."""
    rows: list[Row] = []
    for step, log in enumerate(logs):
        people: dict[tuple[str, str], set[int]] = {}
        for c in log:
            for dimension in ("total", "kind", "pillar", "location", "with_whom"):
                for key in c.key(dimension):
                    people.setdefault((dimension, key), set()).add(c.person)
        for cell, who in people.items():
            rows.append((_sum(index, profiles, [cell], (-1, step), 0), len(who), INF))
    return rows


def _published(
    index: Index,
    profiles: Sequence[Profile],
    sections: Sequence[InputSection],
    labels: dict[str, dict[str, str]],
    documents: Sequence[str],
) -> list[Row]:
    """Every published figure, as the contributions logged minus those gone up to then."""
    rows: list[Row] = []
    for step, section in enumerate(sections):
        figures = list(_figures(section, labels))
        if step < len(documents):
            figures += list(rest_rows(documents[step], labels, profiles))
        for cells, figure in figures:
            coefs = _sum(index, profiles, cells, (-1, step), 0)
            if figure.n is None:  # a row without its number: one or more contributions
                rows.append((coefs, 1, INF))
                continue
            rows.append((coefs, figure.n, figure.n))
            if figure.people_reached is not None:
                reached = figure.people_reached
                rows.append((_sum(index, profiles, cells, (-1, step), 1), reached, reached))
    return rows


def _sum(
    index: Index,
    profiles: Sequence[Profile],
    cells: Sequence[Cell],
    span: tuple[int, int],
    what: int,
    way: int | None = None,
) -> dict[int, int]:
    """The columns of `cells` over a span: logged minus gone, or (`way`) only one of them."""
    since, upto = span
    ways = (CAME, WENT) if way is None else (way,)
    return {
        index[s, p, what, w]: w if way is None else 1
        for s in range(since + 1, upto + 1)
        for p in profiles
        for w in ways
        if (s, p, what, w) in index and any(_in_cell(p, cell) for cell in cells)
    }


def _keys(profiles: Sequence[Profile], dimension: str) -> list[str]:
    position = {"kind": 0, "pillar": 1, "location": 2}[dimension]
    return sorted({str(p[position]) for p in profiles})


def rest_rows(
    document: str, labels: dict[str, dict[str, str]], profiles: Sequence[Profile]
) -> Iterator[tuple[tuple[Cell, ...], CountFigure]]:
    """Every "Overige ..." row of a contributions table in a Markdown document: the cells
    of its breakdown the table does not list, and its figures."""
    for table in re.finditer(
        r"^\| (.+?) \| Bijdragen \| Contacten \|\n\|.*\n((?:\|.*\n?)+)", document, re.M
    ):
        dimension = HEADERS.get(table[1])
        if dimension is None:
            continue
        listed = set()
        rest = None
        for line in table[2].strip().splitlines():
            label, count, reached = (
                c.strip().replace("\\", "") for c in line.strip("|").split("|")
            )
            if label.startswith("Overige"):
                rest = CountFigure(label, int(count), int(reached) if reached.isdigit() else None)
            elif label != "Totaal":
                listed.add(labels[dimension][label])
        if rest is not None:
            others = tuple(
                (dimension, key) for key in _keys(profiles, dimension) if key not in listed
            )
            yield others, rest


def _figures(
    section: InputSection, labels: dict[str, dict[str, str]]
) -> Iterator[tuple[tuple[Cell, ...], CountFigure]]:
    pe = section.peer_experts
    if pe.table_total is None:
        return
    yield (("total", ""),), pe.table_total
    for name, dimension in BREAKDOWNS:
        for figure in getattr(pe, name):
            yield ((dimension, labels[dimension][figure.label]),), figure


def _groups(
    logs: Sequence[Sequence[Logged]], k: int, profiles: Sequence[Profile]
) -> Iterator[tuple[tuple[Cell, ...], tuple[int, int], int | None, tuple[int, int, bool]]]:
    """(cells, span, way, (contributions, people reached, nothing reached recorded)) of every
    group below k: one cell, or any two or more cells of a breakdown that adds up; over a span
    up to a moment (way None: the contributions there then), or between two (the contributions
    logged in between, way CAME, or taken away, WENT)."""
    last = len(logs) - 1
    stepped = moves(logs)
    spans = [(-1, j) for j in range(last + 1)] + list(itertools.combinations(range(last + 1), 2))
    sets: list[tuple[Cell, ...]] = []
    for dimension in ADDING_UP:
        keys = _keys(profiles, dimension)
        for size in range(2, len(keys) + 1):
            sets += [
                tuple((dimension, key) for key in c) for c in itertools.combinations(keys, size)
            ]
    for (since, upto), way in itertools.product(spans, (CAME, WENT)):
        if since < 0 and way == WENT:
            continue
        moved = [stepped[s][0 if way == CAME else 1] for s in range(since + 1, upto + 1)]
        entries = list(Counter(logs[upto]).elements()) if since < 0 else []
        entries += [] if since < 0 else [c for m in moved for c in m.elements()]
        singles = sorted(
            {
                (dimension, key)
                for c in entries
                for dimension in ("total", "kind", "pillar", "location", "with_whom")
                for key in c.key(dimension)
            }
        )
        for cells in [*((cell,) for cell in singles), *sets]:
            found = [c for c in entries if any(key in c.key(d) for d, key in cells)]
            people = {c.person for c in found}
            if found and len(people) < k:
                reached = [c.reached for c in found if c.reached is not None]
                truth = (len(found), sum(reached), not reached)
                yield cells, (since, upto), None if since < 0 else way, truth
