"""Data for analysts: anonymised answers as CSV and XLSX, and FHIR R4 JSON.

Only pseudonyms, never messaging ids; free-text answers are left out (approved quotes belong in
the report, not in a data file); answer times are reduced to the date. Every export is recorded
in the audit log.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook

from questionnaires.model import Catalog, Question, Questionnaire, QuestionType
from storage.store import ExportRow, Round, Store

ExportFormat = Literal["csv", "xlsx", "fhir"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "fhir")
COLUMNS = (
    "pseudoniem",
    "antwoordset",
    "rol",
    "locatie",
    "vragenlijst",
    "versie",
    "status",
    "vraag",
    "antwoord",
    "overgeslagen",
    "datum",
)
FHIR_BASE = "urn:inspraak"
LOCATION_EXTENSION = f"{FHIR_BASE}:fhir:extension:location"
ROLE_EXTENSION = f"{FHIR_BASE}:fhir:extension:role"


def _questions(catalog: Catalog) -> dict[str, Question]:
    return {q.id: q for qn in catalog.questionnaires.values() for q in qn.questions}


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


async def anonymised_rows(
    store: Store, catalog: Catalog, round_id: int
) -> AsyncIterator[ExportRow]:
    """Answers to questions the catalog knows that are not free text."""
    questions = _questions(catalog)
    async for row in store.export_rows(round_id):
        question = questions.get(row.question_id)
        if question is None or question.type in (QuestionType.TEXT, QuestionType.INFO):
            continue
        yield row


def _cells(row: ExportRow) -> list[Any]:
    return [
        row.pseudonym,
        row.response_id,
        row.role,
        row.location or "",
        row.questionnaire_id,
        row.questionnaire_version,
        row.status,
        row.question_id,
        _value_text(row.value),
        int(row.skipped),
        row.answered_at[:10],
    ]


async def write_csv(store: Store, catalog: Catalog, round_: Round, path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        async for row in anonymised_rows(store, catalog, round_.id):
            writer.writerow(_cells(row))
            count += 1
    return count


async def write_xlsx(store: Store, catalog: Catalog, round_: Round, path: Path) -> int:
    """Sheet 'Antwoorden' with one row per answer, sheet 'Vragen' as the codebook."""
    workbook = Workbook(write_only=True)
    answers = workbook.create_sheet("Antwoorden")
    answers.append(list(COLUMNS))
    count = 0
    async for row in anonymised_rows(store, catalog, round_.id):
        answers.append(_cells(row))
        count += 1
    codebook = workbook.create_sheet("Vragen")
    codebook.append(
        [
            "vraag",
            "vragenlijst",
            "rol",
            "type",
            "pijler",
            "onderdeel",
            "items",
            "tekst",
            "antwoordcodes",
        ]
    )
    for qn in catalog.questionnaires.values():
        for q in qn.questions:
            if q.type in (QuestionType.TEXT, QuestionType.INFO):
                continue
            codebook.append(
                [
                    q.id,
                    qn.id,
                    str(qn.role),
                    str(q.type),
                    q.pillar,
                    str(q.feeds),
                    ",".join(q.items),
                    q.text.nl,
                    "; ".join(f"{c.token} = {c.label.nl}" for c in q.choices()),
                ]
            )
    workbook.save(str(path))
    return count


# FHIR R4 ---------------------------------------------------------------------------------------

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


def questionnaire_url(questionnaire: Questionnaire) -> str:
    return f"{FHIR_BASE}:fhir:Questionnaire:{questionnaire.id}"


def _system(question: Question) -> str:
    return f"{FHIR_BASE}:fhir:CodeSystem:{question.id}"


def fhir_questionnaire(questionnaire: Questionnaire) -> dict[str, Any]:
    """A FHIR R4 Questionnaire; closed questions carry their answer options as codings."""
    items = []
    for q in questionnaire.questions:
        item: dict[str, Any] = {"linkId": q.id, "text": q.text.nl, "type": _FHIR_TYPES[q.type]}
        if q.type is QuestionType.MULTI:
            item["repeats"] = True
        if q.type is not QuestionType.INFO:
            item["required"] = q.required
        if q.has_buttons:
            item["answerOption"] = [
                {"valueCoding": {"system": _system(q), "code": c.token, "display": c.label.nl}}
                for c in q.choices()
            ]
        if q.items:
            item["code"] = [
                {"system": f"{FHIR_BASE}:kwaliteitskader:item", "code": i} for i in q.items
            ]
        items.append(item)
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire.id.replace("_", "-"),
        "url": questionnaire_url(questionnaire),
        "version": questionnaire.version,
        "name": questionnaire.id,
        "title": questionnaire.title.nl,
        "status": "active",
        "language": "nl",
        "subjectType": ["Organization"],
        "item": items,
    }


def _fhir_answer(question: Question, value: Any) -> list[dict[str, Any]]:
    if question.type is QuestionType.NUMBER and isinstance(value, int):
        return [{"valueInteger": value}]
    if question.type is QuestionType.DATE and isinstance(value, str):
        return [{"valueDate": value}]
    values = value if isinstance(value, list) else [value]
    return [
        {
            "valueCoding": {
                "system": _system(question),
                "code": str(v),
                "display": question.label_of(str(v)),
            }
        }
        for v in values
    ]


def _response_resource(
    rows: list[ExportRow], catalog: Catalog, questions: dict[str, Question]
) -> dict[str, Any] | None:
    first = rows[0]
    questionnaire = catalog.questionnaires.get(first.questionnaire_id)
    if questionnaire is None:
        return None
    items = [
        {
            "linkId": row.question_id,
            "answer": _fhir_answer(questions[row.question_id], row.value),
        }
        for row in rows
        if not row.skipped and row.value is not None
    ]
    extension: list[dict[str, Any]] = [{"url": ROLE_EXTENSION, "valueCode": first.role}]
    if first.location:
        extension.append({"url": LOCATION_EXTENSION, "valueString": first.location})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"r{first.response_id}",
        "identifier": {"system": f"{FHIR_BASE}:pseudonym", "value": first.pseudonym},
        "questionnaire": f"{questionnaire_url(questionnaire)}|{first.questionnaire_version}",
        "status": "completed" if first.status == "submitted" else "in-progress",
        "authored": max(row.answered_at for row in rows),
        "extension": extension,
        "item": items,
    }


async def fhir_bundle(store: Store, catalog: Catalog, round_: Round) -> dict[str, Any]:
    """A FHIR R4 collection Bundle: every Questionnaire, then one QuestionnaireResponse per
    response of the round (closed answers only)."""
    questions = _questions(catalog)
    entries: list[dict[str, Any]] = [
        {"fullUrl": questionnaire_url(qn), "resource": fhir_questionnaire(qn)}
        for qn in catalog.questionnaires.values()
    ]
    current: list[ExportRow] = []

    def flush() -> Iterator[dict[str, Any]]:
        if current:
            resource = _response_resource(current, catalog, questions)
            if resource is not None:
                yield {"fullUrl": f"{FHIR_BASE}:response:{resource['id']}", "resource": resource}

    async for row in anonymised_rows(store, catalog, round_.id):
        if current and row.response_id != current[0].response_id:
            entries.extend(flush())
            current = []
        current.append(row)
    entries.extend(flush())
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "identifier": {"system": f"{FHIR_BASE}:round", "value": round_.name},
        "total": len(entries),
        "entry": entries,
    }


async def write_fhir(store: Store, catalog: Catalog, round_: Round, path: Path) -> int:
    bundle = await fhir_bundle(store, catalog, round_)
    text = json.dumps(bundle, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")  # noqa: ASYNC240 - a one-off command
    return sum(1 for e in bundle["entry"] if e["resource"]["resourceType"] != "Questionnaire")


async def export(
    store: Store,
    catalog: Catalog,
    round_: Round,
    formats: tuple[ExportFormat, ...],
    out: Path,
    actor: str,
) -> list[Path]:
    """Write the requested exports to `out` and record each one in the audit log."""
    out.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    stem = f"inspraak-{slug(round_.name)}"
    written = []
    for fmt in formats:
        if fmt == "csv":
            path = out / f"{stem}-antwoorden.csv"
            count = await write_csv(store, catalog, round_, path)
        elif fmt == "xlsx":
            path = out / f"{stem}-antwoorden.xlsx"
            count = await write_xlsx(store, catalog, round_, path)
        else:
            path = out / f"{stem}-fhir.json"
            count = await write_fhir(store, catalog, round_, path)
        await store.audit(
            actor, "export", round=round_.name, format=fmt, rows=count, file=path.name
        )
        written.append(path)
    return written


def slug(name: str) -> str:
    """A file-name friendly version of a round name."""
    cleaned = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "ronde"
