"""The publication ledger's content: what one public output published of one round, in the
disclosure audit's own terms, so the audit of a later output can treat it as known.

Per round an output showed (its own round, and the previous one of the trend), the ledger keeps
`Published`: the figures as `Fact`s (a sum of answers over places, equal to a published value)
and the grouped counts they were made from (`Answers`: per location, question and value, and the
size of every group). The counts are what the audit needs to know which groups were below k at
that moment, and which people answered in between; they never leave the database. Of its own
round an output also keeps the peer experts' contributions table (`PublishedTable`): the cells
it showed, the grouped counts and the moment they were taken (contributions logged later are
found by that moment). Locations are kept with their ids, so a location renamed after the
output is still the same location to the audit of a later one.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from report.figures import type_key_tokens
from report.gather import Answers
from report.section import InputSection, QuestionSummary
from report.walk import summaries
from storage.counts import ContributionCount, CountRow, GroupSize

CURRENT, PREVIOUS = "current", "previous"


@dataclass(frozen=True)
class Fact:
    """A published figure: the answers to `question` (with one of `tokens`, when given) over
    one `place`, or over every place but `out` when `place` is None, equal `value`."""

    question: str
    value: int
    tokens: tuple[str, ...] = ()
    place: str | None = None
    out: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableFigure:
    """A published cell of the contributions table: its contributions (`n`) and the people
    they reached (None: not shown) in one cell; dimension 'total' (key '') is the whole table."""

    dimension: str
    key: str
    n: int
    people_reached: int | None = None


@dataclass(frozen=True)
class PublishedTable:
    """The contributions table one output showed, with the counts at that moment."""

    taken_at: str  # as storage.db.now: contributions logged later are not in `counts`
    counts: tuple[ContributionCount, ...]
    figures: tuple[TableFigure, ...]


@dataclass(frozen=True)
class Published:
    """What one output published of one round, and the counts at that moment."""

    truth: Answers
    facts: tuple[Fact, ...]
    table: PublishedTable | None = None  # only of the output's own round
    read_from: str = ""  # as storage.db.instant, just before the answers were read
    # Of `truth`, the answers already there, unchanged, at the output before it (None: it had
    # none, or it was not known): what came and went in between is the rest
    kept: Answers | None = None


def question_facts(
    s: QuestionSummary,
    which: str,
    out: Collection[str] = (),
    *,
    total_hidden: bool = False,
    hidden_places: Collection[str] = (),
    previous_hidden: bool = False,
) -> list[Fact]:
    """The facts one question summary publishes about the current round (`which` is CURRENT)
    or the previous one, leaving out what the audit decided to hide on top of it."""
    if s.n is None or total_hidden:
        return []
    left = tuple(sorted(out))
    facts: list[Fact] = []
    if which == CURRENT:
        facts.append(Fact(s.question_id, s.n, out=left))
        facts.extend(Fact(s.question_id, o.count, (o.token,), out=left) for o in s.options)
        keys = type_key_tokens(s.type)
        for f in s.locations:
            if f.n is None or f.location in hidden_places:
                continue
            facts.append(Fact(s.question_id, f.n, place=f.location))
            if f.key_percent is not None and keys:
                keyed = round(f.key_percent * f.n / 100)
                facts.append(Fact(s.question_id, keyed, keys, place=f.location))
        return facts
    previous = s.previous
    if previous is None or previous.n is None or previous_hidden:
        return []
    facts.append(Fact(s.question_id, previous.n, out=left))
    for o in s.options:
        if o.previous_percent is not None:
            count = round(o.previous_percent * previous.n / 100)
            facts.append(Fact(s.question_id, count, (o.token,), out=left))
    return facts


def section_facts(
    section: InputSection, left_out: Mapping[tuple[str, str], Collection[str]], which: str
) -> tuple[Fact, ...]:
    """Every figure the audited section publishes about one round."""
    return tuple(
        fact
        for s in summaries(section).values()
        for fact in question_facts(s, which, left_out.get((which, s.question_id), ()))
    )


def dump(published: Published, location_ids: Mapping[str, int]) -> str:
    """The ledger's JSON of one round's figures; `location_ids`: the id of every location name
    (so a later rename is followed)."""
    truth = published.truth
    table = published.table
    kept = published.kept
    return json.dumps(
        {
            **_answers_json(truth),
            "groups": [asdict(g) for g in truth.groups],
            "facts": [asdict(f) for f in published.facts],
            "locations": dict(location_ids),
            "table": None if table is None else asdict(table),
            "read_from": published.read_from,
            "kept": None if kept is None else _answers_json(kept),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _answers_json(answers: Answers) -> dict[str, list[dict[str, Any]]]:
    return {
        "counts": [asdict(r) for r in answers.counts],
        "respondents": [asdict(r) for r in answers.respondents],
        "people": [asdict(r) for r in answers.people],
    }


def load(text: str, location_ids: Mapping[str, int]) -> Published:
    """One round's figures from the ledger's JSON, with every location under the name its id
    has now (`location_ids`, name -> id, as `dump` takes it)."""
    raw: dict[str, Any] = json.loads(text)
    now = {i: name for name, i in location_ids.items()}
    renamed = {old: now[i] for old, i in raw.get("locations", {}).items() if i in now}

    def place(name: str | None) -> str | None:
        return None if name is None else renamed.get(name, name)

    def rows(found: dict[str, Any], key: str) -> tuple[CountRow, ...]:
        return tuple(replace(CountRow(**r), location=place(r["location"])) for r in found[key])

    truth = Answers(
        counts=rows(raw, "counts"),
        respondents=rows(raw, "respondents"),
        people=rows(raw, "people"),
        groups=tuple(replace(GroupSize(**g), location=place(g["location"])) for g in raw["groups"]),
    )
    kept = raw.get("kept")
    facts = tuple(
        Fact(
            f["question"],
            f["value"],
            tuple(f["tokens"]),
            place(f["place"]),
            tuple(renamed.get(o, o) for o in f["out"]),
        )
        for f in raw["facts"]
    )
    table = raw.get("table")
    return Published(
        truth,
        facts,
        None
        if table is None
        else PublishedTable(
            table["taken_at"],
            tuple(ContributionCount(**c) for c in table["counts"]),
            tuple(TableFigure(**f) for f in table["figures"]),
        ),
        raw.get("read_from", ""),
        None
        if kept is None
        else Answers(rows(kept, "counts"), rows(kept, "respondents"), rows(kept, "people")),
    )


def same_counts(a: Answers, b: Answers, *, groups: bool = True) -> bool:
    """Whether two moments had the same answers (and, with `groups`, group sizes)."""

    def key(answers: Answers) -> tuple[Any, ...]:
        return tuple(sorted(_plain(answers.counts))), tuple(sorted(_plain(answers.respondents)))

    same_groups = not groups or sorted(_plain(a.groups)) == sorted(_plain(b.groups))
    return key(a) == key(b) and same_groups


def _plain(rows: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [tuple("" if v is None else v for v in asdict(r).values()) for r in rows]
