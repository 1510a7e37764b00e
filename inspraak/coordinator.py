"""Coordinator commands: rounds, locations, invites, progress, quote review, report, export, demo.

Each command is a thin shell over `storage.store.Store` and the `report` package.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from inspraak.errors import UserError
from inspraak.settings import Settings
from questionnaires.model import Catalog, Role
from report.aggregate import build_input_section, progress_lines
from report.document import PARTS, Part, anchors, build_document
from report.docx import write_docx
from report.exports import EXPORT_FORMATS, ExportFormat, export, slug
from report.labels import percent
from report.markdown import render_markdown
from report.nodes import Document
from report.quotes import approve, reject, review_queue
from report.webpage import render_html
from storage.db import DatabaseError
from storage.store import DuplicateName, Round, Store

T = TypeVar("T")
REPORT_FORMATS = ("md", "html", "docx")
ROLES = [r.value for r in Role]


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@asynccontextmanager
async def open_store(path: Path) -> AsyncIterator[Store]:
    """Open the database, turning a missing folder or a foreign file into a UserError."""
    try:
        store = await Store.connect(path)
    except DatabaseError as exc:
        raise UserError(str(exc)) from None
    try:
        yield store
    finally:
        await store.close()


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} {text!r} is not a date; write it as YYYY-MM-DD.") from None


async def find_round(store: Store, name: str) -> Round:
    found = await store.find_round(name)
    if found is None:
        raise UserError(f"unknown round {name!r}; `inspraak round list` shows the rounds.")
    return found


def parse_formats(text: str, allowed: tuple[str, ...]) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    wrong = [part for part in chosen if part not in allowed]
    if wrong or not chosen:
        named = ", ".join(wrong) if wrong else repr(text)
        raise UserError(f"unknown format {named}; choose from {','.join(allowed)}.")
    return chosen


def _catalog(settings: Settings) -> Catalog:
    from inspraak.cli import catalog_or_error  # cli imports this module

    return catalog_or_error(settings)


def _actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "coordinator"


# Rounds and locations ----------------------------------------------------------------------


def cmd_round_create(args: argparse.Namespace, settings: Settings) -> int:
    starts = parse_date(args.start, "--start")
    ends = parse_date(args.end, "--end")
    if ends < starts:
        raise UserError(f"--end {ends} is before --start {starts}.")

    async def run() -> Round:
        async with open_store(settings.db_path) as store:
            try:
                return await store.create_round(
                    args.name, args.year, starts, ends, args.client_experience_note
                )
            except DuplicateName:
                raise UserError(
                    f"a round named {args.name!r} already exists; choose another name."
                ) from None

    created = _run(run())
    print(f"Round {created.id} {created.name!r} created: {created.starts_on} to {created.ends_on}.")
    return 0


def cmd_round_list(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> list[Round]:
        async with open_store(settings.db_path) as store:
            return await store.list_rounds()

    rounds = _run(run())
    if not rounds:
        print("No rounds yet. Create one with `inspraak round create`.")
    for r in rounds:
        status = "closed" if r.closed_at else "open"
        print(
            f"{r.id:>3}  {r.name:<24} report year {r.report_year}  "
            f"{r.starts_on} to {r.ends_on}  {status}"
        )
    return 0


def cmd_round_close(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> Round:
        async with open_store(settings.db_path) as store:
            found = await find_round(store, args.round)
            await store.close_round(found.id)
            return found

    closed = _run(run())
    print(f"Round {closed.name!r} is closed: its invite codes no longer start new answers.")
    return 0


def cmd_location_add(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> None:
        async with open_store(settings.db_path) as store:
            for name in args.names:
                location = await store.add_location(name.strip())
                print(f"Location {location.id}: {location.name}")

    _run(run())
    return 0


def cmd_location_list(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> None:
        async with open_store(settings.db_path) as store:
            locations = await store.list_locations()
        if not locations:
            print("No locations yet. Add them with `inspraak location add NAME`.")
        for location in locations:
            print(f"{location.id:>3}  {location.name}")

    _run(run())
    return 0


# Progress and quotes -------------------------------------------------------------------------


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> tuple[Round, list[Any]]:
        async with open_store(settings.db_path) as store:
            round_ = await find_round(store, args.round)
            return round_, progress_lines(await store.progress(round_.id))

    round_, lines = _run(run())
    print(f"Progress of round {round_.name!r} ({round_.starts_on} to {round_.ends_on})")
    if not lines:
        print("No invites or answers yet.")
        return 0
    print(f"{'role':<22}{'location':<22}{'invited':>9}{'started':>9}{'completed':>11}{'rate':>7}")
    for line in lines:
        invited = "unlimited" if line.invited is None else str(line.invited)
        print(
            f"{line.role_label:<22}{line.location[:21]:<22}{invited:>9}{line.started:>9}"
            f"{line.completed:>11}{percent(line.rate):>7}"
        )
    return 0


Ask = Callable[[str], str]


async def review_quotes(
    store: Store,
    catalog: Catalog,
    round_: Round,
    reviewer: str,
    ask: Ask,
    say: Callable[[str], None],
) -> dict[str, int]:
    """Show each unreviewed free-text answer (masked) and act on the coordinator's choice."""
    queue = await review_queue(store, catalog, round_.id)
    tally = {"approved": 0, "rejected": 0, "skipped": 0}
    if not queue:
        say("No free-text answers are waiting for review.")
        return tally
    for number, item in enumerate(queue, 1):
        place = f" · {item.location}" if item.location else ""
        say(f"\n[{number}/{len(queue)}] {item.role_label}{place}")
        say(f"Vraag: {item.question_text}")
        say(f"Antwoord: {item.text}")
        while True:
            choice = ask("(a)pprove, (e)dit, (r)eject, (s)kip, (q)uit: ").strip().lower()[:1]
            if choice == "a":
                await approve(store, item, reviewer)
                tally["approved"] += 1
            elif choice == "e":
                edited = ask("New text (empty keeps the text as shown): ").strip()
                final = await approve(store, item, reviewer, edited or None)
                say(f"Approved as: {final}")
                tally["approved"] += 1
            elif choice == "r":
                await reject(store, item, reviewer)
                tally["rejected"] += 1
            elif choice == "s":
                tally["skipped"] += 1
            elif choice == "q":
                return tally
            else:
                say("Type a, e, r, s or q.")
                continue
            break
    return tally


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    catalog = _catalog(settings)

    async def run() -> dict[str, int]:
        async with open_store(settings.db_path) as store:
            round_ = await find_round(store, args.round)
            return await review_quotes(store, catalog, round_, args.reviewer, input, print)

    try:
        tally = _run(run())
    except EOFError:
        print()
        return 0
    print(
        f"\n{tally['approved']} approved, {tally['rejected']} rejected, {tally['skipped']} skipped."
    )
    return 0


