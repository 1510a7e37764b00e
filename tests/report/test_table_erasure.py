"""The peer experts' contributions table when a peer expert erases everything between two
outputs (/verwijder: storage.participants.erase_participant takes their contributions away),
through the database and the publication ledger. The table attacker
(tests/report/attacker_table.py) holds every published table, knows what each peer expert
logged, how many logged more and how many went between two outputs, and attacks the
contributions of every group below k: up to each output, logged in between, and taken away in
between. The random sequences of tests/report/test_privacy_sequences.py erase too."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import report.gather
import storage.contributions
from questionnaires.model import AnswerValue, Catalog
from report.aggregate import assemble
from report.audit import protect
from report.gather import gather
from report.publishing import audited_section
from report.section import InputSection
from storage.store import Contribution, Location, Round, Store
from tests.report.attacker_table import Logged, TableDisclosure
from tests.report.conftest import fill_answers
from tests.report.test_ledger_moments import _publish
from tests.report.test_privacy_sequences import read_tables

K = 5
TODAY = date(2026, 5, 1)
KINDS = ("groep", "gesprek", "raad")


class Log:
    """The round's contributions log in the database, and as the attacker knows it."""

    def __init__(self, store: Store, round_: Round, people: list[int]) -> None:
        self.store = store
        self.round = round_
        self.people = people  # each peer expert's log response
        self.entries: list[Logged] = []

    async def add(self, person: int, kind: str, place: Location, times: int = 1) -> None:
        for _ in range(times):
            contribution = Contribution("2026-03-15", kind, ["client"], 4, "1", None, None, None)
            await self.store.add_contribution(
                self.round.id,
                contribution,
                response_id=self.people[person],
                location_id=place.id,
            )
            entry = Logged(person, kind, "1", str(place.id), frozenset({"client"}), 4)
            self.entries.append(entry)

    async def erase(self, person: int) -> None:
        """The peer expert erases everything: their contributions go with them."""
        response = await self.store.get_response(self.people[person])
        assert response is not None
        await self.store.erase_participant(response.participant_id)
        self.entries = [c for c in self.entries if c.person != person]


def _kinds(section: InputSection) -> list[tuple[str, int | None]]:
    return [(f.label, f.n) for f in section.peer_experts.by_kind]


def _went(found: list[TableDisclosure]) -> set[tuple[tuple[str, str], ...]]:
    return {d.cells for d in found if d.went}


def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every contribution and every reading of the table a second after the one before (the
    ledger's moments are seconds: one logged in the same second as a reading counts as
    before it)."""
    ticks = itertools.count()

    def now() -> str:
        return (START + timedelta(seconds=next(ticks))).isoformat(timespec="seconds")

    monkeypatch.setattr(storage.contributions, "now", now)
    monkeypatch.setattr(report.gather, "now", now)


START = datetime(2026, 4, 1, 10, tzinfo=UTC)


async def test_a_peer_expert_who_erases_everything_stays_hidden(
    tmp_path: Path, roles_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six peer experts lead groups at Locatie A (12 contributions); five have talks at
    Locatie B, one of them 3 (7 in all): the interim report shows both kinds. Then the one with
    3 talks erases everything. An output right then without the ledger would show the total
    only (talks are down to 4 peer experts), and 19 - 16 says what that person had logged; with
    the ledger it shows nothing. Then five group leaders log one more each and the final report
    shows the total again (21): nothing of the one who went, nor of anyone else below k, can be
    worked out from it and the interim report."""
    _clock(monkeypatch)
    async with Store.open(tmp_path / "db.sqlite3") as store:
        round_ = await store.create_round("Jaar", 2026, date(2026, 1, 1), date(2026, 12, 31))
        a = await store.add_location("Locatie A")
        b = await store.add_location("Locatie B")
        entry: dict[str, AnswerValue] = {"b_datum": "2026-03-10", "b_soort": "groep"}
        people = await fill_answers(
            store, roles_catalog, round_.id, "ervaringsdeskundige_bijdrage", [entry] * 11
        )
        log = Log(store, round_, people)
        for person in range(6):
            await log.add(person, "groep", a, times=2)
        await log.add(6, "gesprek", b, times=3)
        for person in range(7, 11):
            await log.add(person, "gesprek", b)
        logs = [list(log.entries)]
        interim = await _publish(store, roles_catalog, round_)
        assert _kinds(interim.section) == [("groep", 12), ("gesprek", 7)]

        await log.erase(6)
        logs.append(list(log.entries))
        data = await gather(store, roles_catalog, round_)
        report = assemble(data, roles_catalog, k=K, organisation="Test", today=TODAY)
        bare = protect(report, data, roles_catalog)  # without the ledger
        total = bare.section.peer_experts.table_total
        assert total is not None and total.n == 16
        found = read_tables(roles_catalog, [interim.section, bare.section], logs, KINDS)
        assert (("total", ""),) in _went(found), found  # the 3 talks of the one who went

        now = await audited_section(  # read with the ledger, not published
            store, roles_catalog, round_, min_group_size=K, organisation="Test", today=TODAY
        )
        total = now.section.peer_experts.table_total
        assert total is not None and total.n is None and total.protected
        assert read_tables(roles_catalog, [interim.section, now.section], logs, KINDS) == []

        for person in range(5):
            await log.add(person, "groep", a)
        logs[-1] = list(log.entries)
        final = await _publish(store, roles_catalog, round_)
        total = final.section.peer_experts.table_total
        assert total is not None and total.n == 21  # the total again: 5 logged, 1 went
        assert read_tables(roles_catalog, [interim.section, final.section], logs, KINDS) == []
