from datetime import date

from questionnaires.model import Catalog
from report.counting import channel_uses
from report.figures import _number_stats, location_figures, shown, tally
from report.gather import closed_question_ids, log_questionnaire_ids
from report.section import InputSection, QuestionSummary
from storage.counts import ChannelCount, CountRow
from tests.report.conftest import Seeded


def find(section: InputSection, question_id: str) -> QuestionSummary:
    for pillar in section.pillars:
        for part in pillar.parts:
            for role in part.roles:
                for q in role.questions:
                    if q.question_id == question_id:
                        return q
    raise AssertionError(f"{question_id} not in the report")


def test_shown_suppresses_between_one_and_k() -> None:
    assert [shown(n, 5) for n in (0, 1, 4, 5, 9)] == [0, None, None, 5, 9]


def test_no_channel_count_is_found_by_subtraction() -> None:
    """The channels add up to the people of the response table: one channel below k is hidden
    with the smallest other, and with a group hidden in the table no channel has a number."""

    def said(people: list[int], groups_hidden: bool = False) -> list[tuple[int | None, bool]]:
        rows = [ChannelCount(f"c{i}", False, n, n) for i, n in enumerate(people)]
        uses = channel_uses(rows, 5, reflection=False, groups_hidden=groups_hidden)
        return [(u.people, u.protected) for u in uses]

    assert said([120, 3, 7]) == [(120, False), (None, False), (None, True)]
    assert said([120, 3, 2]) == [(120, False), (None, False), (None, False)]
    assert said([120, 9]) == [(120, False), (9, False)]
    assert said([120, 9], groups_hidden=True) == [(None, True), (None, True)]


def test_median_and_mean_from_grouped_counts() -> None:
    assert _number_stats({"2": 1, "4": 2, "10": 1}) == (5.0, 4.0)
    assert _number_stats({"3": 1, "5": 1}) == (4.0, 4.0)
    assert _number_stats({}) == (None, None)


def test_one_small_location_takes_the_next_smallest_with_it(roles_catalog: Catalog) -> None:
    question = roles_catalog.questionnaires["client"].question("c_thuis")
    assert question is not None
    sizes = (("A", 9), ("B", 3), ("C", 6))
    rows = [CountRow("client", place, "c_thuis", "", n, n) for place, n in sizes]
    values = [CountRow("client", place, "c_thuis", "4", n, n) for place, n in sizes]
    figures = location_figures(question, tally(values, rows)["c_thuis"], 5)
    assert [(f.location, f.n) for f in figures] == [("A", 9), ("B", None), ("C", None)]


async def test_closed_question_counts_and_percentages(seeded: Seeded) -> None:
    thuis = find(await seeded.unaudited_section(), "c_thuis")
    assert thuis.n == 18
    counts = {o.token: o.count for o in thuis.options}
    assert counts == {"1": 1, "2": 3, "3": 1, "4": 9, "5": 3, "dont_know": 1, "no_answer": 0}
    assert thuis.key_label == "(helemaal) eens"
    assert round(thuis.key_percent or 0) == 67  # 12 of 18
    assert round(next(o.percent for o in thuis.options if o.token == "4")) == 50


