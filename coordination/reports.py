"""The report (whole input section or the ART part alone) and the exports for analysts."""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from coordination.problems import Problem
from questionnaires.model import Catalog
from report.document import PARTS, Part, anchors, build_document
from report.docx import write_docx
from report.exports import EXPORT_FORMATS, PUBLIC_FORMATS, ExportFormat, ExportKind, export, slug
from report.markdown import render_markdown
from report.nodes import Document
from report.publishing import Audited, audited_section, record
from report.reflection import pillar_results
from report.section import InputSection
from report.webpage import render_html
from storage.store import Round, Store

REPORT_FORMATS = ("md", "html", "docx")
__all__ = [
    "EXPORT_FORMATS",
    "PUBLIC_FORMATS",
    "REPORT_FORMATS",
    "ExportKind",
    "File",
    "export_files",
    "report_checklist",
    "report_files",
    "report_maker",
    "results_maker",
    "save_files",
]
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/fhir+json",
    "zip": "application/zip",
}


class ReportSettings(Protocol):
    """What a report or export needs of the settings (`settings.Settings` has it)."""

    @property
    def min_group_size(self) -> int: ...

    @property
    def organisation(self) -> str: ...

    @property
    def fhir_base(self) -> str: ...

    def local_date(self, moment: datetime | None = None) -> date: ...


async def _audited(
    store: Store, catalog: Catalog, round_: Round, settings: ReportSettings
) -> Audited:
    """The round's audited section as the organisation publishes it today (in its own time
    zone): `report.publishing.audited_section` under the settings' k and name."""
    return await audited_section(
        store,
        catalog,
        round_,
        min_group_size=settings.min_group_size,
        organisation=settings.organisation,
        today=settings.local_date(),
    )


@dataclass(frozen=True)
class File:
    """A file made for a coordinator: its name and content."""

    name: str
    content: bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.name.rsplit(".", 1)[-1], "application/octet-stream")


def check_formats(chosen: Sequence[str], allowed: Sequence[str]) -> list[str]:
    wrong = [part for part in chosen if part not in allowed]
    if wrong or not chosen:
        named = ", ".join(wrong) if wrong else "(geen)"
        raise Problem(
            f"Kies een of meer van: {', '.join(allowed)}.",
            f"unknown format {named if wrong else repr(','.join(chosen))}; choose from "
            f"{','.join(allowed)}.",
        )
    return list(chosen)


def check_section(section: str) -> Part:
    if section not in PARTS:
        raise Problem(
            "Kies het hele verslag of alleen het ART-deel.", f"--section must be one of {PARTS}."
        )
    return section


def _render(document: Document, fmt: str, template: Path | None) -> bytes:
    if fmt == "md":
        return render_markdown(document).encode()
    if fmt == "html":
        return render_html(document).encode()
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        path = write_docx(document, Path(folder) / "verslag.docx", template)
        buffer.write(path.read_bytes())
    return buffer.getvalue()


def report_stem(round_: Round, section: Part, data: InputSection) -> str:
    """The file name without its extension; a tussenstand says so, with its day."""
    part = "art-aanvulling" if section == "art" else "inputsectie"
    return f"{part}-{slug(round_.name)}{data.file_tag}"


