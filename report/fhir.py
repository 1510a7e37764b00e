"""FHIR R4 export: the questionnaires as `Questionnaire` resources and the round's closed answers
as `QuestionnaireResponse` resources, in one `collection` Bundle.

Every canonical URL, code system and extension sits under one base URL that the organisation
controls (`INSPRAAK_FHIR_BASE`). What an HL7 validator still reports is listed in README.md.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from questionnaires.model import Catalog, Condition, Question, Questionnaire, QuestionType
from report.research import ResearchRow
from settings import DEFAULT_FHIR_BASE
from storage.store import Round

_FHIR_TYPES = {
    QuestionType.INFO: "display",
    QuestionType.LIKERT: "choice",
    QuestionType.YESNO: "choice",
    QuestionType.CHOICE: "choice",
    QuestionType.MULTI: "choice",
    QuestionType.NUMBER: "integer",
    QuestionType.DATE: "date",
    QuestionType.TEXT: "text",
}


class FhirNames:
    """Every URL of the export, derived from one base."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def questionnaire(self, questionnaire: Questionnaire) -> str:
        return f"{self.base}/Questionnaire/{resource_id(questionnaire.id)}"

    def response(self, resource_id: str) -> str:
        return f"{self.base}/QuestionnaireResponse/{resource_id}"

    def answer_system(self, question: Question) -> str:
        return f"{self.base}/CodeSystem/{question.id}"

    @property
    def item_system(self) -> str:
        return f"{self.base}/CodeSystem/kwaliteitskader-item"

    @property
    def role_extension(self) -> str:
        return f"{self.base}/StructureDefinition/role"

    @property
    def location_extension(self) -> str:
        return f"{self.base}/StructureDefinition/location"

    @property
    def pseudonym_system(self) -> str:
        return f"{self.base}/NamingSystem/pseudonym"

    @property
    def round_system(self) -> str:
        return f"{self.base}/NamingSystem/round"


def resource_id(name: str) -> str:
    """A FHIR id ([A-Za-z0-9-.]{1,64}) for a questionnaire or question id."""
    return "".join(c if c.isalnum() or c in "-." else "-" for c in name)[:64]


