"""Everything a report of one round rests on, read from the store in a handful of grouped
queries. `RoundData` is plain data: the report builder and the disclosure audit are pure
functions of it, so tests (and the property test's random rounds) can make one without SQLite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from questionnaires.model import Catalog, Kind, QuestionType, Role
from storage.counts import (
    ChannelCount,
    ContributionCells,
    ContributionCount,
    CountRow,
    GroupSize,
    ResponseCount,
    RoundCounts,
)
from storage.db import instant, now
from storage.store import InviteCount, Quote, Round, Store

CLOSED_TYPES = (
    QuestionType.LIKERT,
    QuestionType.YESNO,
    QuestionType.CHOICE,
    QuestionType.MULTI,
    QuestionType.NUMBER,
)


@dataclass(frozen=True)
class Answers:
    """Grouped answers of one round: per role, location, question (and value)."""

    counts: tuple[CountRow, ...]  # per location and value
    respondents: tuple[CountRow, ...]  # per location, value ''
    people: tuple[CountRow, ...] = ()  # per question over all locations (distinct people)
    groups: tuple[GroupSize, ...] = ()


@dataclass(frozen=True)
class RoundData:
    round: Round
    current: Answers
    previous_round: Round | None = None
    previous: Answers | None = None
    quotes: tuple[Quote, ...] = ()
    responses: tuple[ResponseCount, ...] = ()
    invites: tuple[InviteCount, ...] = ()
    contributions: tuple[ContributionCount, ...] = ()
    last_client_round: Round | None = None
    places: tuple[str, ...] = ()  # the organisation's location names, masked in quotes
    channels: tuple[ChannelCount, ...] = ()
    location_ids: Mapping[str, int] = field(default_factory=dict)  # name -> id
    taken_at: str = ""  # when the counts were read (as storage.db.now; after the reading)
    read_from: str = ""  # as storage.db.instant, just before the answers were read
    # The answers of `current` (and `previous`) already there, unchanged, when the last output
    # in the publication ledger was read: what came and went since is the rest (None: no
    # earlier output)
    kept: Answers | None = None
    kept_previous: Answers | None = None
    # (after, upto) -> the contributions logged after `after` up to `upto` (None: now), for the
    # moments the publication ledger knows
    contributions_between: Mapping[tuple[str, str | None], tuple[ContributionCount, ...]] = field(
        default_factory=dict
    )
    # Every contribution's cells and peer expert, for the people behind several cells together
    # (the audit's "overige" rows); empty: the audit counts no more people than one cell has
    contributors: tuple[ContributionCells, ...] = ()


def closed_question_ids(catalog: Catalog) -> list[str]:
    return [
        q.id
        for qn in catalog.questionnaires.values()
        for q in qn.questions
        if q.type in CLOSED_TYPES
    ]


def reflection_ids(catalog: Catalog) -> list[str]:
    """Reflection rounds: each one group of its own for quotes, wherever its people are."""
    return [qn.id for qn in catalog.questionnaires.values() if qn.kind is Kind.REFLECTION]


def log_questionnaire_ids(catalog: Catalog) -> list[str]:
    """Questionnaires where one person gives many responses (the contribution log)."""
    return [qn.id for qn in catalog.questionnaires.values() if qn.kind is Kind.CONTRIBUTION]


async def _answers(
    store: Store, catalog: Catalog, round_id: int, kept_since: str | None
) -> tuple[Answers, Answers | None]:
    """The round's grouped answers, and (with `kept_since`) of them the ones given before that
    moment and not changed after it: of the answers an output read then, the ones still there
    as they were."""
    counted = await store.round_counts(
        round_id,
        closed_question_ids(catalog),
        many=log_questionnaire_ids(catalog),
        kept_since=kept_since,
    )
    groups = tuple(await store.group_sizes(round_id))
    kept = counted.kept
    return _grouped(counted, groups), None if kept is None else _grouped(kept)


def _grouped(counted: RoundCounts, groups: tuple[GroupSize, ...] = ()) -> Answers:
    return Answers(tuple(counted.counts), tuple(counted.respondents), tuple(counted.people), groups)


async def gather(
    store: Store,
    catalog: Catalog,
    round_: Round,
    *,
    kept_since: str | None = None,
    previous_kept_since: str | None = None,
) -> RoundData:
    """Read everything the report of `round_` needs (and the previous round, for trends);
    with `kept_since` (`previous_kept_since`), when the last output of the round (the previous
    one) read its answers, also which of them are still there as they were."""
    previous_round = await store.previous_round(round_)
    locations = await store.list_locations()
    # Right before the answers are read: an answer given (or changed) before it is in them;
    # one given after is later (the store's one connection keeps that order).
    read_from = instant()
    current, kept = await _answers(store, catalog, round_.id, kept_since)
    previous, kept_previous = (None, None)
    if previous_round is not None:
        previous, kept_previous = await _answers(
            store, catalog, previous_round.id, previous_kept_since
        )
    data = RoundData(
        round=round_,
        current=current,
        kept=kept,
        previous_round=previous_round,
        previous=previous,
        kept_previous=kept_previous,
        quotes=tuple(await store.approved_quotes(round_.id, reflection_ids(catalog))),
        responses=tuple(
            await store.response_counts(round_.id, many=log_questionnaire_ids(catalog))
        ),
        invites=tuple(await store.invite_counts(round_.id)),
        contributions=tuple(await store.contribution_counts(round_.id)),
        contributors=tuple(await store.contribution_cells(round_.id)),
        last_client_round=await store.last_round_with_role(Role.CLIENT, round_.starts_on),
        places=tuple(location.name for location in locations),
        channels=tuple(
            await store.channel_counts(
                round_.id, reflection_ids(catalog), log_questionnaire_ids(catalog)
            )
        ),
        location_ids={location.name: location.id for location in locations},
    )
    # After reading: a contribution logged while reading counts as later (the safe side).
    return replace(data, taken_at=now(), read_from=read_from)


async def contributions_between(
    store: Store, round_: Round, moments: Sequence[str]
) -> dict[tuple[str, str | None], tuple[ContributionCount, ...]]:
    """The contributions logged between every two of `moments` (the ledger's, oldest first)
    and after each of them until now."""
    ends: list[str | None] = [*moments, None]
    found: dict[tuple[str, str | None], tuple[ContributionCount, ...]] = {}
    for i, after in enumerate(moments):
        for upto in ends[i + 1 :]:
            rows = await store.contribution_counts(round_.id, after=after, upto=upto)
            found[after, upto] = tuple(rows)
    return found
