"""A peer expert's logged contribution (`/bijdrage`) recorded in the contributions table.

The contribution questionnaire's questions say which field they fill (`records:` in the YAML).
The free text of an entry (what it yielded, what got in the way) stays in the answers only: it
reaches a report through the quote review, like every other free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from questionnaires.model import AnswerValue, Kind, Questionnaire
from storage.store import Contribution, Response, Store

NO_KIND = "niet_ingevuld"  # the entry skipped the kind question
PILLAR_PREFIX = "pijler_"  # option id pijler_N stands for pillar "N" of framework.yaml


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
    store: Store,
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
    await store.conn.execute("DELETE FROM contributions WHERE response_id = ?", (response.id,))
    await store.add_contribution(
        response.round_id,
        contribution,
        response_id=response.id,
        location_id=response.location_id,
    )
    return True