def machine_name(name: str) -> str:
    """Questionnaire.name: starts with a capital, letters, digits and underscores (que-0)."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_")) or "Questionnaire"


def _coding(names: FhirNames, question: Question, token: str) -> dict[str, Any]:
    return {
        "system": names.answer_system(question),
        "code": token,
        "display": question.label_of(token),
    }


def _enable_when(
    names: FhirNames, questionnaire: Questionnaire, condition: Condition
) -> list[dict[str, Any]]:
    source = questionnaire.question(condition.question)
    if source is None:  # the loader refuses this; keep the item unconditional then
        return []
    result = []
    for value in condition.values:
        answer: dict[str, Any]
        if source.type is QuestionType.NUMBER and isinstance(value, int):
            answer = {"answerInteger": value}
        else:
            answer = {"answerCoding": _coding(names, source, str(value))}
        result.append({"question": source.id, "operator": "=", **answer})
    return result


def fhir_questionnaire(questionnaire: Questionnaire, names: FhirNames) -> dict[str, Any]:
    """A FHIR R4 Questionnaire; closed questions carry their answer options as codings and
    `show_if` becomes `enableWhen`."""
    items = []
    for q in questionnaire.questions:
        item: dict[str, Any] = {"linkId": q.id, "text": q.text.nl, "type": _FHIR_TYPES[q.type]}
        if q.items:
            item["code"] = [{"system": names.item_system, "code": i} for i in q.items]
        if q.show_if is not None:
            conditions = _enable_when(names, questionnaire, q.show_if)
            if conditions:
                item["enableWhen"] = conditions
                if len(conditions) > 1:
                    item["enableBehavior"] = "any"
        if q.type is not QuestionType.INFO:
            item["required"] = q.required
        if q.type is QuestionType.MULTI:
            item["repeats"] = True
        if q.has_buttons:
            item["answerOption"] = [
                {"valueCoding": _coding(names, q, c.token)} for c in q.choices()
            ]
        items.append(item)
    return {
        "resourceType": "Questionnaire",
        "id": resource_id(questionnaire.id),
        "url": names.questionnaire(questionnaire),
        "version": questionnaire.version,
        "name": machine_name(questionnaire.id),
        "title": questionnaire.title.nl,
        "status": "active",
        "language": "nl",
        "subjectType": ["Organization"],
        "item": items,
    }


def _fhir_answer(names: FhirNames, question: Question, value: Any) -> list[dict[str, Any]]:
    if question.type is QuestionType.NUMBER and isinstance(value, int):
        return [{"valueInteger": value}]
    if question.type is QuestionType.DATE and isinstance(value, str):
        return [{"valueDate": value}]
    values = value if isinstance(value, list) else [value]
    return [{"valueCoding": _coding(names, question, str(v))} for v in values]


def fhir_response(
    rows: list[ResearchRow], questionnaire: Questionnaire, names: FhirNames
) -> dict[str, Any]:
    """One QuestionnaireResponse from the export rows of one response; items in the
    questionnaire's order, answer times reduced to the date."""
    first = rows[0]
    by_question = {row.question_id: row for row in rows if not row.skipped}
    items = []
    for question in questionnaire.questions:
        row = by_question.get(question.id)
        if row is None or row.value is None:
            continue
        items.append({"linkId": question.id, "answer": _fhir_answer(names, question, row.value)})
    extension: list[dict[str, Any]] = [{"url": names.role_extension, "valueCode": first.role}]
    if first.location:
        extension.append({"url": names.location_extension, "valueString": first.location})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": first.response,
        "extension": extension,
        "identifier": {"system": names.pseudonym_system, "value": first.pseudonym},
        "questionnaire": f"{names.questionnaire(questionnaire)}|{first.questionnaire_version}",
        "status": "completed" if first.status == "submitted" else "in-progress",
        "authored": max(row.date for row in rows),
    }
    if items:
        resource["item"] = items
    return resource


async def fhir_bundle(
    rows: AsyncIterable[ResearchRow],
    catalog: Catalog,
    round_: Round,
    base: str = DEFAULT_FHIR_BASE,
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """A FHIR R4 `collection` Bundle: every Questionnaire, then one QuestionnaireResponse per
    response in `rows` (which come grouped by response). A collection has no `total` (bdl-1)."""
    names = FhirNames(base)
    entries: list[dict[str, Any]] = [
        {"fullUrl": names.questionnaire(qn), "resource": fhir_questionnaire(qn, names)}
        for qn in catalog.questionnaires.values()
    ]
    current: list[ResearchRow] = []

    def flush() -> Iterator[dict[str, Any]]:
        questionnaire = catalog.questionnaires.get(current[0].questionnaire_id) if current else None
        if questionnaire is not None:
            resource = fhir_response(current, questionnaire, names)
            yield {"fullUrl": names.response(resource["id"]), "resource": resource}

    async for row in rows:
        if current and row.response != current[0].response:
            entries.extend(flush())
            current = []
        current.append(row)
    entries.extend(flush())
    stamp = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    return {
        "resourceType": "Bundle",
        "identifier": {"system": names.round_system, "value": round_.name},
        "type": "collection",
        "timestamp": stamp,
        "entry": entries,
    }


async def write_fhir(
    rows: AsyncIterable[ResearchRow],
    catalog: Catalog,
    round_: Round,
    path: Path,
    base: str = DEFAULT_FHIR_BASE,
) -> int:
    """Write the Bundle as JSON; returns the number of QuestionnaireResponses."""
    bundle = await fhir_bundle(rows, catalog, round_, base)
    text = json.dumps(bundle, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")  # noqa: ASYNC240 - a one-off command
    return sum(1 for e in bundle["entry"] if e["resource"]["resourceType"] != "Questionnaire")
