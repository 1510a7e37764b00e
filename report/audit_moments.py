"""The moments of one round the disclosure audit attacks (see report/audit.py and
report/audit_system.py): each earlier output in the publication ledger that showed the round's
figures, and now; per step between two moments the answers that came and the ones that went;
and every group below k among them.

People come: between two moments more people answer. People also go: someone may erase their
answers (/verwijder), or reopen their response and change an answer (the old answer goes, the
new one comes). So a step has two parts, the answers that came and the answers that went, each
about a group of people the attacker may know the size of (a stronger attacker than a reader).
Which answers came and went the audit knows from the answers kept unchanged since the moment
before (`Moment.kept`: the store's answer times against the moment the earlier output read the
answers, storage.db.instant; the ledger keeps it for each output). Without it (an output from
before the ledger kept it) the fewest changes the counts allow stand in.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from report.figures import Tally, tally
from report.gather import Answers
from report.ledger import Fact, Published, same_counts
from report.section import NO_LOCATION


@dataclass
class Moment:
    """One moment of a round: its grouped answers, group sizes and the figures published then
    (the audited output's own figures are added for the last moment, now)."""

    tallies: dict[str, Tally]
    sizes: dict[str, dict[str, float]]  # role -> place -> people who took part
    facts: list[Fact] = field(default_factory=list)
    # the answers of this moment already there, unchanged, at the moment before (None: not
    # known; then the fewest changes the counts allow)
    kept: dict[str, Tally] | None = None


CAME, WENT = "came", "went"


@dataclass(frozen=True)
class Cell:
    """The answers to one question at one place that came (or went) in one step."""

    step: int
    place: str
    way: str = CAME


@dataclass(frozen=True)
class Group:
    """A group attacked: a question's answers in some cells (a location at one moment, or the
    people who answered there between two moments; or several such, together below k)."""

    question: str
    cells: tuple[Cell, ...]


def _count(tallied: Tally | None, place: str, token: str | None) -> int:
    if tallied is None:
        return 0
    if token is None:
        return tallied.respondents.get(place, 0)
    return tallied.values.get(place, {}).get(token, 0)


def _people(tallied: Tally | None, place: str) -> int:
    return tallied.people_at(place) if tallied is not None else 0


def _moved(
    moments: Sequence[Moment], q: str, step: int, way: str, read: Callable[[Tally | None], int]
) -> int:
    """What `read` counts of the answers to `q` that came (or went) in `step`: step 0 is
    everything up to the first moment."""
    now = read(moments[step].tallies.get(q))
    if step == 0:
        return now if way == CAME else 0
    before = read(moments[step - 1].tallies.get(q))
    kept = moments[step].kept
    stayed = min(now, before) if kept is None else read(kept.get(q))
    return (now if way == CAME else before) - stayed


def step_count(
    moments: Sequence[Moment], q: str, step: int, place: str, token: str | None, way: str
) -> int:
    """The true answers to `q` at `place` (with `token`, when given) that came (or went) in
    `step`."""
    return _moved(moments, q, step, way, lambda tallied: _count(tallied, place, token))


def step_people(moments: Sequence[Moment], q: str, step: int, place: str, way: str) -> int:
    """The people who answered `q` at `place` whose answers came (or went) in `step`."""
    return _moved(moments, q, step, way, lambda tallied: _people(tallied, place))


def went_at(
    moments: Sequence[Moment], q: str, step: int, place: str, tokens: Sequence[str]
) -> bool:
    """Whether any answer to `q` at `place` went in `step`."""
    if step == 0:
        return False
    if step_people(moments, q, step, place, WENT) > 0:
        return True
    return any(step_count(moments, q, step, place, t, WENT) > 0 for t in [None, *tokens])


def small_groups(question: str, moments: Sequence[Moment], k: int) -> list[Group]:
    """Every group below k of one question: the people answering at a location at one moment,
    the people whose answers there came between two moments, those whose answers went (an
    erasure, a changed answer), and unions of one kind still below k (two locations of 2 are
    a group of 4)."""
    found: list[Group] = []
    seen: set[tuple[Cell, ...]] = set()
    places = sorted(
        {p for m in moments if (t := m.tallies.get(question)) is not None for p in t.respondents}
    )
    spans = [(-1, j) for j in range(len(moments))]
    spans += [(i, j) for i, j in itertools.combinations(range(len(moments)), 2)]
    for (since, upto), way in itertools.product(spans, (CAME, WENT)):
        if since < 0 and way == WENT:
            continue
        steps = range(since + 1, upto + 1)
        people: dict[str, int] = {}
        cells: dict[str, list[Cell]] = defaultdict(list)
        ways: tuple[str, ...]
        for place in places:
            if since < 0:  # everyone there at moment `upto`: what came minus what went
                people[place] = _people(moments[upto].tallies.get(question), place)
                ways = (CAME, WENT)
            else:
                people[place] = sum(step_people(moments, question, s, place, way) for s in steps)
                ways = (way,)
            cells[place] = [Cell(s, place, w) for s in steps for w in ways]
        small = [p for p in places if 0 < people[p] < k]
        for size in range(1, len(small) + 1):
            for combo in itertools.combinations(small, size):
                if sum(people[p] for p in combo) >= k:
                    continue
                key = tuple(cell for place in combo for cell in cells[place])
                if key not in seen:
                    seen.add(key)
                    found.append(Group(question, key))
    return found


def tallies_of(answers: Answers) -> dict[str, Tally]:
    return tally(answers.counts, answers.respondents, answers.people)


def sizes_of(answers: Answers) -> dict[str, dict[str, float]]:
    sizes: dict[str, dict[str, float]] = defaultdict(dict)
    for group in answers.groups:
        sizes[group.role][group.location or NO_LOCATION] = group.people
    return sizes


def moments_of(
    now: Moment, answers: Answers | None, history: Sequence[Published], kept: Answers | None
) -> list[Moment]:
    """The moments of one round, oldest first, ending with now. An output whose counts are the
    moment before's, with nothing changed in between, is that moment (its figures are about
    the same people). `kept`: of the answers now, those already there at the last output."""
    moments: list[tuple[Answers, Moment]] = []

    def add(truth: Answers, moment: Moment, stayed: Answers | None) -> None:
        if moments:
            last_truth, last = moments[-1]
            unchanged = stayed is None or same_counts(stayed, truth, groups=False)
            if same_counts(last_truth, truth) and unchanged:
                last.facts.extend(moment.facts)
                return
            moment.kept = _checked(stayed, moment.tallies, last.tallies)
        moments.append((truth, moment))

    for published in history:
        moment = Moment(
            tallies_of(published.truth), sizes_of(published.truth), list(published.facts)
        )
        add(published.truth, moment, published.kept)
    if answers is None:
        return [moment for _, moment in moments] + [now]
    add(answers, now, kept)
    return [moment for _, moment in moments]


def _checked(
    kept: Answers | None, at_now: dict[str, Tally], at_before: dict[str, Tally]
) -> dict[str, Tally] | None:
    """The kept answers as tallies, when they are what both moments hold (an output's time
    read after its counts, from before the ledger kept both, can say more: then not)."""
    if kept is None:
        return None
    tallied = tallies_of(kept)
    for q, tally_ in tallied.items():
        for place, n in tally_.respondents.items():
            if n > min(_count(at_now.get(q), place, None), _count(at_before.get(q), place, None)):
                return None
            for token, count in tally_.values.get(place, {}).items():
                if count > min(
                    _count(at_now.get(q), place, token), _count(at_before.get(q), place, token)
                ):
                    return None
    return tallied
