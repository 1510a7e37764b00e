"""Property: for random rounds, no published figure gives a group below k away.

Each example is a random round of clients at 1 to 5 locations of 1 to 40 people (often small),
with random answers to a yes/no question, a follow-up shown only after "ja", a choice
question, and a multiple-choice question (one or two options) with a follow-up shown only to
those who chose "sport", plus a previous round for the trend. The report model is built and
audited (the pure path, no SQLite), every output is rendered from it, and the independent
attacker of tests/report/attacker.py tries every group below k and every option. Every renderer
reads only the audited model; Markdown is rendered for every example, HTML and Word (whose charts
take most of the time) for every tenth and fiftieth.
"""

from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import protect
from report.document import build_document
from report.docx import write_docx
from report.gather import Answers, RoundData
from report.markdown import render_markdown
from report.section import NO_LOCATION
from report.webpage import render_html
from storage.counts import CountRow, GroupSize, ResponseCount
from storage.store import Round
from tests.report.attacker import Truth, attack

K = 5
EXAMPLES = 200  # and 30 more in test_privacy_sequences.py, each two reports
TIMINGS: list[float] = []


def _person(rng: random.Random, mood: float) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {}
    if rng.random() > 0.1:
        answers["c_p"] = rng.choices(["yes", "no", "dont_know"], [mood, 1 - mood, 0.1])[0]
    if answers.get("c_p") == "yes" and rng.random() > 0.15:
        tokens = ["1", "2", "3", "4", "5", "dont_know", "no_answer"]
        answers["c_f"] = rng.choices(tokens, [1, 1, 2, 3 * mood + 1, 2 * mood, 0.3, 0.1])[0]
    if rng.random() > 0.2:
        answers["c_q"] = rng.choice(["thuis", "buiten", "kantoor"])
    if rng.random() > 0.25:
        likes = rng.sample(["sport", "lezen", "koken"], rng.choice([1, 1, 2]))
        answers["c_m"] = likes
        if "sport" in likes and rng.random() > 0.2:
            answers["c_mf"] = rng.choices(["yes", "no"], [mood, 1 - mood])[0]
    return answers


People = dict[str, list[dict[str, str | list[str]]]]  # place -> each person's answers


def _people(rng: random.Random, places: list[str], mood: float) -> People:
    """Random people at each place (often a small group); only those who answered something."""
    found: People = {}
    for place in places:
        size = rng.randint(1, 4) if rng.random() < 0.4 else rng.randint(1, 40)
        found[place] = [p for p in (_person(rng, mood) for _ in range(size)) if p]
    return found


def _tally(people: People) -> tuple[Answers, Truth]:
    """The people's answers, tallied the way storage/counts.py groups them."""
    answers: dict[str, dict[str, dict[str, int]]] = {}
    answered: dict[str, dict[str, int]] = {}
    sizes = {place: len(taking_part) for place, taking_part in people.items() if taking_part}
    for place, taking_part in people.items():
        for person in taking_part:
            for question, answer in person.items():
                per_place = answers.setdefault(question, {}).setdefault(place, {})
                for token in [answer] if isinstance(answer, str) else answer:
                    per_place[token] = per_place.get(token, 0) + 1
                answered.setdefault(question, {})[place] = (
                    answered.get(question, {}).get(place, 0) + 1
                )
    location = {p: (None if p == NO_LOCATION else p) for p in people}
    counts = tuple(
        CountRow("client", location[place], q, token, n, n)
        for q, by_place in answers.items()
        for place, values in by_place.items()
        for token, n in values.items()
    )
    respondents = tuple(
        CountRow("client", location[place], q, "", n, n)
        for q, by_place in answered.items()
        for place, n in by_place.items()
    )
    everyone = tuple(
        CountRow("client", None, q, "", sum(by_place.values()), sum(by_place.values()))
        for q, by_place in answered.items()
    )
    groups = tuple(GroupSize("client", location[p], n) for p, n in sizes.items())
    return Answers(counts, respondents, everyone, groups), Truth(answers, answered, sizes)


def _round(rng: random.Random, places: list[str]) -> tuple[Answers, Truth]:
    return _tally(_people(rng, places, rng.random()))


def random_round(seed: int) -> tuple[RoundData, dict[str, Truth]]:
    rng = random.Random(seed)
    count = rng.randint(1, 5)
    places = [f"Locatie {chr(65 + i)}" for i in range(count)]
    if rng.random() < 0.3:
        places[-1] = NO_LOCATION
    current, truth = _round(rng, places)
    previous, before = _round(rng, places[: rng.randint(1, count)])
    rounds = (
        Round(1, "Vorig jaar", 2025, date(2025, 3, 1), date(2025, 4, 30), None, None),
        Round(2, "Dit jaar", 2026, date(2026, 3, 1), date(2026, 4, 30), None, None),
    )
    submitted = sum(truth.sizes.values())
    data = RoundData(
        round=rounds[1],
        current=current,
        previous_round=rounds[0],
        previous=previous,
        responses=(ResponseCount("client", "client", submitted, submitted, submitted, submitted),),
    )
    return data, {"current": truth, "previous": before}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_random_round_gives_a_small_group_away(
    follow_ups_catalog: Catalog, seed: int, tmp_path: Path
) -> None:
    started = time.perf_counter()
    data, truths = random_round(seed)
    section = assemble(data, follow_ups_catalog, k=K, organisation="Test", today=date(2026, 5, 1))
    audited = protect(section, data, follow_ups_catalog)
    for part in ("all", "art"):  # Markdown always; HTML and Word (charts: slow) now and then
        document = build_document(audited.section, follow_ups_catalog, part)
        assert render_markdown(document)
        if seed % 10 == 0:
            assert render_html(document)
        if seed % 50 == 0:
            write_docx(document, tmp_path / f"{part}.docx")
    found = list(attack(audited.section, follow_ups_catalog, "client", truths, audited.left_out))
    TIMINGS.append(time.perf_counter() - started)
    assert found == [], f"seed {seed}: {found[:3]}"


def test_the_attacker_finds_what_the_audit_protects(follow_ups_catalog: Catalog) -> None:
    """Without the audit (primary suppression only), the same attacker finds disclosures in
    most of these rounds, in every kind of question: the property above can fail."""
    broken = 0
    found: set[str] = set()
    for seed in range(40):
        data, truths = random_round(seed)
        section = assemble(
            data, follow_ups_catalog, k=K, organisation="Test", today=date(2026, 5, 1)
        )
        disclosures = list(attack(section, follow_ups_catalog, "client", truths, {}))
        broken += bool(disclosures)
        found.update(d.question for d in disclosures)
    assert broken >= 10, broken
    assert found == {"c_p", "c_f", "c_q", "c_m", "c_mf"}, found
