"""The report (preview in the page, downloads, the ART part alone), exports and the audit log."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from coordination.audit_log import entries
from coordination.problems import Problem
from coordination.reports import (
    EXPORT_FORMATS,
    PUBLIC_FORMATS,
    REPORT_FORMATS,
    ExportKind,
    File,
    check_section,
    export_files,
    report_checklist,
    report_files,
)
from storage.store import Round
from web.app import CATALOG, SETTINGS, STORE
from web.console.common import (
    COORDINATOR,
    DOCUMENT_CSP,
    PAGE_WITH_FRAME_CSP,
    download,
    page,
    signed_in,
    the_round,
)
from web.console.rounds import ROUND


def setup(app: web.Application) -> None:
    add = app.router
    add.add_get(ROUND + "/verslag", report_page, name="console_report")
    add.add_get(ROUND + "/verslag/voorbeeld", preview, name="console_report_preview")
    add.add_get(
        ROUND + "/verslag/{part:all|art}.{fmt:md|html|docx}",
        report_file,
        name="console_report_file",
    )
    add.add_get(ROUND + "/export", export_page, name="console_export")
    add.add_get(
        ROUND + "/export/openbaar.{fmt:csv|xlsx}", export_file, name="console_export_public"
    )
    add.add_get(
        ROUND + "/export/onderzoek.{fmt:csv|xlsx|fhir}", export_file, name="console_export_research"
    )
    add.add_get("/beheer/logboek", audit_page, name="console_audit")


@signed_in
async def report_page(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    part = "art" if request.query.get("deel") == "art" else "all"
    settings = request.app[SETTINGS]
    checklist = await report_checklist(
        request.app[STORE], request.app[CATALOG], round_, check_section(part), settings
    )
    interim = round_.still_running(settings.local_date())
    response = page(
        request,
        "report.html.j2",
        round=round_,
        part=part,
        formats=REPORT_FORMATS,
        checklist=checklist,
        interim=interim,
    )
    response.headers["Content-Security-Policy"] = PAGE_WITH_FRAME_CSP
    return response


async def _files(request: web.Request, fmt: str, part: str, *, preview: bool = False) -> list[File]:
    return await report_files(
        request.app[STORE],
        request.app[CATALOG],
        await the_round(request),
        [fmt],
        check_section(part),
        request.app[SETTINGS],
        actor=request[COORDINATOR].actor,
        preview=preview,
    )


@signed_in
async def preview(request: web.Request) -> web.StreamResponse:
    """The HTML report for the frame in the report page: its own styles, no scripts at all."""
    part = "art" if request.query.get("deel") == "art" else "all"
    [file] = await _files(request, "html", part, preview=True)
    return web.Response(
        body=file.content,
        content_type="text/html",
        charset="utf-8",
        headers={
            "Content-Security-Policy": DOCUMENT_CSP + "; frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        },
    )


@signed_in
async def report_file(request: web.Request) -> web.StreamResponse:
    [file] = await _files(request, request.match_info["fmt"], request.match_info["part"])
    return download(file)


def _export_page(request: web.Request, round_: Round, **context: Any) -> web.Response:
    return page(
        request,
        "export.html.j2",
        round=round_,
        interim=round_.still_running(request.app[SETTINGS].local_date()),
        public_formats=sorted(PUBLIC_FORMATS, key=lambda fmt: fmt != "xlsx"),  # Excel first
        research_formats=EXPORT_FORMATS,
        k=request.app[SETTINGS].min_group_size,
        **context,
    )


@signed_in
async def export_page(request: web.Request) -> web.StreamResponse:
    return _export_page(request, await the_round(request))


@signed_in
async def export_file(request: web.Request) -> web.StreamResponse:
    """One export file: the public figures (`openbaar`) or the research answers (`onderzoek`);
    each download is in the audit log."""
    round_ = await the_round(request)
    public = request.match_info.route.name == "console_export_public"
    kind: ExportKind = "public" if public else "research"
    try:
        [file] = await export_files(
            request.app[STORE],
            request.app[CATALOG],
            round_,
            [request.match_info["fmt"]],
            request[COORDINATOR].actor,
            request.app[SETTINGS],
            kind=kind,
        )
    except Problem as problem:
        return _export_page(request, round_, problem=problem)
    return download(file)


@signed_in
async def audit_page(request: web.Request) -> web.StreamResponse:
    found = await entries(request.app[STORE], request.app[SETTINGS].timezone, limit=300)
    return page(request, "audit.html.j2", entries=found)
