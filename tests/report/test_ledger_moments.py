"""The publication ledger through the database: the peer experts' contributions table is
remembered too, and a location renamed between two outputs stays the same location."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from questionnaires.model import AnswerValue, Catalog
from report.aggregate import assemble
from report.audit import Protected, protect
from report.document import build_document
from report.gather import gather
from report.markdown import render_markdown
from report.publishing import Audited, audited_section, record
from report.walk import summaries
from storage.store import Contribution, Location, Round, Store
from tests.report.attacker import Disclosure, Truth, attack_sequence, truths_from
from tests.report.conftest import fill_answers

K = 5
TODAY = date(2026, 5, 1)


async def _publish(store: Store, catalog: Catalog, round_: Round) -> Audited:
    audited = await audited_section(
        store, catalog, round_, min_group_size=K, organisation="Test", today=TODAY
    )
    await record(store, audited, actor="test", what="all", formats=("md",))
    return audited


async def _peer_experts(
    store: Store, catalog: Catalog, count: int
) -> tuple[Round, Location, list[int]]:
    """A round, its location Centrum and `count` peer experts' log responses."""
    round_ = await store.create_round("Jaar", 2026, date(2026, 1, 1), date(2026, 12, 31))
    centrum = await store.add_location("Centrum")
    entry: dict[str, AnswerValue] = {"b_datum": "2026-03-10", "b_soort": "groep"}
    people = await fill_answers(
        store, catalog, round_.id, "ervaringsdeskundige_bijdrage", [entry] * count
    )
    return round_, centrum, people


async def _log(
    store: Store, round_: Round, response_id: int, kind: str, location: int, times: int = 1
) -> None:
    for _ in range(times):
        contribution = Contribution("2026-03-15", kind, ["client"], 4, "1", None, None, None)
        await store.add_contribution(
            round_.id, contribution, response_id=response_id, location_id=location
        )


async def test_one_peer_expert_between_two_reports_stays_hidden(
    tmp_path: Path, roles_catalog: Catalog
) -> None:
    """Eight peer experts logged 12 contributions; the interim report shows them. Then one
    of them logs 3 more: the final report cannot show the table again (its totals would say
    what that one person did), and says why; a report without the ledger would have."""
    async with Store.open(tmp_path / "db.sqlite3") as store:
        round_, centrum, people = await _peer_experts(store, roles_catalog, 8)
        for person in people:
            await _log(store, round_, person, "groepsbijeenkomst", centrum.id)
        for person in people[:4]:
            await _log(store, round_, person, "training", centrum.id)
        interim = await _publish(store, roles_catalog, round_)
        total = interim.section.peer_experts.table_total
        assert total is not None and total.n == 12

        await _log(store, round_, people[0], "groepsbijeenkomst", centrum.id, times=3)
        final = await _publish(store, roles_catalog, round_)
        total = final.section.peer_experts.table_total
        assert total is not None and total.n is None and total.protected
        text = render_markdown(build_document(final.section, roles_catalog))
        assert "We tonen hier geen aantallen: samen met een verslag dat al eerder is" in text
        assert "12 bijdragen" not in text and "15 bijdragen" not in text

        alone = await audited_section(
            store, roles_catalog, round_, min_group_size=K, organisation="Test", today=TODAY
        )
        assert len(await store.list_publications(round_.id)) == 2
        assert alone.section.peer_experts.table_total == total  # the ledger is read each time


async def test_two_peer_experts_are_not_an_overige_row(
    tmp_path: Path, roles_catalog: Catalog
) -> None:
    """Through the database (storage.counts.contribution_cells): two kinds logged by one peer
    expert each would be 'Overige soorten 3', the work of two people. The smallest kind shown
    joins them, so the row rests on 7 peer experts, and the report says why."""
    async with Store.open(tmp_path / "db.sqlite3") as store:
        round_, centrum, people = await _peer_experts(store, roles_catalog, 13)
        for person in people[:6]:
            await _log(store, round_, person, "groepsbijeenkomst", centrum.id, times=2)
        for i, person in enumerate(people[6:11]):
            await _log(store, round_, person, "training", centrum.id, times=1 + (i < 2))
        await _log(store, round_, people[11], "gesprek", centrum.id, times=2)
        await _log(store, round_, people[12], "raad", centrum.id)
        audited = await _publish(store, roles_catalog, round_)
        kinds = audited.section.peer_experts.by_kind
        assert [f.n for f in kinds] == [12, None, None, None]
        assert kinds[1].protected and not kinds[2].protected  # training: to protect the others
        text = render_markdown(build_document(audited.section, roles_catalog))
        assert "| Overige soorten | 10 |" in text and "| Overige soorten | 3 |" not in text
        assert "Onder ‘Overige soorten’ staat ook één soort die 5 of meer" in text


