"""Counting people for reports: grouped SQL results, never one answer at a time.

Every threshold in a report counts distinct participants, so every count here comes with the
number of people behind it. A person has one response per round and survey questionnaire (the
store resumes or reopens it); should an older database hold more, only their latest response
counts. A contribution questionnaire (a peer expert's log) is different: each response is one
contribution, all of them count, and `people` says how many peer experts gave them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.store import Store  # bound on it: store.group_sizes(round_id)


@dataclass(frozen=True)
class CountRow:
    role: str
    location: str | None
    question_id: str
    value: str  # JSON scalar of the answer (an option token, likert number, yes/no); '' for n
    n: int  # answers (people for a survey, contributions for a log)
    people: int = 0  # distinct participants behind `n`


@dataclass(frozen=True)
class ResponseCount:
    role: str
    questionnaire_id: str
    started: int
    submitted: int  # surveys: people; logs: contributions
    people: int  # distinct participants with a submitted response
    started_people: int = 0  # distinct participants with any response


@dataclass(frozen=True)
class ContributionCount:
    dimension: str  # total | kind | pillar | with_whom | location
    key: str
    n: int
    people_reached: int | None
    people: int = 0  # distinct peer experts behind the contributions (linked ones only)


@dataclass(frozen=True)
class ContributionCells:
    """One contribution as the contributions table counts it: the peer expert who logged it
    (their participant id; None when not linked to a log response), when, and its cells. Used
    only inside the disclosure audit, to count the distinct peer experts behind several cells
    together; never published or kept in the ledger."""

    person: int | None
    created_at: str
    cells: tuple[tuple[str, str], ...]  # (dimension, key), the total included


@dataclass(frozen=True)
class ChannelCount:
    """People who started a response of the round on one channel ('' when not known)."""

    channel: str
    reflection: bool  # the reflection round's questionnaires (answered after the round)
    people: int  # distinct participants with a response
    submitted: int  # of them, with a submitted response


@dataclass(frozen=True)
class GroupSize:
    """How many people of a role at a location took part (gave at least one answer)."""

    role: str
    location: str | None
    people: int


def _effective(many: Sequence[str], only: bool = False) -> tuple[str, list[Any]]:
    """A CTE `eff` of the round's responses that count: the latest one per participant and
    survey questionnaire, every one of a contribution questionnaire (ids in `many`); with
    `only`, those of the contribution questionnaires alone."""
    marks = ",".join("?" * len(many)) or "NULL"
    latest = "0" if only else "1"
    return (
        f"""
        WITH eff AS (
            SELECT responses.* FROM responses
            WHERE responses.round_id = ?
              AND (responses.questionnaire_id IN ({marks}) OR {latest} AND responses.id = (
                    SELECT max(r2.id) FROM responses AS r2
                    WHERE r2.participant_id = responses.participant_id
                      AND r2.round_id = responses.round_id
                      AND r2.questionnaire_id = responses.questionnaire_id))
        )
        """,
        list(many),
    )


def _before(answered_before: str | None) -> tuple[str, tuple[str, ...]]:
    """The condition (and its parameter) of the answers given before a moment and not
    changed since: an answer changed later has a later `answered_at`."""
    if answered_before is None:
        return "", ()
    return "AND answers.answered_at < ?", (answered_before,)


async def _all(store: Store, sql: str, params: Sequence[Any]) -> list[Any]:
    return await store.fetch_all(sql, params)


async def question_people(
    store: Store,
    round_id: int,
    *,
    by_location: bool = True,
    many: Sequence[str] = (),
    only: bool = False,
    answered_before: str | None = None,
) -> list[CountRow]:
    """Per role (and location) and question: answers given (skips do not count) and people
    (with `only`: of the contribution questionnaires `many` alone; with `answered_before`: of
    the answers given, and not changed since, before that moment)."""
    cte, params = _effective(many, only)
    before, stamp = _before(answered_before)
    place = "coalesce(locations.name, '')" if by_location else "''"
    rows = await _all(
        store,
        f"""{cte}
        SELECT eff.role, {place} AS location, answers.question_id, count(*) AS n,
               count(DISTINCT eff.participant_id) AS people
        FROM answers
        JOIN eff ON eff.id = answers.response_id
        LEFT JOIN locations ON locations.id = eff.location_id
        WHERE answers.skipped = 0 AND answers.value IS NOT NULL {before}
        GROUP BY 1, 2, 3
        """,
        (round_id, *params, *stamp),
    )
    return [CountRow(r[0], r[1] or None, r[2], "", int(r[3]), int(r[4])) for r in rows]


async def answer_people(
    store: Store,
    round_id: int,
    question_ids: Sequence[str],
    *,
    by_location: bool = True,
    many: Sequence[str] = (),
    only: bool = False,
    answered_before: str | None = None,
) -> list[CountRow]:
    """Per role (and location), question and value: answers and people. A multi answer counts
    each option once. Free text never leaves the database this way (pass closed questions).
    With `only`: of the contribution questionnaires `many` alone; `answered_before`: as in
    `question_people`."""
    if not question_ids:
        return []
    cte, params = _effective(many, only)
    before, stamp = _before(answered_before)
    place = "coalesce(locations.name, '')" if by_location else "''"
    marks = ",".join("?" * len(question_ids))
    rows = await _all(
        store,
        f"""{cte}
        SELECT eff.role, {place} AS location, answers.question_id,
               coalesce(each.value, json_extract(answers.value, '$')) AS v, count(*) AS n,
               count(DISTINCT eff.participant_id) AS people
        FROM eff
        JOIN answers ON answers.response_id = eff.id
        LEFT JOIN locations ON locations.id = eff.location_id
        LEFT JOIN json_each(CASE WHEN json_type(answers.value) = 'array'
                                 THEN answers.value END) AS each
        WHERE answers.question_id IN ({marks})
          AND answers.skipped = 0 AND answers.value IS NOT NULL {before}
        GROUP BY 1, 2, 3, 4
        """,
        (round_id, *params, *question_ids, *stamp),
    )
    return [CountRow(r[0], r[1] or None, r[2], str(r[3]), int(r[4]), int(r[5])) for r in rows]


@dataclass(frozen=True)
class RoundCounts:
    """A round's answers grouped for a report: per value, per question and location, and per
    question over all locations (the rows of `answer_people` and `question_people`)."""

    counts: list[CountRow]
    respondents: list[CountRow]
    people: list[CountRow]
    kept: RoundCounts | None = None  # of them, given before a moment and not changed since


async def round_counts(
    store: Store,
    round_id: int,
    closed: Sequence[str],
    *,
    many: Sequence[str] = (),
    kept_since: str | None = None,
) -> RoundCounts:
    """What `answer_people` (closed questions) and `question_people` (by location and over
    all) give together, with one pass over the round's answers instead of three.

    In a survey questionnaire a person has one counted response (the latest) and answers each
    question once, so there answers are people: one GROUP BY on (role, location, question,
    value) gives every figure, a multiple-choice answer split into its options here. Free text
    is grouped as '' so it never leaves the database. The log questionnaires (`many`, where one
    person gives many responses) need distinct people and are counted apart, with the general
    queries limited to them. With `kept_since` the same pass also counts, as `kept`, the
    answers given before that moment and not changed since (what an earlier report's counts
    still hold of today's)."""
    marks_closed = ",".join("?" * len(closed)) or "NULL"
    marks_many = ",".join("?" * len(many))
    not_many = f"AND responses.questionnaire_id NOT IN ({marks_many})" if many else ""
    kept_column = "coalesce(sum(answers.answered_at < ?), 0)" if kept_since else "0"
    rows = await _all(
        store,
        f"""
        SELECT responses.role, responses.location_id, answers.question_id,
               CASE WHEN answers.question_id IN ({marks_closed}) THEN answers.value ELSE '' END,
               count(*), {kept_column}
        FROM responses
        JOIN answers ON answers.response_id = responses.id
        WHERE responses.round_id = ? {not_many}
          AND answers.skipped = 0 AND answers.value IS NOT NULL
          AND responses.id NOT IN (
              SELECT older.id FROM responses AS older JOIN responses AS newer
                ON newer.participant_id = older.participant_id
               AND newer.round_id = older.round_id
               AND newer.questionnaire_id = older.questionnaire_id AND newer.id > older.id
              WHERE older.round_id = ?)
        GROUP BY 1, 2, 3, 4
        """,
        (*closed, *([kept_since] if kept_since else []), round_id, *many, round_id),
    )
    names = {r[0]: r[1] for r in await _all(store, "SELECT id, name FROM locations", ())}
    result = _grouped(((role, names.get(loc), q, raw, n) for role, loc, q, raw, n, _ in rows))
    if many:
        await _add_many(store, result, round_id, closed, many, None)
    if not kept_since:
        return result
    kept = _grouped(((role, names.get(loc), q, raw, k) for role, loc, q, raw, _, k in rows))
    if many:
        await _add_many(store, kept, round_id, closed, many, kept_since)
    return replace(result, kept=kept)


def _grouped(rows: Iterable[tuple[str, str | None, str, str, int]]) -> RoundCounts:
    """Counts per value, question and location, and per question, of grouped answer rows
    (role, location name, question, JSON value or '' for free text, answers)."""
    counts: dict[tuple[str, str | None, str, str], int] = defaultdict(int)
    respondents: dict[tuple[str, str | None, str], int] = defaultdict(int)
    for role, place, question, raw, n in rows:
        if not n:
            continue
        respondents[role, place, question] += n
        if raw == "":
            continue
        value = json.loads(raw)
        for token in value if isinstance(value, list) else [value]:
            counts[role, place, question, str(token)] += n
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for (role, _, question), n in respondents.items():
        totals[role, question] += n
    return RoundCounts(
        [CountRow(r, p, q, v, n, n) for (r, p, q, v), n in counts.items()],
        [CountRow(r, p, q, "", n, n) for (r, p, q), n in respondents.items()],
        [CountRow(r, None, q, "", n, n) for (r, q), n in totals.items()],
    )


async def _add_many(
    store: Store,
    counted: RoundCounts,
    round_id: int,
    closed: Sequence[str],
    many: Sequence[str],
    before: str | None,
) -> None:
    """The log questionnaires' rows (people counted distinct), added to `counted`."""
    counted.counts.extend(
        await answer_people(store, round_id, closed, many=many, only=True, answered_before=before)
    )
    counted.respondents.extend(
        await question_people(store, round_id, many=many, only=True, answered_before=before)
    )
    counted.people.extend(
        await question_people(
            store, round_id, by_location=False, many=many, only=True, answered_before=before
        )
    )


async def response_counts(
    store: Store, round_id: int, *, many: Sequence[str] = ()
) -> list[ResponseCount]:
    """Per role and questionnaire: responses started and submitted, and the people behind them."""
    cte, params = _effective(many)
    rows = await _all(
        store,
        f"""{cte}
        SELECT role, questionnaire_id, count(*) AS started,
               coalesce(sum(status = 'submitted'), 0) AS submitted,
               count(DISTINCT CASE WHEN status = 'submitted' THEN participant_id END) AS people,
               count(DISTINCT participant_id) AS started_people
        FROM eff GROUP BY role, questionnaire_id ORDER BY role, questionnaire_id
        """,
        (round_id, *params),
    )
    return [ResponseCount(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows]


async def group_sizes(store: Store, round_id: int) -> list[GroupSize]:
    """People per role and location who gave at least one answer in the round: the groups an
    attacker is assumed to know the size of."""
    rows = await _all(
        store,
        """
        SELECT responses.role, locations.name, count(DISTINCT responses.participant_id)
        FROM responses
        LEFT JOIN locations ON locations.id = responses.location_id
        WHERE responses.round_id = ? AND EXISTS (SELECT 1 FROM answers
              WHERE answers.response_id = responses.id AND answers.value IS NOT NULL)
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        (round_id,),
    )
    return [GroupSize(r[0], r[1], int(r[2])) for r in rows]


async def contribution_counts(
    store: Store, round_id: int, *, after: str | None = None, upto: str | None = None
) -> list[ContributionCount]:
    """The contributions table grouped by kind, pillar, partner (`with_whom`) and location
    (its key the location's id, so a renamed location stays itself; '' for none); dimension
    'total' has one row. `people` counts the distinct peer experts of the contributions linked
    to a log response (an unlinked contribution adds nobody). With `after` (and `upto`): only
    the contributions logged after that moment (up to that one), as the publication ledger
    stores them (`storage.db.now`). Free text (yielded, obstacles) is never read here."""
    people = "count(DISTINCT responses.participant_id)"
    base = (
        "FROM contributions LEFT JOIN responses ON responses.id = contributions.response_id "
        "WHERE contributions.round_id = ? AND contributions.created_at > ? "
        "AND contributions.created_at <= ?"
    )
    rows = await _all(
        store,
        f"""
        SELECT 'total' AS dim, '' AS key, count(*) AS n, sum(people_reached), {people}
        {base}
        UNION ALL
        SELECT 'kind', kind, count(*), sum(people_reached), {people}
        {base} GROUP BY kind
        UNION ALL
        SELECT 'pillar', coalesce(pillar, ''), count(*), sum(people_reached), {people}
        {base} GROUP BY pillar
        UNION ALL
        SELECT 'with_whom', each.value, count(*), sum(people_reached), {people}
        {base.replace("WHERE", ", json_each(contributions.with_whom) AS each WHERE", 1)}
        GROUP BY each.value
        UNION ALL
        SELECT 'location', coalesce(contributions.location_id, ''), count(*),
            sum(people_reached), {people}
        {base} GROUP BY contributions.location_id
        """,
        (round_id, after or "", upto or "\uffff") * 5,
    )
    return [
        ContributionCount(
            r[0], str(r[1]), int(r[2]), None if r[3] is None else int(r[3]), int(r[4] or 0)
        )
        for r in rows
        if int(r[2]) > 0
    ]


async def contribution_cells(store: Store, round_id: int) -> list[ContributionCells]:
    """Every contribution of the round with its cells (as `contribution_counts` groups them)
    and who logged it; free text is never read here."""
    rows = await _all(
        store,
        """
        SELECT responses.participant_id, contributions.created_at, kind, coalesce(pillar, ''),
               coalesce(contributions.location_id, ''), with_whom
        FROM contributions LEFT JOIN responses ON responses.id = contributions.response_id
        WHERE contributions.round_id = ? ORDER BY contributions.created_at, contributions.id
        """,
        (round_id,),
    )
    found = []
    for person, created_at, kind, pillar, location, with_whom in rows:
        cells = [("total", ""), ("kind", kind), ("pillar", pillar), ("location", str(location))]
        cells += [("with_whom", str(w)) for w in dict.fromkeys(json.loads(with_whom or "[]"))]
        found.append(ContributionCells(person, created_at, tuple(cells)))
    return found


async def channel_counts(
    store: Store, round_id: int, reflection: Sequence[str] = (), logs: Sequence[str] = ()
) -> list[ChannelCount]:
    """Per channel the people who answered in the round, the reflection round's
    questionnaires (ids in `reflection`) apart from the others; the contribution log (ids in
    `logs`) is not a survey and not counted, so the channels add up to the people who began."""
    marks = ",".join("?" * len(reflection)) or "NULL"
    skipped = ",".join("?" * len(logs)) or "''"  # NOT IN (NULL) would keep nothing
    rows = await _all(
        store,
        f"""
        SELECT coalesce(channel, ''), questionnaire_id IN ({marks}),
               count(DISTINCT participant_id),
               count(DISTINCT CASE WHEN status = 'submitted' THEN participant_id END)
        FROM responses WHERE round_id = ? AND questionnaire_id NOT IN ({skipped})
        GROUP BY 1, 2 ORDER BY 2, 3 DESC, 1
        """,
        (*reflection, round_id, *logs),
    )
    return [ChannelCount(r[0], bool(r[1]), int(r[2]), int(r[3])) for r in rows]
