"""Small-group suppression in its pure building blocks, boundary by boundary (k = 5)."""

from __future__ import annotations

from typing import Any

from questionnaires.model import AnswerOption, Catalog, Question, QuestionType, ReportPart, Text
from report.counting import role_responses
from report.figures import Tally, location_figures, shown, summarise_question
from report.section import Comparison, LocationFigure, RoleResponse
from storage.counts import ResponseCount
from storage.store import InviteCount

K = 5


def question(kind: QuestionType, **extra: Any) -> Question:
    return Question(
        id="q",
        type=kind,
        text=Text("Vraag?", "Question?"),
        section_id="s",
        pillar="1",
        feeds=ReportPart.TERUGBLIK,
        **extra,
    )


LIKERT = question(QuestionType.LIKERT)
YESNO = question(QuestionType.YESNO)
CHOICE = question(
    QuestionType.CHOICE,
    options=(
        AnswerOption("a", Text("Optie A")),
        AnswerOption("b", Text("Optie B")),
        AnswerOption("c", Text("C")),
    ),
)
NUMBER = question(QuestionType.NUMBER, unit=Text("jaar", "years"))


def likert_tally(places: dict[str, tuple[int, dict[str, int]]]) -> Tally:
    """Per place: (people, {value: count}); every person gave one answer."""
    return Tally(
        respondents={p: sum(v.values()) or n for p, (n, v) in places.items()},
        values={p: dict(v) for p, (_, v) in places.items()},
        people={p: n for p, (n, _) in places.items()},
    )


def test_shown() -> None:
    assert shown(0, K) == 0  # nobody is no one to protect
    assert shown(K - 1, K) is None
    assert shown(K, K) == K
    assert shown(K + 1, K) == K + 1


def test_locations_need_a_headline_and_two_places() -> None:
    one = likert_tally({"Noord": (8, {"4": 8})})
    assert location_figures(LIKERT, one, K) == ()
    two = likert_tally({"Noord": (8, {"4": 8}), "Zuid": (6, {"2": 6})})
    assert location_figures(CHOICE, two, K) == ()
    assert location_figures(LIKERT, two, K) == (
        LocationFigure("Noord", 8, 100.0),
        LocationFigure("Zuid", 6, 0.0),
    )
    assert location_figures(
        YESNO, likert_tally({"A": (5, {"yes": 2, "no": 3}), "B": (5, {"no": 5})}), K
    ) == (
        LocationFigure("A", 5, 40.0),
        LocationFigure("B", 5, 0.0),
    )


def test_a_place_with_exactly_k_people_is_shown_and_one_less_is_not() -> None:
    figures = location_figures(
        LIKERT,
        likert_tally(
            {
                "A": (K, {"5": K}),
                "B": (K - 1, {"4": K - 1}),
                "C": (K + 2, {"1": K + 2}),
                "D": (K + 1, {"3": K + 1}),
            }
        ),
        K,
    )
    assert [(f.location, f.n, f.protects_other) for f in figures] == [
        ("A", None, True),  # the smallest large place hides too: B = total - A - C - D
        ("B", None, False),
        ("C", K + 2, False),
        ("D", K + 1, False),
    ]


def test_secondary_suppression_only_for_a_single_small_place() -> None:
    two_small = likert_tally(
        {"A": (2, {"4": 2}), "B": (3, {"4": 3}), "C": (9, {"4": 9}), "D": (7, {"4": 7})}
    )
    figures = location_figures(LIKERT, two_small, K)
    assert [(f.location, f.n, f.protects_other) for f in figures] == [
        ("A", None, False),
        ("B", None, False),
        ("C", 9, False),
        ("D", 7, False),
    ]
    # Ties between the smallest large places: the first by name protects.
    tie = likert_tally({"A": (1, {"4": 1}), "Y": (6, {"4": 6}), "X": (6, {"5": 6})})
    assert [(f.location, f.protects_other) for f in location_figures(LIKERT, tie, K)] == [
        ("A", False),
        ("X", True),
        ("Y", False),
    ]


def test_people_not_answers_are_counted() -> None:
    # Six answers (a log, or someone who answered twice) from three people: suppressed.
    tallied = Tally(
        respondents={"A": 6, "B": 8},
        values={"A": {"4": 6}, "B": {"4": 8}},
        people={"A": 3, "B": 8},
    )
    assert [f.n for f in location_figures(LIKERT, tallied, K)] == [None, None]
    # Answers counted without any headline value at a place: a percentage of zero, shown.
    no_values = Tally(respondents={"A": 6, "B": 7}, values={"B": {"4": 7}}, people={"A": 6, "B": 7})
    assert location_figures(LIKERT, no_values, K) == (
        LocationFigure("A", 6, 0.0),
        LocationFigure("B", 7, 100.0),
    )


def tally_of(values: dict[str, int], people: int | None = None) -> Tally:
    n = sum(values.values())
    return Tally({"A": n}, {"A": dict(values)}, {"A": n if people is None else people})