async def test_a_renamed_location_is_the_same_location(
    tmp_path: Path, roles_catalog: Catalog
) -> None:
    """Issue 18's example with a rename: De Wilgen (4 clients, all "ja") is hidden in the
    interim report; it is renamed Wilgenhof and one more client answers there ("nee"), with
    enough late answers at Centrum and Oost. To the audit Wilgenhof is De Wilgen with one late
    client: the final report keeps that one person's answer to itself, as without the rename."""
    finals = []
    for rename in (False, True):
        async with Store.open(tmp_path / f"db-{rename}.sqlite3") as store:
            round_ = await store.create_round("Jaar", 2026, date(2026, 1, 1), date(2026, 12, 31))
            places = {name: await store.add_location(name) for name in PEOPLE}

            await _answer(store, roles_catalog, round_, places, PEOPLE)
            interim = summaries((await _publish(store, roles_catalog, round_)).section)["c_steun"]
            assert [f.n for f in interim.locations if f.location == "De Wilgen"] == [None]
            if rename:
                await store.rename_location(places["De Wilgen"].id, "Wilgenhof")
            await _answer(store, roles_catalog, round_, places, LATE)
            final = summaries((await _publish(store, roles_catalog, round_)).section)["c_steun"]
            finals.append(final)
            place = "Wilgenhof" if rename else "De Wilgen"
            assert all(f.n is None for f in final.locations if f.location == place), final
    same = [(f.n, f.options, [(p.n, p.key_percent) for p in f.locations]) for f in finals]
    assert same[0] == same[1], finals


async def _answer(
    store: Store,
    catalog: Catalog,
    round_: Round,
    places: dict[str, Location],
    people: dict[str, list[str]],
) -> None:
    for name, given in people.items():
        rows: list[dict[str, AnswerValue]] = [{"c_steun": v} for v in given]
        await fill_answers(store, catalog, round_.id, "client", rows, places[name].id)


PEOPLE = {
    "Centrum": ["yes"] * 19 + ["no"] * 11,
    "De Wilgen": ["yes"] * 4,
    "Oost": ["yes"] * 25 + ["no"] * 10 + ["dont_know"] * 4,
}
LATE = {"Centrum": ["yes", "no"] * 3, "De Wilgen": ["no"], "Oost": ["yes", "no"] * 3}


async def test_an_erased_and_a_changed_answer_stay_private(
    tmp_path: Path, roles_catalog: Catalog
) -> None:
    """De Wilgen has 6 clients in the interim report (5 "ja", 1 "nee"): shown. Then the one
    who said "nee" erases everything (/verwijder), one Centrum client reopens and changes "ja"
    into "nee", and more people answer at Centrum and Oost. A reader holding both reports and
    every group's size (who went and came, too) learns nothing about anyone below k: not what
    the erased person said, not the changed answer, not the late ones. Without the ledger the
    final report would have told what the erased person said."""
    async with Store.open(tmp_path / "db.sqlite3") as store:
        round_ = await store.create_round("Jaar", 2026, date(2026, 1, 1), date(2026, 12, 31))
        people = {**PEOPLE, "De Wilgen": ["yes"] * 5 + ["no"]}
        places = {name: await store.add_location(name) for name in people}
        ids = {}
        for name, given in people.items():
            rows: list[dict[str, AnswerValue]] = [{"c_steun": v} for v in given]
            ids[name] = await fill_answers(
                store, roles_catalog, round_.id, "client", rows, places[name].id
            )
        interim = await _publish(store, roles_catalog, round_)
        shown = summaries(interim.section)["c_steun"].locations
        assert [f.n for f in shown if f.location == "De Wilgen"] == [6]
        before = await gather(store, roles_catalog, round_)

        erased = await store.get_response(ids["De Wilgen"][-1])
        assert erased is not None
        await store.erase_participant(erased.participant_id)
        await store.save_answer(ids["Centrum"][0], "c_steun", "no")  # was "yes"
        late = {name: given for name, given in LATE.items() if name != "De Wilgen"}
        await _answer(store, roles_catalog, round_, places, late)
        final = await _publish(store, roles_catalog, round_)
        after = await gather(store, roles_catalog, round_)
        gone = Truth(
            {"c_steun": {"De Wilgen": {"no": 1}, "Centrum": {"yes": 1}}},
            {"c_steun": {"De Wilgen": 1, "Centrum": 1}},
            {"De Wilgen": 1, "Centrum": 1},
        )
        truths = {"current": [truths_from(d.current, "client") for d in (before, after)]}

        def read(*outputs: Audited | Protected) -> list[Disclosure]:
            return list(
                attack_sequence(
                    [o.section for o in outputs],
                    roles_catalog,
                    "client",
                    truths,
                    [o.left_out for o in outputs],
                    {"current": [None, gone]},
                )
            )

        assert read(interim, final) == []
        alone = await audited_section(
            store, roles_catalog, round_, min_group_size=K, organisation="Test", today=TODAY
        )
        assert read(interim, alone) == []  # the ledger is read each time

        report = assemble(after, roles_catalog, k=K, organisation="Test", today=TODAY)
        bare = protect(report, after, roles_catalog)  # without the ledger
        found = read(interim, bare)
        # They rule out that the one who went said "ja" (they did not).
        went = Disclosure("current 0->1 went", "c_steun", ("De Wilgen",), "yes", True)
        assert went in found, found
