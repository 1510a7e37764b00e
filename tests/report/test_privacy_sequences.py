"""Property: no sequence of publications gives a group below k away.

Each example is a random round of test_privacy_property.py published as an interim report;
then more people answer (a few at some locations, often fewer than k, many at others, now and
then at a location that had nobody), now and then one or two erase their answers and someone
changes theirs, and the final report is published. The audit of the final report knows the
interim one through the publication ledger (its JSON, as the database keeps it). The
independent attacker of tests/report/attacker.py holds both files and every group's size at
both moments (and how many people came and went at each location), and attacks every group
below k at either moment, the people who came at each location and those who went (and unions
of them).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import Protected, protect
from report.document import build_document
from report.gather import Answers, RoundData
from report.labels import role_label
from report.ledger import CURRENT, PREVIOUS, Published, dump, load
from report.markdown import render_markdown
from report.section import NO_LOCATION, InputSection
from storage.counts import ContributionCells, ContributionCount
from storage.store import Round
from tests.report.attacker import Disclosure, Truth, attack_sequence
from tests.report.attacker_table import Logged, Profile, TableDisclosure, attack_tables
from tests.report.test_privacy_property import (
    K,
    People,
    _people,
    _person,
    _tally,
    random_round,
)

EXAMPLES = 30
TABLE_EXAMPLES = 25


def _later(rng: random.Random, before: People, mood: float) -> People:
    """The same people, and some more: few (often below k) at some places, many at others."""
    after = {place: list(people) for place, people in before.items()}
    places = list(after)
    if rng.random() < 0.3:
        places.append("Locatie nieuw")
    for place in places:
        roll = rng.random()
        late = 0 if roll < 0.3 else rng.randint(1, 4) if roll < 0.8 else rng.randint(5, 15)
        new = [p for p in (_person(rng, mood) for _ in range(late)) if p]
        if new or place in after:
            after[place] = after.get(place, []) + new
    return after


def publish_round(
    data: RoundData, catalog: Catalog, ledger: list[dict[str, Published]]
) -> Protected:
    section = assemble(data, catalog, k=K, organisation="Test", today=date(2026, 5, 1))
    history = {
        which: [load(dump(entry[which], {}), {}) for entry in ledger if which in entry]
        for which in (CURRENT, PREVIOUS)
    }
    return protect(section, data, catalog, history)


def _erase(rng: random.Random, people: People, mood: float) -> tuple[People, People, People]:
    """Now and then one or two people at a place erase their answers (/verwijder), and now and
    then someone reopens their response and answers again (their old answers go, new ones
    come: the same person, so the group's size stays). Returns who is kept, the old answers
    of those who went, and the new answers of those who changed."""
    kept = {place: list(taking_part) for place, taking_part in people.items()}
    gone: People = {}
    changed: People = {}
    if rng.random() < 0.4:
        place = rng.choice(sorted(kept))
        for _ in range(min(rng.randint(1, 2), len(kept[place]))):
            gone.setdefault(place, []).append(kept[place].pop(rng.randrange(len(kept[place]))))
    if rng.random() < 0.3:
        place = rng.choice(sorted(kept))
        if kept[place] and (again := _person(rng, mood)):
            gone.setdefault(place, []).append(kept[place].pop(rng.randrange(len(kept[place]))))
            changed[place] = [again]
    return kept, gone, changed


Moments = tuple[RoundData, RoundData, dict[str, list[Truth]], dict[str, list[Truth | None]]]


def sequence(seed: int) -> Moments:
    """An interim and a final moment of one random round (the previous round unchanged): in
    between more people answer, and some who answered before may erase or change their
    answers."""
    data, truths = random_round(seed)
    rng = random.Random(seed ^ 0x5EED)
    places = sorted(truths["current"].sizes) or [NO_LOCATION]
    mood = rng.random()
    before = _people(rng, places, mood)
    kept, gone, changed = _erase(random.Random(seed ^ 0xE4A5E), before, mood)
    after = _later(rng, kept, mood)
    for place, again in changed.items():
        after[place] = after.get(place, []) + again
    interim, first = _tally(before)
    final, second = _tally(after)
    return (
        replace(data, current=interim),
        replace(data, current=final, kept=_tally(kept)[0]),
        {"current": [first, second], "previous": [truths["previous"]] * 2},
        {"current": [None, _tally(gone)[1] if gone else None]},
    )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=1912923437)  # everyone who answered a question erased it: the audit ends
@example(seed=2407373688)  # a change elsewhere: no more came at a place than people did
@example(seed=3020355068)  # who went cannot be more than the people who went
def test_no_sequence_of_reports_gives_a_small_group_away(
    follow_ups_catalog: Catalog, seed: int
) -> None:
    interim_data, final_data, truths, gone = sequence(seed)
    interim = publish_round(interim_data, follow_ups_catalog, [])
    final = publish_round(final_data, follow_ups_catalog, [interim.published])
    assert render_markdown(build_document(final.section, follow_ups_catalog))
    found = _read_both(follow_ups_catalog, interim, final, truths, gone)
    assert found == [], f"seed {seed}: {found[:3]}"


def _read_both(
    catalog: Catalog,
    interim: Protected,
    final: Protected,
    truths: dict[str, list[Truth]],
    gone: dict[str, list[Truth | None]],
) -> list[Disclosure]:
    """What the test attacker works out from both reports."""
    sections = [interim.section, final.section]
    left_out = [interim.left_out, final.left_out]
    return list(attack_sequence(sections, catalog, "client", truths, left_out, gone))


def test_the_sequence_attacker_finds_what_the_ledger_protects(follow_ups_catalog: Catalog) -> None:
    """Without the ledger (each report audited on its own, each safe on its own), the same
    attacker finds disclosures in nearly every sequence: about groups below k in the interim
    report and about the people who answered in between."""
    broken = 0
    kinds: set[str] = set()
    for seed in range(10):
        interim_data, final_data, truths, gone = sequence(seed)
        interim = publish_round(interim_data, follow_ups_catalog, [])
        final = publish_round(final_data, follow_ups_catalog, [])
        found = _read_both(follow_ups_catalog, interim, final, truths, gone)
        broken += bool(found)
        kinds.update(d.round for d in found)
    assert broken >= 8, broken
    assert {"current at 0", "current 0->1"} <= kinds, kinds


# The peer experts' contributions table ------------------------------------------------------

KINDS = ("groep", "gesprek", "raad")
PILLARS = ("1", "")
PLACES = {"Locatie A": 1, "Locatie B": 2}
PARTNERS = ("client",)
MOMENTS = ("2026-03-20T10:00:00+00:00", "2026-04-20T10:00:00+00:00")


def _contribution(rng: random.Random, person: int, habit: tuple[str, str]) -> Logged:
    kind, place = habit if rng.random() < 0.7 else (rng.choice(KINDS), rng.choice([*PLACES, ""]))
    partners = frozenset(p for p in PARTNERS if rng.random() < 0.4)
    location = str(PLACES[place]) if place else ""
    reached = None if rng.random() < 0.2 else rng.randint(0, 12)
    return Logged(person, kind, rng.choice(PILLARS), location, partners, reached)


def _log(rng: random.Random, people: range, most: int) -> list[Logged]:
    found = []
    for person in people:
        habit = (rng.choice(KINDS), rng.choice([*PLACES, ""]))
        found += [_contribution(rng, person, habit) for _ in range(rng.randint(1, most))]
    return found


def table_counts(log: list[Logged]) -> tuple[ContributionCount, ...]:
    """The table as storage.counts.contribution_counts groups it."""
    cells: dict[tuple[str, str], list[Logged]] = {}
    for c in log:
        for dimension in ("total", "kind", "pillar", "with_whom", "location"):
            for key in c.key(dimension):
                cells.setdefault((dimension, key), []).append(c)
    rows = []
    for (dimension, key), found in cells.items():
        reached = [c.reached for c in found if c.reached is not None]
        people = len({c.person for c in found})
        rows.append(
            ContributionCount(dimension, key, len(found), sum(reached) if reached else None, people)
        )
    return tuple(rows)


def table_cells(log: list[Logged], at: str) -> tuple[ContributionCells, ...]:
    """The log as storage.counts.contribution_cells reads it, every contribution logged at
    `at`."""
    dimensions = ("total", "kind", "pillar", "location", "with_whom")
    return tuple(
        ContributionCells(c.person, at, tuple((d, key) for d in dimensions for key in c.key(d)))
        for c in log
    )


LOGGED = ("2026-03-01T10:00:00+00:00", "2026-04-01T10:00:00+00:00")  # before each of MOMENTS


def table_sequence(seed: int) -> tuple[RoundData, RoundData, list[list[Logged]]]:
    """A contributions log published twice: more contributions between, some by a single
    peer expert, some at a small location, some by many; now and then one or two peer experts
    erase everything in between, and one contribution goes (taken away, or changed: logged
    again, as the bot does when an entry is sent again)."""
    rng = random.Random(seed)
    first = _log(rng, range(rng.randint(3, 12)), 5)
    late: list[Logged] = []
    if rng.random() < 0.8:  # one peer expert logs a few, often of a rare kind or place
        late += _log(rng, range(rng.randint(0, 20), rng.randint(0, 20) + 1), 4)
    if rng.random() < 0.5:  # a few more (below k together, or not)
        late += _log(rng, range(20, 20 + rng.randint(1, 7)), 3)
    kept, again = _take_away(random.Random(seed ^ 0xE4A5E), first)
    late += again
    return (*two_moments(first, late, kept), [first, kept + late])


def _take_away(rng: random.Random, first: list[Logged]) -> tuple[list[Logged], list[Logged]]:
    """Now and then one or two peer experts erase everything (/verwijder), and one
    contribution goes; half of the time it comes back changed. Returns what is kept and the
    changed contributions."""
    kept = list(first)
    again: list[Logged] = []
    if rng.random() < 0.4:
        people = sorted({c.person for c in first})
        gone = set(rng.sample(people, min(len(people), rng.randint(1, 2))))
        kept = [c for c in kept if c.person not in gone]
    if kept and rng.random() < 0.3:
        went = kept.pop(rng.randrange(len(kept)))
        if rng.random() < 0.5:
            again.append(_contribution(rng, went.person, (went.kind, rng.choice([*PLACES, ""]))))
    return kept, again


def two_moments(
    first: list[Logged], late: list[Logged], kept: list[Logged] | None = None
) -> tuple[RoundData, RoundData]:
    """A round's data (only its contributions log) at an interim moment (the log `first`)
    and a final one (`late` added, and of `first` only those `kept`), as report.publishing
    reads it with the ledger holding the interim output."""
    kept = first if kept is None else kept
    round_ = Round(2, "Dit jaar", 2026, date(2026, 1, 1), date(2026, 12, 31), None, None)
    base = RoundData(round=round_, current=Answers((), ()), location_ids=PLACES)
    interim = replace(
        base,
        contributions=table_counts(first),
        taken_at=MOMENTS[0],
        contributors=table_cells(first, LOGGED[0]),
    )
    final = replace(
        base,
        contributions=table_counts(kept + late),
        taken_at=MOMENTS[1],
        contributions_between={(MOMENTS[0], None): table_counts(late)},
        contributors=table_cells(kept, LOGGED[0]) + table_cells(late, LOGGED[1]),
    )
    return interim, final


def table_labels(catalog: Catalog, kinds: Sequence[str]) -> dict[str, dict[str, str]]:
    pillars = {p.title: p.id for p in catalog.framework.pillars} | {"onbekend": ""}
    return {
        "kind": {k: k for k in kinds},
        "pillar": pillars,
        "with_whom": {role_label(p): p for p in PARTNERS},
        "location": {name: str(i) for name, i in PLACES.items()} | {NO_LOCATION: ""},
    }


def table_profiles(kinds: Sequence[str]) -> list[Profile]:
    return list(
        itertools.product(
            kinds,
            PILLARS,
            ["", *(str(i) for i in PLACES.values())],
            [
                frozenset(c)
                for r in range(len(PARTNERS) + 1)
                for c in itertools.combinations(PARTNERS, r)
            ],
        )
    )


def read_tables(
    catalog: Catalog,
    sections: Sequence[InputSection],
    logs: Sequence[Sequence[Logged]],
    kinds: Sequence[str] = KINDS,
) -> list[TableDisclosure]:
    """What the table attacker works out from every output (its model and its Markdown)."""
    documents = [render_markdown(build_document(s, catalog)) for s in sections]
    labels = table_labels(catalog, kinds)
    return list(attack_tables(sections, logs, labels, table_profiles(kinds), K, documents))


@settings(
    max_examples=TABLE_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=5)  # one peer expert erases everything, nobody logs more: the total says it
@example(seed=18)  # two erase everything (7 contributions), 14 others log 30 more
@example(seed=36)  # "Overige locaties 7": 3 + 4 peer experts who each logged one
def test_no_sequence_of_contribution_tables_gives_a_small_group_away(
    follow_ups_catalog: Catalog, seed: int
) -> None:
    interim_data, final_data, logs = table_sequence(seed)
    interim = publish_round(interim_data, follow_ups_catalog, [])
    final = publish_round(final_data, follow_ups_catalog, [interim.published])
    assert render_markdown(build_document(final.section, follow_ups_catalog))
    found = read_tables(follow_ups_catalog, [interim.section, final.section], logs)
    assert found == [], f"seed {seed}: {found[:3]}"


def test_the_table_attacker_finds_what_the_ledger_protects(follow_ups_catalog: Catalog) -> None:
    """Without the ledger (each table audited on its own, each safe on its own), the same
    attacker finds the contributions of fewer than k peer experts in most sequences: also of
    those who went."""
    broken = 0
    cells: set[str] = set()
    went = 0
    for seed in range(10):
        interim_data, final_data, logs = table_sequence(seed)
        interim = publish_round(interim_data, follow_ups_catalog, [])
        final = publish_round(final_data, follow_ups_catalog, [])
        alone = read_tables(follow_ups_catalog, [interim.section], logs[:1])
        assert alone == [], alone  # one table on its own gives nothing away
        found = read_tables(follow_ups_catalog, [interim.section, final.section], logs)
        broken += bool(found)
        went += any(d.went for d in found)
        cells.update(d.cells[0][0] for d in found if d.span == (0, 1))
    assert broken >= 3 and went >= 1, (broken, went)
    assert {"total", "kind"} <= cells, cells