def test_a_question_below_k_carries_no_figures() -> None:
    below = summarise_question(LIKERT, "client", tally_of({"4": K - 1}), None, None, K)
    assert below.suppressed and below.options == () and below.key_percent is None
    assert (below.text, below.role, below.type, below.key_label) == (
        "Vraag?",
        "client",
        QuestionType.LIKERT,
        "(helemaal) eens",
    )
    assert summarise_question(LIKERT, "client", None, None, None, K).suppressed
    # Many answers from few people (one person logging often) stay suppressed.
    assert summarise_question(
        LIKERT, "client", tally_of({"4": 9}, people=4), None, None, K
    ).suppressed


def test_options_with_counts_percentages_and_zero_for_unchosen() -> None:
    at_k = summarise_question(CHOICE, "naaste", tally_of({"a": 3, "b": 2}), None, None, K)
    assert at_k.n == K and not at_k.multiple and at_k.key_percent is None
    assert [(o.token, o.label, o.count, o.percent, o.previous_percent) for o in at_k.options] == [
        ("a", "Optie A", 3, 60.0, None),
        ("b", "Optie B", 2, 40.0, None),
        ("c", "C", 0, 0.0, None),
    ]
    likert = summarise_question(LIKERT, "client", tally_of({"5": 2, "4": 1, "1": 3}), None, None, K)
    assert likert.key_percent == 50.0 and likert.locations == ()


def test_previous_round_shown_only_when_it_reached_k() -> None:
    current = tally_of({"4": 6, "2": 4})
    ok = summarise_question(LIKERT, "client", current, tally_of({"5": 4, "1": 1}), "2025", K)
    assert ok.previous == Comparison("2025", K, 80.0, 4.2)  # likert: a mean of 1-5 too
    assert [o.previous_percent for o in ok.options][:5] == [20.0, 0.0, 0.0, 0.0, 80.0]
    low = summarise_question(LIKERT, "client", current, tally_of({"5": 4}), "2025", K)
    assert low.previous == Comparison("2025", None, None, None)
    assert all(o.previous_percent is None for o in low.options)
    assert summarise_question(LIKERT, "client", current, None, None, K).previous is None
    # A previous tally without a round name is no comparison.
    assert (
        summarise_question(LIKERT, "client", current, tally_of({"5": 9}), None, K).previous is None
    )


def test_numbers_give_mean_median_and_the_previous_mean() -> None:
    current = tally_of({"20": 2, "30": 2, "70": 1})
    summary = summarise_question(NUMBER, "client", current, tally_of({"10": 5, "40": 1}), "2025", K)
    assert (summary.n, summary.mean, summary.median, summary.unit) == (5, 34.0, 30.0, "jaar")
    assert summary.options == () and summary.locations == ()
    assert summary.previous == Comparison("2025", 6, None, 15.0)
    even = summarise_question(NUMBER, "client", tally_of({"20": 3, "30": 3}), None, None, K)
    assert (even.mean, even.median) == (25.0, 25.0)
    assert summarise_question(LIKERT, "client", current, None, None, K).unit is None


def test_multi_answers_are_marked() -> None:
    multi = question(QuestionType.MULTI, options=CHOICE.options)
    summary = summarise_question(
        multi, "client", tally_of({"a": 5, "b": 3}, people=5), None, None, K
    )
    assert summary.multiple and [o.count for o in summary.options] == [5, 3, 0]


def test_contribution_breakdowns_sorted_labelled_and_suppressed_by_people() -> None:
    from report.counting import count_figures
    from report.section import CountFigure
    from storage.counts import ContributionCount

    rows = [
        ContributionCount("kind", "training", 2, 30, people=K),
        ContributionCount("kind", "groep", 6, 60, people=K + 1),
        ContributionCount("kind", "", 2, 9, people=K),
        ContributionCount("kind", "gesprek", 9, 9, people=K - 1),
        ContributionCount("pillar", "1", 99, 1, people=9),
    ]
    labels = {"groep": "Groepsbijeenkomst", "gesprek": "Gesprek"}
    assert count_figures(rows, "kind", K, labels) == (
        CountFigure("Gesprek", None, None),  # most first: nine, but from four people
        CountFigure("Groepsbijeenkomst", 6, 60),
        CountFigure("onbekend", 2, 9),  # ties by key: '' before 'training'
        CountFigure("training", 2, 30),
    )


def test_response_per_role(roles_catalog: Catalog) -> None:
    invites = [
        InviteCount("client", "survey", 20, 20),
        InviteCount("client", "survey", 5, 10),
        InviteCount("naaste", "survey", 1, None),  # a team code without a limit
        InviteCount("ervaringsdeskundige", "contribution", 1, None),  # the log: not here
    ]
    responses = [
        ResponseCount("client", "client", 12, 6, 6, started_people=12),
        ResponseCount("naaste", "naaste", 3, 2, 2, started_people=3),
        ResponseCount("partner", "partner", 7, 7, 7, started_people=7),  # no code this round
        ResponseCount("ervaringsdeskundige", "ervaringsdeskundige_bijdrage", 9, 9, 9, 9),
    ]
    assert role_responses(invites, responses, roles_catalog, K) == (
        RoleResponse("client", "Cliënten", 25, 30, 12, 6, 20.0),
        RoleResponse("naaste", "Naasten", 1, None, None, None, None),
        RoleResponse("partner", "Samenwerkingspartners", 0, None, 7, 7, None),
    )
