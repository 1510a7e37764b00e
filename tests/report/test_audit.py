"""The disclosure audit on the issue's own cases, and on the seeded round through SQLite."""

from __future__ import annotations

from datetime import date

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import protect
from report.gather import Answers, RoundData, gather
from report.section import InputSection
from report.walk import summaries
from storage.counts import ContributionCount, CountRow, GroupSize
from storage.store import Round
from tests.report.attacker import attack, truths_from
from tests.report.conftest import Seeded
from tests.report.test_privacy_property import K

ROUND = Round(2, "Dit jaar", 2026, date(2026, 3, 1), date(2026, 4, 30), None, None)


def answers(table: dict[str, dict[str, dict[str, int]]]) -> Answers:
    """Grouped rows from {question: {location: {token: people}}}, everyone in one group per
    location (group size: the most people answering any question there)."""
    counts: list[CountRow] = []
    respondents: list[CountRow] = []
    totals: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for question, places in table.items():
        for place, values in places.items():
            n = sum(values.values())
            respondents.append(CountRow("client", place, question, "", n, n))
            counts.extend(CountRow("client", place, question, t, c, c) for t, c in values.items())
            totals[question] = totals.get(question, 0) + n
            sizes[place] = max(sizes.get(place, 0), n)
    people = [CountRow("client", None, q, "", n, n) for q, n in totals.items()]
    groups = [GroupSize("client", p, n) for p, n in sizes.items()]
    return Answers(tuple(counts), tuple(respondents), tuple(people), tuple(groups))


def build(catalog: Catalog, current: Answers) -> tuple[InputSection, RoundData]:
    data = RoundData(round=ROUND, current=current)
    return assemble(data, catalog, k=K, organisation="Test", today=date(2026, 5, 1)), data


def disclosures(section: InputSection, catalog: Catalog, data: RoundData, left_out=None):  # type: ignore[no-untyped-def]
    truth = {"current": truths_from(data.current, "client")}
    return list(attack(section, catalog, "client", truth, left_out or {}))


def yes_no(yes: int, no: int, dont_know: int = 1) -> dict[str, int]:
    return {"yes": yes, "no": no, "dont_know": dont_know}


def test_two_small_locations_together_are_protected(follow_ups_catalog: Catalog) -> None:
    """Locations of 2, 2, 20 and 20: total minus the two shown gave the group of 4 away."""
    current = answers(
        {
            "c_p": {
                "A": {"yes": 2},
                "B": {"no": 2},
                "C": yes_no(10, 9),
                "D": yes_no(12, 7),
            }
        }
    )
    section, data = build(follow_ups_catalog, current)
    assert disclosures(section, follow_ups_catalog, data)  # primary suppression alone leaks
    audited = protect(section, data, follow_ups_catalog)
    assert disclosures(audited.section, follow_ups_catalog, data, audited.left_out) == []
    assert audited.result.extra + audited.result.left_out > 0


def test_follow_up_figures_do_not_give_the_parent_away(follow_ups_catalog: Catalog) -> None:
    """The issue's case: the follow-up's n per location, with the parent's figures, told that
    both Zonnehof clients said no."""
    likert = {"3": 2, "4": 3, "5": 2, "dont_know": 1}
    current = answers(
        {
            "c_p": {
                "De Linde": yes_no(16, 6, 1),
                "Het Anker": yes_no(11, 3, 1),
                "Zonnehof": {"no": 2},
                "Noord": yes_no(7, 5, 1),
            },
            "c_f": {
                "De Linde": {**likert, "4": 11},
                "Het Anker": {**likert, "4": 6},
                "Noord": {"3": 2, "4": 3, "5": 2},
            },
        }
    )
    section, data = build(follow_ups_catalog, current)
    found = disclosures(section, follow_ups_catalog, data)
    assert any(d.group == ("Zonnehof",) and d.question == "c_p" for d in found)
    audited = protect(section, data, follow_ups_catalog)
    assert disclosures(audited.section, follow_ups_catalog, data, audited.left_out) == []
    # The parent question is still shown: the audit hid less than everything.
    assert summaries(audited.section)["c_p"].n is not None


def test_the_note_says_what_and_why_never_which_group(follow_ups_catalog: Catalog) -> None:
    current = answers({"c_p": {"Zonnehof": {"no": 2}, "De Linde": yes_no(16, 6)}})
    section, data = build(follow_ups_catalog, current)
    audited = protect(section, data, follow_ups_catalog)
    note = audited.section.audit_note or ""
    assert "minder dan 5 mensen" in note and "Zonnehof" not in note and "Linde" not in note
    assert max(len(sentence.split()) for sentence in note.split(". ")) <= 20  # B1: short
    assert "Disclosure audit" in (audited.section.audit_summary or "")


def test_a_hidden_contribution_cell_takes_another_with_it(follow_ups_catalog: Catalog) -> None:
    rows = (
        ContributionCount("total", "", 20, 100, 9),
        ContributionCount("kind", "groep", 12, 60, 6),
        ContributionCount("kind", "training", 5, 25, 5),
        ContributionCount("kind", "gesprek", 3, 15, 2),
    )
    data = RoundData(round=ROUND, current=answers({}), contributions=rows)
    section = assemble(data, follow_ups_catalog, k=K, organisation="Test", today=date(2026, 5, 1))
    before = [f.n for f in section.peer_experts.by_kind]
    assert before == [12, 5, None]  # 20 - 12 - 5 = 3: the hidden cell is known
    after = [f.n for f in protect(section, data, follow_ups_catalog).section.peer_experts.by_kind]
    assert after == [12, None, None]


async def test_the_seeded_round_through_sqlite_gives_nothing_away(seeded: Seeded) -> None:
    data = await gather(seeded.store, seeded.catalog, seeded.current)
    section = assemble(data, seeded.catalog, k=5, organisation="T", today=date(2026, 5, 1))
    audited = protect(section, data, seeded.catalog)
    for role in ("client", "naaste", "partner", "professional"):
        truths = {"current": truths_from(data.current, role)}
        assert data.previous is not None
        truths["previous"] = truths_from(data.previous, role)
        found = list(attack(audited.section, seeded.catalog, role, truths, audited.left_out))
        assert found == [], (role, found[:3])


async def test_quotes_of_a_role_below_k_are_withheld(seeded: Seeded) -> None:
    store = seeded.store
    [naaste] = await store.bulk_responses(
        seeded.current.id, "naaste", seeded.catalog.questionnaires["naaste"], 1
    )
    await store.bulk_answers([(naaste, "n_tip", "Meer avonden voor familie.")])
    await store.review_quote(naaste, "n_tip", True, "Meer avonden voor familie.", "t")
    data = await gather(store, seeded.catalog, seeded.current)
    section = assemble(data, seeded.catalog, k=5, organisation="T", today=date(2026, 5, 1))
    assert "Meer avonden" in repr(section)  # approved, but from four naasten
    audited = protect(section, data, seeded.catalog)
    assert "Meer avonden" not in repr(audited.section)
    assert audited.result.quotes_withheld == 1
    assert "We laten 1 citaat uit een te kleine groep weg." in (audited.section.audit_note or "")
