"""Data for analysts: anonymised answers as CSV and XLSX, and FHIR R4 JSON (report/fhir.py).

Only pseudonyms, never messaging ids; free-text answers are left out (approved quotes belong in
the report, not in a data file); answer times are reduced to the date. Every export is recorded
in the audit log.
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook

from inspraak.settings import DEFAULT_FHIR_BASE
from questionnaires.model import Catalog, Question, QuestionType
from report.fhir import write_fhir
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


async def export(
    store: Store,
    catalog: Catalog,
    round_: Round,
    formats: tuple[ExportFormat, ...],
    out: Path,
    actor: str,
    *,
    fhir_base: str = DEFAULT_FHIR_BASE,
) -> list[Path]:
    """Write the requested exports to `out` and record each one in the audit log.
    FHIR canonical URLs sit under `fhir_base` (see report/fhir.py)."""
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
            rows = anonymised_rows(store, catalog, round_.id)
            count = await write_fhir(rows, catalog, round_, path, fhir_base)
        await store.audit(
            actor, "export", round=round_.name, format=fmt, rows=count, file=path.name
        )
        written.append(path)
    return written


def slug(name: str) -> str:
    """A file-name friendly version of a round name."""
    cleaned = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "ronde"