# Report and export ---------------------------------------------------------------------------


def read_own_texts(path: Path | None) -> dict[str, str]:
    """The organisation's own texts per section: a YAML file mapping section ids to text."""
    if path is None:
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read --texts {path}: {exc.strerror}.") from None
    except yaml.YAMLError as exc:
        raise UserError(f"--texts {path} is not valid YAML: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
    ):
        raise UserError(
            f"--texts {path} must map section ids to text, e.g. 'pijler-1-reflectie: Wij zien...'."
        )
    return dict(loaded)


def _write_files(
    document: Document, formats: list[str], out: Path, stem: str, template: Path | None
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        if fmt == "md":
            path.write_text(render_markdown(document), encoding="utf-8")
        elif fmt == "html":
            path.write_text(render_html(document), encoding="utf-8")
        else:
            write_docx(document, path, template)
        written.append(path)
    return written


async def write_report(
    store: Store,
    catalog: Catalog,
    round_: Round,
    formats: list[str],
    section: Part,
    out: Path,
    *,
    min_group_size: int,
    organisation: str,
    actor: str,
    template: Path | None = None,
    own_texts: dict[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the input section (or only the ART part) in each format; logged in the audit log.

    `warn` hears about every part still waiting for the organisation's own text, and about
    own-text ids that match no section."""
    data = await build_input_section(
        store, catalog, round_, min_group_size=min_group_size, organisation=organisation
    )
    # Building the document, rendering (Word above all) and writing files take a while: not on
    # the event loop, where the bot's /rapport would make every participant wait.
    document = await asyncio.to_thread(build_document, data, catalog, section, own_texts)
    if warn is not None:
        known = set(anchors(await asyncio.to_thread(build_document, data, catalog, "all")))
        for key in sorted(set(own_texts or {}) - known):
            warn(f"own text {key!r} matches no section; known ids: {', '.join(sorted(known))}")
        for where in document.placeholders():
            warn(f"no text yet for {where}: the report shows a placeholder there")
    stem = ("art-aanvulling" if section == "art" else "inputsectie") + f"-{slug(round_.name)}"
    written = await asyncio.to_thread(_write_files, document, formats, out, stem, template)
    await store.audit(
        actor,
        "report",
        round=round_.name,
        section=section,
        formats=formats,
        k=min_group_size,
        disclosure_audit=data.audit_summary,
    )
    return written


def report_maker(
    settings: Settings, catalog: Catalog
) -> Callable[[Store, Round], Awaitable[list[tuple[str, bytes]]]]:
    """What the bot's /rapport calls: the input section as Word, HTML and Markdown files."""

    async def make(store: Store, round_: Round) -> list[tuple[str, bytes]]:
        folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="inspraak-report-"))
        try:
            paths = await write_report(
                store,
                catalog,
                round_,
                ["docx", "html", "md"],
                "all",
                folder,
                min_group_size=settings.min_group_size,
                organisation=settings.organisation,
                actor="telegram-coordinator",
            )
            return await asyncio.to_thread(lambda: [(p.name, p.read_bytes()) for p in paths])
        finally:
            await asyncio.to_thread(shutil.rmtree, folder, True)

    return make


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    formats = parse_formats(args.format, REPORT_FORMATS)
    catalog = _catalog(settings)

    template = Path(args.template) if args.template else None
    if template is not None and not template.is_file():
        raise UserError(f"--template {template} does not exist; give a .docx file.")
    own_texts = read_own_texts(Path(args.texts) if args.texts else None)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    async def run() -> list[Path]:
        async with open_store(settings.db_path) as store:
            round_ = await find_round(store, args.round)
            return await write_report(
                store,
                catalog,
                round_,
                formats,
                args.section,
                Path(args.out),
                min_group_size=settings.min_group_size,
                organisation=settings.organisation,
                actor=_actor(),
                template=template,
                own_texts=own_texts,
                warn=warn,
            )

    for path in _run(run()):
        print(f"Written: {path}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    formats = cast(list[ExportFormat], parse_formats(args.format, EXPORT_FORMATS))
    catalog = _catalog(settings)

    async def run() -> list[Path]:
        async with open_store(settings.db_path) as store:
            round_ = await find_round(store, args.round)
            return await export(
                store,
                catalog,
                round_,
                tuple(formats),
                Path(args.out),
                _actor(),
                fhir_base=settings.fhir_base,
            )

    for path in _run(run()):
        print(f"Written: {path}")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from inspraak.demo import run_demo

    summary = _run(run_demo(settings, _catalog(settings), Path(args.out), args.db))
    print(summary)
    return 0


# Wiring --------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the coordinator subcommands to the `inspraak` command."""
    round_ = sub.add_parser("round", help="create, list or close data-collection rounds")
    rounds = round_.add_subparsers(dest="round_command", required=True, metavar="ACTION")
    create = rounds.add_parser("create", help="create a round")
    create.add_argument("name", help="a unique name, e.g. 'Voorjaar 2026'")
    create.add_argument("--year", type=int, required=True, help="year the report is about")
    create.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    create.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
    create.add_argument(
        "--client-experience-note",
        help="sentence for the report on when client experiences were last measured",
    )
    create.set_defaults(func=cmd_round_create)
    rounds.add_parser("list", help="list rounds").set_defaults(func=cmd_round_list)
    close = rounds.add_parser("close", help="close a round: its codes stop working")
    close.add_argument("round", help="round name or id")
    close.set_defaults(func=cmd_round_close)

    location = sub.add_parser("location", help="add or list locations and teams")
    locations = location.add_subparsers(dest="location_command", required=True, metavar="ACTION")
    add = locations.add_parser("add", help="add one or more locations")
    add.add_argument("names", nargs="+", help="location or team names")
    add.set_defaults(func=cmd_location_add)
    locations.add_parser("list", help="list locations").set_defaults(func=cmd_location_list)

    progress = sub.add_parser("progress", help="response per role and location")
    progress.add_argument("--round", required=True, help="round name or id")
    progress.set_defaults(func=cmd_progress)

    quotes = sub.add_parser("quotes", help="review free-text answers (masked) for the report")
    quotes.add_argument("--round", required=True, help="round name or id")
    quotes.add_argument("--reviewer", default=_actor(), help="your name, for the audit log")
    quotes.set_defaults(func=cmd_quotes)

    report = sub.add_parser("report", help="write the input section of the kwaliteitsverslag")
    report.add_argument("--round", required=True, help="round name or id")
    report.add_argument("--format", default="md,html,docx", help="md,html,docx (default: all)")
    report.add_argument("--section", choices=PARTS, default="all", help="all, or only art")
    report.add_argument("--out", default="report-output", help="output folder")
    report.add_argument(
        "--template", help="a Word file whose styles, headers and footers the .docx uses"
    )
    report.add_argument(
        "--texts",
        help="YAML file with the organisation's own text per section id "
        "(e.g. pijler-1-reflectie); the ids are listed when one is unknown",
    )
    report.set_defaults(func=cmd_report)

    exp = sub.add_parser("export", help="anonymised data for analysts (logged)")
    exp.add_argument("--round", required=True, help="round name or id")
    exp.add_argument("--format", default="csv,xlsx,fhir", help="csv,xlsx,fhir (default: all)")
    exp.add_argument("--out", default="export-output", help="output folder")
    exp.set_defaults(func=cmd_export)

    demo = sub.add_parser("demo", help="fill a demo round with generated answers, write a report")
    demo.add_argument("--out", default="demo-output", help="output folder (default demo-output)")
    demo.add_argument("--db", help="demo database (default: OUT/demo.sqlite3, made fresh)")
    demo.set_defaults(func=cmd_demo)
