"""The report (preview in the page, downloads, the ART part alone), exports and the audit log."""

from __future__ import annotations

from aiohttp import web

from coordination.audit import entries
from coordination.problems import Problem
from coordination.reports import (
    EXPORT_FORMATS,
    REPORT_FORMATS,
    File,
    check_section,
    export_files,
    report_files,
)
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
    add.add_get(ROUND + "/export/{fmt:csv|xlsx|fhir}", export_file, name="console_export_file")
    add.add_get("/beheer/logboek", audit_page, name="console_audit")


@signed_in
async def report_page(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    part = "art" if request.query.get("deel") == "art" else "all"
    response = page(request, "report.html.j2", round=round_, part=part, formats=REPORT_FORMATS)
    response.headers["Content-Security-Policy"] = PAGE_WITH_FRAME_CSP
    return response


async def _files(request: web.Request, fmt: str, part: str, *, preview: bool = False) -> list[File]:
    settings = request.app[SETTINGS]
    return await report_files(
        request.app[STORE],
        request.app[CATALOG],
        await the_round(request),
        [fmt],
        check_section(part),
        min_group_size=settings.min_group_size,
        organisation=settings.organisation,
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


@signed_in
async def export_page(request: web.Request) -> web.StreamResponse:
    return page(request, "export.html.j2", round=await the_round(request), formats=EXPORT_FORMATS)


@signed_in
async def export_file(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    try:
        [file] = await export_files(
            request.app[STORE],
            request.app[CATALOG],
            round_,
            [request.match_info["fmt"]],
            request[COORDINATOR].actor,
            fhir_base=request.app[SETTINGS].fhir_base,
        )
    except Problem as problem:
        return page(
            request, "export.html.j2", round=round_, formats=EXPORT_FORMATS, problem=problem
        )
    return download(file)


@signed_in
async def audit_page(request: web.Request) -> web.StreamResponse:
    found = await entries(request.app[STORE], request.app[SETTINGS].timezone, limit=300)
    return page(request, "audit.html.j2", entries=found)
