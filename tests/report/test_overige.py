"""The "overige" rows of the peer experts' contributions table ("Overige soorten", "Overige
pijlers", "Overige locaties") are the total minus the rows shown: the hidden rows together.
Each hidden row rests on fewer than k peer experts; together they can too, and then the row
gives that small group away, also as the difference between an interim and a final report.
The table attacker (tests/report/attacker_table.py) reads the "Overige" rows of the published
Markdown and attacks every set of cells of a breakdown below k.

Each example is attacked as the old audit published it and as the audit publishes it now. The
old audit only kept one hidden row from being worked out; none is here, so it published the
table as `assemble` suppresses it (rows of fewer than k peer experts hidden, nothing folded).
"""

from __future__ import annotations

import re
from datetime import date

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.document import build_document
from report.gather import RoundData
from report.markdown import render_markdown
from report.public import public_rows
from report.section import CountFigure, InputSection
from tests.report.attacker_table import Logged, TableDisclosure, rest_rows
from tests.report.test_privacy_property import K
from tests.report.test_privacy_sequences import (
    publish_round,
    read_tables,
    table_labels,
    table_profiles,
    two_moments,
)

KINDS = ("groep", "training", "gesprek", "raad")
REST = (("kind", "gesprek"), ("kind", "raad"))


def _logged(person: int, kind: str, times: int = 1) -> list[Logged]:
    return [Logged(person, kind, "1", "", frozenset(), 3) for _ in range(times)]


def _first() -> list[Logged]:
    """Six peer experts lead groups (12 contributions), five others give trainings (7); one
    more has 2 talks ("gesprek"), another sits on a council once ("raad")."""
    log = [c for person in range(1, 7) for c in _logged(person, "groep", 2)]
    log += [c for person in range(7, 12) for c in _logged(person, "training", 1 + (person < 9))]
    return log + _logged(12, "gesprek", 2) + _logged(13, "raad")


def _unaudited(data: RoundData, catalog: Catalog) -> InputSection:
    return assemble(data, catalog, k=K, organisation="Test", today=date(2026, 5, 1))


def _table(section: InputSection, catalog: Catalog) -> list[tuple[str, str]]:
    """The kinds table as a reader sees it: (row, contributions)."""
    text = render_markdown(build_document(section, catalog))
    found = re.search(r"\| Soort bijdrage \| Bijdragen \| Contacten \|\n.*\n((?:\|.*\n?)+)", text)
    if found is None:
        return []
    rows = [line.strip("|").split("|") for line in found[1].strip().splitlines()]
    return [(row[0].strip(), row[1].strip()) for row in rows]


def _about(found: list[TableDisclosure], cells: tuple[tuple[str, str], ...]) -> set[object]:
    return {d.span for d in found if d.cells == cells}


def test_two_peer_experts_under_overige_soorten(follow_ups_catalog: Catalog) -> None:
    """Two kinds each logged by one peer expert, 3 contributions together: 'Overige soorten 3'
    says what those two did. Now the smallest row shown (training, 5 peer experts) joins them,
    and the report says why."""
    data, _ = two_moments(_first(), [])
    log = [_first()]
    before = _unaudited(data, follow_ups_catalog)
    assert _table(before, follow_ups_catalog) == [
        ("groep", "12"),
        ("training", "7"),
        ("Overige soorten", "3"),
        ("Totaal", "22"),
    ]
    found = read_tables(follow_ups_catalog, [before], log, KINDS)
    assert _about(found, REST) == {(-1, 0)}, found
    # The attacker reads the row as a figure: the kinds the table does not list, together.
    text = render_markdown(build_document(before, follow_ups_catalog))
    labels, profiles = table_labels(follow_ups_catalog, KINDS), table_profiles(KINDS)
    assert list(rest_rows(text, labels, profiles)) == [(REST, CountFigure("Overige soorten", 3, 9))]

    now = publish_round(data, follow_ups_catalog, [])
    assert _table(now.section, follow_ups_catalog) == [
        ("groep", "12"),
        ("Overige soorten", "10"),
        ("Totaal", "22"),
    ]
    assert read_tables(follow_ups_catalog, [now.section], log, KINDS) == []
    text = render_markdown(build_document(now.section, follow_ups_catalog))
    assert (
        "Onder ‘Overige soorten’ staat ook één soort die 5 of meer ervaringsdeskundigen "
        "meldden. Anders zou je kunnen uitrekenen wat minder dan 5 ervaringsdeskundigen samen "
        "meldden." in text
    )
    # The public export has the same rows, and names no hidden kind.
    kinds = [
        (r.answer, r.count) for r in public_rows(now.section) if r.question == "Soort bijdrage"
    ]
    assert kinds == [
        ("groep", 12),
        ("groep: contacten", 36),
        ("Overige soorten", 10),
        ("Overige soorten: contacten", 30),
    ]


def test_one_peer_expert_between_an_interim_and_a_final_overige(
    follow_ups_catalog: Catalog,
) -> None:
    """The interim report is safe: 'Overige soorten 10' rests on 7 peer experts. Then the
    peer expert of the talks logs 2 more, and five group leaders one each. Final alone is
    safe too ('Overige soorten 12'), but the two together say what one peer expert logged in
    between (12 - 10). With the ledger the final report shows no kinds at all; it says why."""
    late = _logged(12, "gesprek", 2) + [c for p in range(1, 6) for c in _logged(p, "groep")]
    interim_data, final_data = two_moments(_first(), late)
    logs = [_first(), _first() + late]
    interim = publish_round(interim_data, follow_ups_catalog, [])
    assert ("Overige soorten", "10") in _table(interim.section, follow_ups_catalog)

    alone = publish_round(final_data, follow_ups_catalog, [])  # as without the rule over time
    assert ("Overige soorten", "12") in _table(alone.section, follow_ups_catalog)
    found = read_tables(follow_ups_catalog, [interim.section, alone.section], logs, KINDS)
    rest = (("kind", "gesprek"), ("kind", "raad"), ("kind", "training"))
    assert (0, 1) in _about(found, rest), found

    final = publish_round(final_data, follow_ups_catalog, [interim.published])
    assert read_tables(follow_ups_catalog, [interim.section, final.section], logs, KINDS) == []
    assert _table(final.section, follow_ups_catalog) == []
    text = render_markdown(build_document(final.section, follow_ups_catalog))
    assert "We tonen de bijdragen hier niet per soort." in text
    assert "staan samen onder ‘overige soorten’" not in text
