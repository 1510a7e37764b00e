"""A peer expert's logged contribution (`/bijdrage`) recorded in the contributions table.

The contribution questionnaire's questions say which field they fill (`records:` in the YAML).
The free text of an entry (what it yielded, what got in the way) stays in the answers only: it
reaches a report through the quote review, like every other free text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from questionnaires.model import AnswerValue, Kind, Questionnaire
from storage.db import Db, now
from storage.responses import Response
from storage.text import clean_optional

NO_KIND = "niet_ingevuld"  # the entry skipped the kind question
PILLAR_PREFIX = "pijler_"  # option id pijler_N stands for pillar "N" of framework.yaml


@dataclass(frozen=True)
class Contribution:
    occurred_on: str
    kind: str
    with_whom: list[str]
    people_reached: int | None
    pillar: str | None
    yielded: str | None
    obstacles: str | None
    location: str | None


def contribution_of(
    questionnaire: Questionnaire, answers: Mapping[str, AnswerValue]
) -> Contribution | None:
    """The contribution an entry describes, or None for a questionnaire that records none."""
    if questionnaire.kind is not Kind.CONTRIBUTION:
        return None
    fields: dict[str, AnswerValue] = {
        q.records: answers.get(q.id) for q in questionnaire.questions if q.records
    }
    if not fields:
        return None
    pillar = fields.get("pillar")
    if isinstance(pillar, str) and pillar.startswith(PILLAR_PREFIX):
        pillar = pillar.removeprefix(PILLAR_PREFIX)
    with_whom = fields.get("with_whom")
    reached = fields.get("people_reached")
    occurred = fields.get("occurred_on")
    kind = fields.get("kind")
    return Contribution(
        occurred_on=occurred if isinstance(occurred, str) else "",
        kind=kind if isinstance(kind, str) else NO_KIND,
        with_whom=list(with_whom) if isinstance(with_whom, list) else [],
        people_reached=reached if isinstance(reached, int) else None,
        pillar=pillar if isinstance(pillar, str) else None,
        yielded=None,
        obstacles=None,
        location=None,
    )


async def record_contribution(
    db: Db,
    response: Response,
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerValue],
) -> bool:
    """After an entry is submitted: record its contribution, replacing an earlier record of the
    same entry. Returns whether it recorded one."""
    contribution = contribution_of(questionnaire, answers)
    if contribution is None:
        return False
    if not contribution.occurred_on:  # date skipped: the day the entry was made
        contribution = replace(contribution, occurred_on=response.started_at[:10])
    await db.execute("DELETE FROM contributions WHERE response_id = ?", (response.id,))
    await add_contribution(
        db,
        response.round_id,
        contribution,
        response_id=response.id,
        location_id=response.location_id,
    )
    return True


async def add_contribution(
    db: Db,
    round_id: int,
    contribution: Contribution,
    *,
    response_id: int | None = None,
    location_id: int | None = None,
) -> None:
    await db.execute(
        "INSERT INTO contributions (response_id, round_id, location_id, occurred_on, kind, "
        "with_whom, people_reached, pillar, yielded, obstacles, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            response_id,
            round_id,
            location_id,
            contribution.occurred_on,
            contribution.kind,
            json.dumps(contribution.with_whom),
            contribution.people_reached,
            contribution.pillar,
            clean_optional(contribution.yielded),
            clean_optional(contribution.obstacles),
            now(),
        ),
    )


async def contributions(db: Db, round_id: int) -> list[Contribution]:
    """A round's contributions, oldest first."""
    rows = await db.fetch_all(
        "SELECT contributions.*, locations.name AS location FROM contributions "
        "LEFT JOIN locations ON locations.id = contributions.location_id "
        "WHERE round_id = ? ORDER BY occurred_on, contributions.id",
        (round_id,),
    )
    return [
        Contribution(
            occurred_on=r["occurred_on"],
            kind=r["kind"],
            with_whom=json.loads(r["with_whom"]),
            people_reached=r["people_reached"],
            pillar=r["pillar"],
            yielded=r["yielded"],
            obstacles=r["obstacles"],
            location=r["location"],
        )
        for r in rows
    ]
