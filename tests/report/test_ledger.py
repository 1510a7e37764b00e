"""The publication ledger: an interim report and the final one together give no small group away.

The example of issue 18: a round with a location of 4 clients (De Wilgen). The interim report
hides De Wilgen; then 3 more people answer (1 at De Wilgen, 2 at Centrum) and the final report
shows De Wilgen (now 5). Without the ledger a reader subtracts: all 4 interim De Wilgen clients
answered "ja". With it, the audit of the final report knows what the interim one showed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import Protected, protect
from report.gather import Answers, RoundData
from report.ledger import CURRENT, dump, load
from report.walk import summaries
from storage.counts import CountRow, GroupSize
from storage.store import Round
from tests.report.attacker import Disclosure, Truth, attack_sequence

K = 5
INTERIM = {
    "Centrum": ["yes"] * 19 + ["no"] * 11,
    "De Wilgen": ["yes"] * 4,
    "Oost": ["yes"] * 25 + ["no"] * 10 + ["dont_know"] * 4,
}
LATE = {"Centrum": ["yes", "no"], "De Wilgen": ["no"]}
ROUND = Round(1, "Voorjaar 2026", 2026, date(2026, 3, 1), date(2026, 6, 30), None, None)


def answers_of(people: dict[str, list[str]]) -> tuple[Answers, Truth]:
    """Grouped rows (as storage/counts.py makes them) of one yes/no answer per person."""
    values = {place: Counter(given) for place, given in people.items()}
    counts = tuple(
        CountRow("client", place, "c_p", token, n, n)
        for place, tally in values.items()
        for token, n in tally.items()
    )
    sizes = {place: len(given) for place, given in people.items()}
    respondents = tuple(CountRow("client", p, "c_p", "", n, n) for p, n in sizes.items())
    total = sum(sizes.values())
    answers = Answers(
        counts,
        respondents,
        (CountRow("client", None, "c_p", "", total, total),),
        tuple(GroupSize("client", p, n) for p, n in sizes.items()),
    )
    truth = Truth({"c_p": {p: dict(t) for p, t in values.items()}}, {"c_p": sizes}, sizes)
    return answers, truth


def publish(catalog: Catalog, people: dict[str, list[str]], *earlier: Protected) -> Protected:
    answers, _ = answers_of(people)
    data = RoundData(round=ROUND, current=answers)
    section = assemble(data, catalog, k=K, organisation="Test", today=date(2026, 5, 1))
    # Through the ledger's own JSON, as the database keeps it.
    history = {CURRENT: [load(dump(p.published[CURRENT], {}), {}) for p in earlier]}
    return protect(section, data, catalog, history)


def final_people() -> dict[str, list[str]]:
    return {place: INTERIM[place] + LATE.get(place, []) for place in INTERIM}


def reader(catalog: Catalog, *outputs: tuple[Protected, dict[str, list[str]]]) -> list[Disclosure]:
    """What a reader holding every output (each with the answers it was made from) works out
    about groups below k."""
    return list(
        attack_sequence(
            [o.section for o, _ in outputs],
            catalog,
            "client",
            {"current": [answers_of(people)[1] for _, people in outputs]},
            [o.left_out for o, _ in outputs],
        )
    )


def test_without_the_ledger_interim_and_final_give_de_wilgen_away(
    follow_ups_catalog: Catalog,
) -> None:
    """The issue as it was: each report holds on its own, the two together do not."""
    interim = publish(follow_ups_catalog, INTERIM)
    final = publish(
        follow_ups_catalog, final_people()
    )  # audited as if nothing was published before
    assert reader(follow_ups_catalog, (interim, INTERIM)) == []
    assert reader(follow_ups_catalog, (final, final_people())) == []
    found = reader(follow_ups_catalog, (interim, INTERIM), (final, final_people()))
    # The two reports rule out that none of the 4 interim De Wilgen clients said "ja" (in
    # fact all 4 did, which the reader worked out), and that all of them said "nee".
    assert Disclosure("current at 0", "c_p", ("De Wilgen",), "yes", False) in found, found
    assert Disclosure("current at 0", "c_p", ("De Wilgen",), "no", True) in found, found


def test_with_the_ledger_no_sequence_gives_a_small_group_away(follow_ups_catalog: Catalog) -> None:
    interim = publish(follow_ups_catalog, INTERIM)
    final = publish(follow_ups_catalog, final_people(), interim)
    assert reader(follow_ups_catalog, (interim, INTERIM), (final, final_people())) == []
    # Only 3 people answered after the interim report: the totals before and after would give
    # their answers away, so the final report cannot show this question's figures at all.
    assert summaries(final.section)["c_p"].n is None
    assert "uitrekenen" in (final.section.audit_note or "")
    # Publishing the final report again (another format, the ART part) changes nothing.
    again = publish(follow_ups_catalog, final_people(), interim, final)
    assert again.section == final.section


def test_enough_late_answers_show_the_totals_again(follow_ups_catalog: Catalog) -> None:
    """Sixteen more people (one at De Wilgen, three at Centrum), enough of them on every
    answer: the totals are shown, but not De Wilgen's figure, which together with the interim
    report would tell how the 4 answered."""
    later = {place: list(given) for place, given in INTERIM.items()}
    later["Centrum"] += ["yes", "no", "dont_know"]
    later["Oost"] += ["yes", "no", "dont_know"] * 4
    later["De Wilgen"] += ["no"]
    interim = publish(follow_ups_catalog, INTERIM)
    final = publish(follow_ups_catalog, later, interim)
    assert reader(follow_ups_catalog, (interim, INTERIM), (final, later)) == []
    shown = summaries(final.section)["c_p"]
    assert shown.n == 89
    assert all(f.n is None for f in shown.locations if f.location == "De Wilgen")


def test_the_late_respondents_are_a_group_too(follow_ups_catalog: Catalog) -> None:
    """Two late answers at a large location: the total before and after, and the location
    before and after, must not give away what the two said."""
    interim = publish(follow_ups_catalog, INTERIM)
    later = {place: list(given) for place, given in INTERIM.items()}
    later["Oost"] += ["yes", "yes"]
    final = publish(follow_ups_catalog, later, interim)
    assert reader(follow_ups_catalog, (interim, INTERIM), (final, later)) == []
    bare = publish(follow_ups_catalog, later)
    found = reader(follow_ups_catalog, (interim, INTERIM), (bare, later))
    assert any(d.round == "current 0->1" and d.group == ("Oost",) for d in found), found


def test_the_ledger_keeps_figures_and_counts(tmp_path: Path, follow_ups_catalog: Catalog) -> None:
    interim = publish(follow_ups_catalog, INTERIM)
    kept = load(dump(interim.published[CURRENT], {}), {})
    assert kept == interim.published[CURRENT]
    assert {f.value for f in kept.facts if f.place is None and not f.tokens} == {73}


def test_an_answer_erased_between_two_reports_never_breaks_the_final_one(
    follow_ups_catalog: Catalog,
) -> None:
    """The interim report showed De Wilgen (5 people); then one of them erased everything
    (/verwijder) and one more answered at Centrum. What the interim report published decides
    what the final one could give away: where hiding single figures settles nothing, the final
    report shows nothing of that question (before, it stopped with an error)."""
    interim = {
        "Centrum": ["no", "no", "no", "yes", "yes", "yes", "no", "yes", "yes", "yes", "no"],
        "De Wilgen": ["no", "no", "yes", "no", "no"],
        "Oost": ["no"] * 4 + ["dont_know", "yes"] + ["dont_know"] * 3 + ["yes", "yes"],
    }
    final = {**interim, "Centrum": interim["Centrum"] + ["no"], "De Wilgen": ["no", "yes", "no"]}
    first = publish(follow_ups_catalog, interim)
    wilgen = [f for f in summaries(first.section)["c_p"].locations if f.location == "De Wilgen"]
    assert [f.n for f in wilgen] == [5]  # shown: 5 people is k
    second = publish(follow_ups_catalog, final, first)
    question = summaries(second.section)["c_p"]
    assert question.n is None and question.protected
    assert question.options == () and question.locations == ()
