"""Two kinds of export, named for what they are.

`research`: pseudonymised answers at record level for analysts (CSV, XLSX, FHIR R4 JSON via
report/fhir.py). This is personal data, not anonymous: each row is one person's answer with
role and location. To limit linking, every export names people and responses with its own
pseudonyms (report/research.py: a keyed hash with a key made for that export and then thrown
away), so two exports, or two rounds, share no identifier; messaging ids, stable pseudonyms and
row ids never leave the database; free text is left out; times are reduced to the date.
Every export is in the audit log, and the command warns before writing. Every text cell is
safe to open in a spreadsheet: one that would run as a formula gets a leading apostrophe.

`public`: the report's own figures as a table (report/public.py), with the same suppression and
disclosure audit as the report; fit to publish next to it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook

from questionnaires.model import Catalog, QuestionType
from report.cells import Cell, safe_cell
from report.fhir import write_fhir
from report.public import write_public_csv, write_public_xlsx
from report.research import ExportPseudonyms, ResearchRow, research_rows
from report.section import InputSection
from settings import DEFAULT_FHIR_BASE
from storage.store import Round, Store

ExportFormat = Literal["csv", "xlsx", "fhir"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "fhir")
ExportKind = Literal["research", "public"]
EXPORT_KINDS: tuple[ExportKind, ...] = ("research", "public")
PUBLIC_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
RESEARCH_WARNING = (
    "Research export: pseudonymised personal data at record level (answers about care: special "
    "category data under the AVG/GDPR), NOT anonymous. Share it only with researchers under a "
    "data processing agreement, keep it on an encrypted disk, delete it when done. This export "
    "is recorded in the audit log."
)
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


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _cells(row: ResearchRow) -> list[Any]:
    """One answer's cells, each safe to open in a spreadsheet (report/cells.py)."""
    cells: list[Cell] = [
        row.pseudonym,
        row.response,
        row.role,
        row.location or "",
        row.questionnaire_id,
        row.questionnaire_version,
        row.status,
        row.question_id,
        _value_text(row.value),
        int(row.skipped),
        row.date,
    ]
    return [safe_cell(cell) for cell in cells]


async def write_csv(
    store: Store,
    catalog: Catalog,
    round_: Round,
    path: Path,
    pseudonyms: ExportPseudonyms | None = None,
) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        async for row in research_rows(store, catalog, round_.id, pseudonyms):
            writer.writerow(_cells(row))
            count += 1
    return count


async def write_xlsx(
    store: Store,
    catalog: Catalog,
    round_: Round,
    path: Path,
    pseudonyms: ExportPseudonyms | None = None,
) -> int:
    """Sheet 'Antwoorden' with one row per answer, sheet 'Vragen' as the codebook."""
    workbook = Workbook(write_only=True)
    answers = workbook.create_sheet("Antwoorden")
    answers.append(list(COLUMNS))
    count = 0
    async for row in research_rows(store, catalog, round_.id, pseudonyms):
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
                    safe_cell(cell)
                    for cell in (
                        q.id,
                        qn.id,
                        str(qn.role),
                        str(q.type),
                        q.pillar,
                        str(q.feeds),
                        ",".join(q.items),
                        q.text.nl,
                        "; ".join(f"{c.token} = {c.label.nl}" for c in q.choices()),
                    )
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
    kind: ExportKind = "research",
    section: InputSection | None = None,
) -> list[Path]:
    """Write the requested exports of one kind to `out` and record each one in the audit log.
    A public export needs the audited report model (`report.publishing.audited_section`) as
    `section`.
    FHIR canonical URLs sit under `fhir_base` (see report/fhir.py)."""
    out.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    written = []
    if kind == "public":
        if section is None:
            raise ValueError("a public export needs the audited report section")
        stem = f"inspraak-{slug(round_.name)}-cijfers-openbaar{section.file_tag}"
        for fmt in formats:
            if fmt not in PUBLIC_FORMATS:
                raise ValueError(f"a public export is csv or xlsx, not {fmt}")
            path = out / f"{stem}.{fmt}"
            writer = write_public_csv if fmt == "csv" else write_public_xlsx
            count = writer(section, path)
            await store.audit(
                actor,
                "export",
                kind=kind,
                round=round_.name,
                format=fmt,
                rows=count,
                file=path.name,
                disclosure_audit=section.audit_summary,
            )
            written.append(path)
        return written
    stem = f"inspraak-{slug(round_.name)}-onderzoek-gepseudonimiseerd"
    # One export, one set of pseudonyms (the same in each of its formats); the key is not kept.
    pseudonyms = ExportPseudonyms()
    for fmt in formats:
        if fmt == "csv":
            path = out / f"{stem}.csv"
            count = await write_csv(store, catalog, round_, path, pseudonyms)
        elif fmt == "xlsx":
            path = out / f"{stem}.xlsx"
            count = await write_xlsx(store, catalog, round_, path, pseudonyms)
        else:
            path = out / f"{stem}-fhir.json"
            rows = research_rows(store, catalog, round_.id, pseudonyms)
            count = await write_fhir(rows, catalog, round_, path, fhir_base)
        await store.audit(
            actor, "export", kind=kind, round=round_.name, format=fmt, rows=count, file=path.name
        )
        written.append(path)
    return written


def slug(name: str) -> str:
    """A file-name friendly version of a round name."""
    cleaned = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "ronde"
