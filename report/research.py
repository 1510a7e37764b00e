"""The rows of a research export: one closed answer each, with identifiers of one export only.

A row names its person and its response (antwoordset) by pseudonyms made with a key that
belongs to one export and is then thrown away (HMAC-SHA-256, cut to 12 hex digits, with a
different prefix per kind so a person and a response never share a value). The stable
pseudonym and the response's row id stay in the database: two exports, of one round or of two,
share no identifier, and can only be compared on the answers themselves. Free text is left out
and times are reduced to the date.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

from questionnaires.model import AnswerValue, Catalog, QuestionType
from storage.store import Store


@dataclass(frozen=True)
class ResearchRow:
    pseudonym: str  # the person, in this export only: 'x-' and 12 hex digits
    response: str  # the response (antwoordset), in this export only: 'a-' and 12 hex digits
    role: str
    location: str | None
    questionnaire_id: str
    questionnaire_version: str
    status: str
    question_id: str
    value: AnswerValue
    skipped: bool
    date: str  # YYYY-MM-DD


class ExportPseudonyms:
    """The pseudonyms of one export: the same person or response gets the same value within
    it (so rows can be grouped), and an unrelated one in every other export."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def _digest(self, kind: bytes, value: str) -> str:
        return hmac.new(self._key, kind + b"\0" + value.encode(), hashlib.sha256).hexdigest()[:12]

    def person(self, stable_pseudonym: str) -> str:
        return "x-" + self._digest(b"person", stable_pseudonym)

    def response(self, response_id: int) -> str:
        return "a-" + self._digest(b"response", str(response_id))


async def research_rows(
    store: Store, catalog: Catalog, round_id: int, pseudonyms: ExportPseudonyms | None = None
) -> AsyncIterator[ResearchRow]:
    """Answers of a round to questions the catalog knows that are not free text, grouped by
    response, named with `pseudonyms` (fresh ones when not given)."""
    names = pseudonyms or ExportPseudonyms()
    closed = {
        (qn.id, q.id)
        for qn in catalog.questionnaires.values()
        for q in qn.questions
        if q.type not in (QuestionType.TEXT, QuestionType.INFO)
    }
    async for row in store.export_rows(round_id):
        if (row.questionnaire_id, row.question_id) not in closed:
            continue
        yield ResearchRow(
            pseudonym=names.person(row.pseudonym),
            response=names.response(row.response_id),
            role=row.role,
            location=row.location,
            questionnaire_id=row.questionnaire_id,
            questionnaire_version=row.questionnaire_version,
            status=row.status,
            question_id=row.question_id,
            value=row.value,
            skipped=row.skipped,
            date=row.answered_at[:10],
        )