async def report_files(
    store: Store,
    catalog: Catalog,
    round_: Round,
    formats: Sequence[str],
    section: Part,
    settings: ReportSettings,
    *,
    actor: str,
    template: Path | None = None,
    own_texts: dict[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
    preview: bool = False,
) -> list[File]:
    """The input section (or only the ART part) in each format; logged in the audit log
    (as a preview when it is only looked at in the console) and, unless a preview, entered in
    the publication ledger. While the round is open (on the organisation's date) it is a
    tussenstand.

    `warn` hears about every part still waiting for the organisation's own text, and about
    own-text ids that match no section."""
    formats = check_formats(formats, REPORT_FORMATS)
    audited = await _audited(store, catalog, round_, settings)
    data = audited.section
    # Building and rendering (Word above all) take a while: not on the event loop, where the
    # bot and the web pages would wait for it.
    document = await asyncio.to_thread(build_document, data, catalog, section, own_texts)
    if warn is not None:
        known = set(anchors(await asyncio.to_thread(build_document, data, catalog, "all")))
        for key in sorted(set(own_texts or {}) - known):
            warn(f"own text {key!r} matches no section; known ids: {', '.join(sorted(known))}")
        for attention in document.attention():
            warn(attention.en)
    stem = report_stem(round_, section, data)
    files = [
        File(f"{stem}.{fmt}", await asyncio.to_thread(_render, document, fmt, template))
        for fmt in formats
    ]
    await store.audit(
        actor,
        "report_preview" if preview else "report",
        round=round_.name,
        section=section,
        formats=formats,
        k=settings.min_group_size,
        disclosure_audit=data.audit_summary,
        interim=audited.interim,
    )
    if not preview:
        await record(store, audited, actor=actor, what=section, formats=formats)
    return files


async def report_checklist(
    store: Store,
    catalog: Catalog,
    round_: Round,
    section: Part,
    settings: ReportSettings,
) -> list[str]:
    """What the organisation must still write or check before the report (or the ART part)
    can be published, in Dutch: the console shows it above the report."""
    audited = await _audited(store, catalog, round_, settings)
    document = await asyncio.to_thread(build_document, audited.section, catalog, section)
    return [attention.nl for attention in document.attention()]


def save_files(files: Sequence[File], out: Path) -> list[Path]:
    """Write files into the folder `out` (made if needed); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file in files:
        path = out / file.name
        path.write_bytes(file.content)
        written.append(path)
    return written


async def export_files(
    store: Store,
    catalog: Catalog,
    round_: Round,
    formats: Sequence[str],
    actor: str,
    settings: ReportSettings,
    *,
    kind: ExportKind = "research",
) -> list[File]:
    """Exports of one kind; each is in the audit log. `research`: pseudonymised answers for
    analysts (CSV, XLSX, FHIR), personal data. `public`: the report's audited figures (CSV,
    XLSX), with the same suppression as the report, entered in the publication ledger."""
    allowed = PUBLIC_FORMATS if kind == "public" else EXPORT_FORMATS
    chosen: tuple[ExportFormat, ...] = tuple(check_formats(formats, allowed))  # type: ignore[arg-type]
    audited = None
    if kind == "public":
        audited = await _audited(store, catalog, round_, settings)
    with tempfile.TemporaryDirectory() as folder:
        paths = await export(
            store,
            catalog,
            round_,
            chosen,
            Path(folder),
            actor,
            fhir_base=settings.fhir_base,
            kind=kind,
            section=audited.section if audited else None,
        )
        files = [File(path.name, path.read_bytes()) for path in paths]
    if audited is not None:
        await record(store, audited, actor=actor, what="public", formats=chosen)
    return files


def report_maker(
    settings: ReportSettings, catalog: Catalog
) -> Callable[[Store, Round], Awaitable[list[tuple[str, bytes]]]]:
    """What the bot's /rapport calls: the input section as Word, HTML and Markdown files."""

    async def make(store: Store, round_: Round) -> list[tuple[str, bytes]]:
        files = await report_files(
            store,
            catalog,
            round_,
            ["docx", "html", "md"],
            "all",
            settings,
            actor="telegram-coordinator",
        )
        return [(file.name, file.content) for file in files]

    return make


def results_maker(
    settings: ReportSettings, catalog: Catalog
) -> Callable[[Store, int, str], Awaitable[str | None]]:
    """What the reflection round shows per pillar: the round's results in short sentences.
    A closed round does not change, so each round is aggregated once."""
    sections: dict[int, InputSection] = {}

    async def make(store: Store, round_id: int, pillar: str) -> str | None:
        if round_id not in sections:
            round_ = await store.get_round(round_id)
            if round_ is None:
                return None
            audited = await _audited(store, catalog, round_, settings)
            sections[round_id] = audited.section
            # The reflection round shows these figures to its participants: published.
            await record(
                store, audited, actor="reflectieronde", what="reflection", formats=("chat",)
            )
        return pillar_results(sections[round_id], pillar)

    return make
