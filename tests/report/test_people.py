"""Every threshold counts people, not answer sets or contributions. Each test here fails when
the suppression rule it names is removed from report/aggregate.py."""

from datetime import UTC, date, datetime

from questionnaires.model import Catalog, Kind
from report.aggregate import assemble
from report.gather import gather
from report.section import InputSection, QuestionSummary
from storage.identities import Chat
from storage.store import Contribution, Round, Store
from tests.report.conftest import Seeded

EXPIRES = datetime(2026, 5, 1, tzinfo=UTC)
AT = datetime(2026, 3, 20, 12, tzinfo=UTC)


async def section(seeded: Seeded, round_: Round | None = None) -> InputSection:
    """The section before the disclosure audit: the primary rules, one by one."""
    data = await gather(seeded.store, seeded.catalog, round_ or seeded.current)
    return assemble(
        data, seeded.catalog, k=5, organisation="Stichting Test", today=date(2026, 5, 1)
    )


def find(s: InputSection, question_id: str) -> QuestionSummary:
    found = [
        q
        for p in s.pillars
        for pt in p.parts
        for r in pt.roles
        for q in r.questions
        if q.question_id == question_id
    ]
    return found[0]


async def answer_with_team_code(
    store: Store, catalog: Catalog, round_id: int, role: str, chat_id: int, times: int
) -> None:
    """One person opens the same team code `times` times and submits each time."""
    questionnaire = catalog.for_role(role)
    assert questionnaire is not None
    [invite] = await store.create_invites(round_id, role, 1, EXPIRES, max_uses=None)
    for value in range(times):
        response, problem = await store.start_response(
            Chat(chat_id), invite.code, questionnaire, "test", at=AT
        )
        assert response is not None, problem
        await store.save_answer(response.id, "pr_tijd", 1 + value % 5)
        await store.submit_response(response.id, ["pr_tijd"])


async def test_one_person_with_a_team_code_is_one_respondent(seeded: Seeded) -> None:
    """The issue's case: one person submitting five times showed "n = 5", "Ingevuld 5"."""
    store, catalog = seeded.store, seeded.catalog
    fresh = await store.create_round("Team", 2026, date(2026, 3, 1), date(2026, 4, 30))
    await answer_with_team_code(store, catalog, fresh.id, "professional", 4242, times=5)
    s = await section(seeded, fresh)
    assert find(s, "pr_tijd").suppressed
    [row] = [r for r in s.verantwoording.roles if r.role == "professional"]
    assert row.started is None and row.completed is None  # one person, not five


async def test_role_started_counts_are_suppressed_below_k(seeded: Seeded) -> None:
    roles = {r.role: r for r in (await section(seeded)).verantwoording.roles}
    assert roles["naaste"].started is None  # three naasten started
    assert roles["client"].started == 18


async def test_role_completed_counts_are_suppressed_below_k(seeded: Seeded) -> None:
    roles = {r.role: r for r in (await section(seeded)).verantwoording.roles}
    assert roles["naaste"].completed is None and roles["naaste"].rate is None
    assert roles["partner"].completed == 6


async def log_round(seeded: Seeded, people: int, each: int, places: tuple[str, ...] = ()) -> Round:
    """A round where `people` peer experts each log `each` contributions through the bot's
    store path (one logbook code per person), and each one is in the contributions table, at
    the `places` in turn (none: without a location)."""
    store, catalog = seeded.store, seeded.catalog
    fresh = await store.create_round(f"Log {people}", 2026, date(2026, 3, 1), date(2026, 4, 30))
    log = catalog.for_role("ervaringsdeskundige", Kind.CONTRIBUTION)
    assert log is not None
    locations = [await store.add_location(place) for place in places]
    for person in range(people):
        location_id = locations[person % len(locations)].id if locations else None
        [invite] = await store.create_invites(
            fresh.id, "ervaringsdeskundige", 1, EXPIRES, max_uses=None, kind="contribution"
        )
        for _ in range(each):
            response, problem = await store.start_response(
                Chat(7000 + person), invite.code, log, "test", at=AT
            )
            assert response is not None, problem
            await store.save_answer(response.id, "b_soort", "groep")
            await store.submit_response(response.id, ["b_soort"])
            await store.add_contribution(
                fresh.id,
                Contribution("2026-03-15", "groep", ["client"], 9, "1", None, None, None),
                response_id=response.id,
                location_id=location_id,
            )
    return fresh


async def test_a_log_of_many_contributions_by_few_people_is_suppressed(seeded: Seeded) -> None:
    pe = (await section(seeded, await log_round(seeded, people=2, each=6))).peer_experts
    assert pe.log_contributions is None  # 12 contributions, but by two people
    assert pe.log_people is None
    soort = next(q for q in pe.log_questions if q.question_id == "b_soort")
    assert soort.suppressed
    assert pe.table_total is not None
    assert pe.table_total.n is None and pe.table_total.people_reached is None
    assert all(f.n is None and f.people_reached is None for f in pe.by_kind)


async def test_a_log_by_enough_people_is_shown(seeded: Seeded) -> None:
    pe = (await section(seeded, await log_round(seeded, people=5, each=2))).peer_experts
    assert (pe.log_contributions, pe.log_people) == (10, 5)
    assert pe.table_total is not None
    assert (pe.table_total.n, pe.table_total.people_reached) == (10, 90)
    assert [(f.n, f.people_reached) for f in pe.by_kind] == [(10, 90)]
    assert pe.by_location == ()  # one place (none given): a row would repeat the total


async def test_contributions_per_location_only_for_more_than_one(seeded: Seeded) -> None:
    places = ("De Kade", "Het Veld")
    pe = (await section(seeded, await log_round(seeded, 15, 1, places))).peer_experts
    assert [(f.label, f.n, f.people_reached) for f in pe.by_location] == [
        ("De Kade", 8, 72),
        ("Het Veld", 7, 63),
    ]
    pe = (await section(seeded, await log_round(seeded, 9, 1, places))).peer_experts
    # Four peer experts at Het Veld: hidden, and still a breakdown (De Kade is not the total).
    assert [(f.label, f.n) for f in pe.by_location] == [("De Kade", 5), ("Het Veld", None)]


async def test_people_reached_hides_with_its_cell(seeded: Seeded) -> None:
    pe = (await section(seeded)).peer_experts
    kinds = {f.label: (f.n, f.people_reached) for f in pe.by_kind}
    assert kinds["training"] == (None, None)  # two peer experts: hidden, reach too
    assert kinds["groepsbijeenkomst"] == (6, 60)


async def test_location_figures_count_people(seeded: Seeded) -> None:
    places = {f.location: f for f in find(await section(seeded), "c_thuis").locations}
    assert places["Het Anker"].suppressed and not places["Het Anker"].protects_other
    assert places["De Linde"].n == 8
