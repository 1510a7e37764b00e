"""Property: no sequence of publications gives a group below k away.

Each example is a random round of test_privacy_property.py published as an interim report;
then more people answer (a few at some locations, often fewer than k, many at others, now and
then at a location that had nobody), and the final report is published. The audit of the final
report knows the interim one through the publication ledger (its JSON, as the database keeps
it). The independent attacker of tests/report/attacker.py holds both files and every group's
size at both moments, and attacks every group below k at either moment and the late
respondents at each location (and unions of them).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import Protected, protect
from report.document import build_document
from report.gather import RoundData
from report.ledger import CURRENT, PREVIOUS, Published, dump, load
from report.markdown import render_markdown
from report.section import NO_LOCATION
from tests.report.attacker import Disclosure, Truth, attack_sequence
from tests.report.test_privacy_property import (
    K,
    People,
    _people,
    _person,
    _tally,
    random_round,
)

EXAMPLES = 30


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


def _publish(data: RoundData, catalog: Catalog, ledger: list[dict[str, Published]]) -> Protected:
    section = assemble(data, catalog, k=K, organisation="Test", today=date(2026, 5, 1))
    history = {
        which: [load(dump(entry[which])) for entry in ledger if which in entry]
        for which in (CURRENT, PREVIOUS)
    }
    return protect(section, data, catalog, history)


def sequence(seed: int) -> tuple[RoundData, RoundData, dict[str, list[Truth]]]:
    """An interim and a final moment of one random round (the previous round unchanged)."""
    data, truths = random_round(seed)
    rng = random.Random(seed ^ 0x5EED)
    places = sorted(truths["current"].sizes) or [NO_LOCATION]
    mood = rng.random()
    before = _people(rng, places, mood)
    after = _later(rng, before, mood)
    interim, first = _tally(before)
    final, second = _tally(after)
    return (
        replace(data, current=interim),
        replace(data, current=final),
        {"current": [first, second], "previous": [truths["previous"]] * 2},
    )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_sequence_of_reports_gives_a_small_group_away(
    follow_ups_catalog: Catalog, seed: int
) -> None:
    interim_data, final_data, truths = sequence(seed)
    interim = _publish(interim_data, follow_ups_catalog, [])
    final = _publish(final_data, follow_ups_catalog, [interim.published])
    assert render_markdown(build_document(final.section, follow_ups_catalog))
    found = _read_both(follow_ups_catalog, interim, final, truths)
    assert found == [], f"seed {seed}: {found[:3]}"


def _read_both(
    catalog: Catalog, interim: Protected, final: Protected, truths: dict[str, list[Truth]]
) -> list[Disclosure]:
    """What the test attacker works out from both reports."""
    sections = [interim.section, final.section]
    left_out = [interim.left_out, final.left_out]
    return list(attack_sequence(sections, catalog, "client", truths, left_out))


def test_the_sequence_attacker_finds_what_the_ledger_protects(follow_ups_catalog: Catalog) -> None:
    """Without the ledger (each report audited on its own, each safe on its own), the same
    attacker finds disclosures in nearly every sequence: about groups below k in the interim
    report and about the people who answered in between."""
    broken = 0
    kinds: set[str] = set()
    for seed in range(10):
        interim_data, final_data, truths = sequence(seed)
        interim = _publish(interim_data, follow_ups_catalog, [])
        final = _publish(final_data, follow_ups_catalog, [])
        found = _read_both(follow_ups_catalog, interim, final, truths)
        broken += bool(found)
        kinds.update(d.round for d in found)
    assert broken >= 8, broken
    assert {"current at 0", "current 0->1"} <= kinds, kinds