async def test_multi_and_number_questions(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    doen = find(section, "c_doen")
    assert doen.multiple and {o.token: o.count for o in doen.options} == {
        "sport": 3,
        "lezen": 15,
        "koken": 3,
    }
    cijfer = find(section, "c_cijfer")
    assert cijfer.n == 18 and cijfer.options == ()
    assert cijfer.mean == (12 * 8 + 6 * 5) / 18 and cijfer.median == 8


async def test_previous_round_is_compared_by_question_id(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    assert section.previous_round == "Ronde 2025"
    thuis = find(section, "c_thuis")
    assert thuis.previous is not None and thuis.previous.n == 10
    assert thuis.previous.key_percent == 40  # 5, 4, 4 and 4 out of ten
    previous = {o.token: o.previous_percent for o in thuis.options}
    assert previous["2"] == 30 and previous["dont_know"] == 0


async def test_comparison_with_a_small_previous_group_is_suppressed(seeded: Seeded) -> None:
    # Five professionals now, two in the previous round.
    store, catalog = seeded.store, seeded.catalog
    qn = catalog.questionnaires["professional"]
    ids = await store.bulk_responses(seeded.previous.id, "professional", qn, 2)
    await store.bulk_answers((rid, "pr_tijd", 5) for rid in ids)
    tijd = find(await seeded.unaudited_section(), "pr_tijd")
    assert tijd.n == 5 and tijd.previous is not None
    assert tijd.previous.suppressed and tijd.previous.key_percent is None
    assert all(o.previous_percent is None for o in tijd.options)


async def test_small_groups_are_suppressed_everywhere(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    naaste = find(section, "n_betrokken")
    assert naaste.suppressed and naaste.n is None and naaste.options == ()
    assert naaste.key_percent is None and naaste.previous is None and naaste.locations == ()
    thuis = find(section, "c_thuis")
    places = {f.location: f for f in thuis.locations}
    assert places["De Linde"].n == 8 and round(places["De Linde"].key_percent or 0) == 62
    assert places["Het Anker"].suppressed  # 4 clients
    assert places["Zonnehof"].suppressed  # 6, hidden so Het Anker cannot be derived
    assert places["Zonnehof"].protects_other and not places["Het Anker"].protects_other
    roles = {r.role: r for r in section.verantwoording.roles}
    assert roles["naaste"].completed is None and roles["naaste"].rate is None
    assert roles["client"].completed == 18 and roles["client"].invited == 30
    assert roles["client"].rate == 60
    assert roles["partner"].invited is None and roles["partner"].codes == 1


async def test_a_higher_k_suppresses_more(seeded: Seeded) -> None:
    section = await seeded.unaudited_section(k=7)
    assert find(section, "p_bereikbaar").suppressed  # six partners
    assert not find(section, "c_thuis").suppressed


async def test_pillars_are_split_into_terugblik_reflectie_vooruitblik(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    pillar = next(p for p in section.pillars if p.id == "1")
    assert pillar.heading == "Pijler 1: Cliënten"
    parts = {p.part.value: p for p in pillar.parts}
    assert [p.title for p in pillar.parts] == [
        "Terugblik",
        "Reflectie op de resultaten",
        "Vooruitblik",
    ]
    reflectie = parts["reflectie"].roles[0]
    assert [q.text for q in reflectie.quotes] == ["Meer uitjes graag, bel mij op [telefoonnummer]"]
    assert parts["vooruitblik"].roles == ()  # the only vooruitblik text was rejected


async def test_art_items_gather_every_role(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    items = {i.item_id: i for i in section.art_items}
    assert set(items) == {"1.i", "15.c"}
    assert [r.role for r in items["15.c"].roles] == ["client", "naaste", "partner"]
    assert items["15.c"].pillar_title == "de Samenleving"
    by_role = {r.role: r.questions[0] for r in items["15.c"].roles}
    assert by_role["naaste"].suppressed and by_role["partner"].n == 6


async def test_peer_experts_from_questionnaire_log_and_contributions(seeded: Seeded) -> None:
    pe = (await seeded.unaudited_section()).peer_experts
    survey = [q for part in pe.survey_parts for r in part.roles for q in r.questions]
    assert [q.question_id for q in survey] == ["ed_ingezet"] and survey[0].suppressed
    assert pe.log_contributions == 7
    soort = next(q for q in pe.log_questions if q.question_id == "b_soort")
    assert {o.token: o.count for o in soort.options}["groep"] == 5
    assert pe.table_total is not None and pe.table_total.n == 8
    assert pe.table_total.people_reached == 80
    kinds = {f.label: f.n for f in pe.by_kind}
    assert kinds == {"groepsbijeenkomst": 6, "training": None}
    assert [f.label for f in pe.by_pillar] == ["Cliënten"]


async def test_client_experience_line(seeded: Seeded) -> None:
    section = await seeded.unaudited_section()
    text = section.verantwoording.client_experience
    assert text.startswith("Gemeten in deze ronde, van ")
    assert "1 maart 2026" in text and "twee jaar" in text


async def test_empty_round_builds(seeded: Seeded) -> None:
    empty = await seeded.store.create_round("Leeg", 2026, date(2027, 1, 1), date(2027, 2, 1))
    section = await seeded.section(empty)
    assert section.verantwoording.roles == ()
    assert "Ronde 2026" in section.verantwoording.client_experience  # the last measurement
    assert all(
        q.suppressed
        for p in section.pillars
        for pt in p.parts
        for r in pt.roles
        for q in r.questions
    )


async def test_one_pass_counts_match_the_general_queries(seeded: Seeded) -> None:
    """Reports count a round in one pass (`round_counts`); the general queries, one per kind
    of figure, give the same rows: also for the peer experts' log (many responses a person)."""
    store, catalog = seeded.store, seeded.catalog
    closed = closed_question_ids(catalog)
    many = log_questionnaire_ids(catalog)

    def rows(found: list[CountRow]) -> list[tuple[object, ...]]:
        return sorted(
            (r.role, r.location or "", r.question_id, r.value, r.n, r.people) for r in found
        )

    for round_ in (seeded.current, seeded.previous):
        counted = await store.round_counts(round_.id, closed, many=many)
        general = await store.answer_people(round_.id, closed, many=many)
        assert rows(counted.counts) == rows(general)
        by_location = await store.question_people(round_.id, many=many)
        assert rows(counted.respondents) == rows(by_location)
        everywhere = await store.question_people(round_.id, by_location=False, many=many)
        assert rows(counted.people) == rows(everywhere)
