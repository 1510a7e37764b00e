"""Coordinator commands: rounds, locations, progress, report, export, demo (quotes: quotes.py).

Each command parses its arguments, calls an operation of the `coordination` package (the same
ones the web console calls) and prints the result.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import yaml

from coordination import rounds as round_ops
from coordination.progress import TOO_FEW_HELP, RoundProgress, progress
from coordination.reports import export_files, report_files, save_files
from inspraak.errors import UserError
from inspraak.shell import actor, add_round_option, catalog_or_error, with_store, without_doubles
from questionnaires.model import Role
from report.document import PARTS
from report.exports import RESEARCH_WARNING
from report.labels import percent
from settings import Settings
from storage.store import Location, Round, Store

ROLES = [r.value for r in Role]


def parse_formats(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# Rounds and locations ----------------------------------------------------------------------


def cmd_round_create(args: argparse.Namespace, settings: Settings) -> int:
    starts = round_ops.parse_date(args.start, "Begindatum", "--start")
    ends = round_ops.parse_date(args.end, "Einddatum", "--end")

    async def run(store: Store) -> Round:
        return await round_ops.create_round(
            store, actor(), args.name, args.year, starts, ends, args.client_experience_note
        )

    created = with_store(settings, run)
    print(f"Round {created.id} {created.name!r} created: {created.starts_on} to {created.ends_on}.")
    return 0


def cmd_round_list(args: argparse.Namespace, settings: Settings) -> int:
    rounds = with_store(settings, Store.list_rounds)
    if not rounds:
        print("No rounds yet. Create one with `inspraak round create`.")
    today = settings.local_date()
    for r in rounds:
        status = (
            "closed"
            if r.closed_at
            else "open"
            if r.is_open(today)
            else "not started yet"
            if r.starts_on > today
            else "over (last day passed)"
        )
        print(
            f"{r.id:>3}  {r.name:<24} report year {r.report_year}  "
            f"{r.starts_on} to {r.ends_on}  {status}"
        )
    return 0


def cmd_round_close(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> Round:
        found = await round_ops.find_round(store, args.round)
        return await round_ops.close_round(store, actor(), found)

    closed = with_store(settings, run)
    print(f"Round {closed.name!r} is closed: its invite codes no longer start new answers.")
    return 0


def cmd_round_dates(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> Round:
        found = await round_ops.find_round(store, args.round)
        starts = round_ops.parse_date(args.start, "Begindatum", "--start") if args.start else None
        ends = round_ops.parse_date(args.end, "Einddatum", "--end") if args.end else None
        return await round_ops.set_dates(
            store, actor(), found, starts or found.starts_on, ends or found.ends_on
        )

    changed = with_store(settings, run)
    print(f"Round {changed.name!r} now runs from {changed.starts_on} to {changed.ends_on}.")
    return 0


def cmd_location_add(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> list[Location]:
        return await round_ops.add_locations(store, actor(), args.names)

    for location in with_store(settings, run):
        print(f"Location {location.id}: {location.name}")
    return 0


def cmd_location_rename(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> tuple[str, Location]:
        location = await round_ops.location_by_name_or_id(store, args.location)
        renamed = await round_ops.rename_location(store, actor(), location, args.name)
        return location.name, renamed

    old, renamed = with_store(settings, run)
    print(f"Location {renamed.id}: {old!r} is now {renamed.name!r}.")
    print("Its invites, answers and report figures stay with it, also those of earlier rounds.")
    return 0


def cmd_location_list(args: argparse.Namespace, settings: Settings) -> int:
    locations = with_store(settings, Store.list_locations)
    if not locations:
        print("No locations yet. Add them with `inspraak location add NAME`.")
    for location in locations:
        print(f"{location.id:>3}  {location.name}")
    return 0


# Progress -------------------------------------------------------------------------------


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> RoundProgress:
        found = await round_ops.pick_round(store, args.round, settings.local_date())
        return await progress(store, found, settings.min_group_size)

    found = with_store(settings, run)
    round_ = found.round
    print(f"Progress of round {round_.name!r} ({round_.starts_on} to {round_.ends_on})")
    if not found.lines:
        print("No invites or answers yet.")
        return 0
    print(
        f"{'role':<22}{'location':<22}{'invited':>9}{'started':>9}{'completed':>11}{'rate':>7}"
        "  answered"
    )
    for line in found.lines:
        invited = "unlimited" if line.invited is None else str(line.invited)
        print(
            f"{line.role_label:<22}{line.location[:21]:<22}{invited:>9}{line.started:>9}"
            f"{line.completed:>11}{percent(line.rate):>7}  {found.people_text(line, 'en')}"
        )
    if found.too_small:
        print(TOO_FEW_HELP["en"])
    return 0


# Report and export ---------------------------------------------------------------------------


def output_folder(name: str) -> Path:
    """The folder files go to, made now: a wrong --out stops before anything is made (a report
    that cannot be written must not enter the publication ledger)."""
    out = Path(name)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder. Give a folder for the files.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".inspraak-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UserError(
            f"cannot write files to --out {out}: {exc.strerror}. Give a folder you may write to."
        ) from None
    return out


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


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    formats = parse_formats(args.format)
    catalog = catalog_or_error(settings)

    template = Path(args.template) if args.template else None
    if template is not None and not template.is_file():
        raise UserError(f"--template {template} does not exist; give a .docx file.")
    own_texts = read_own_texts(Path(args.texts) if args.texts else None)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    out = output_folder(args.out)

    today = settings.local_date()
    running: list[Round] = []

    async def run(store: Store) -> list[Path]:
        round_ = await round_ops.pick_round(store, args.round, settings.local_date())
        if round_.still_running(today):
            running.append(round_)
        files = await report_files(
            store,
            catalog,
            round_,
            formats,
            args.section,
            settings,
            actor=actor(),
            template=template,
            own_texts=own_texts,
            warn=warn,
        )
        return save_files(files, out)

    for path in with_store(settings, run):
        print(f"Written: {path}")
    for round_ in running:
        say_interim(round_, "the report says so at the top")
    return 0


def say_interim(round_: Round, where: str) -> None:
    """Tell the coordinator that what was just written is a tussenstand, and what follows."""
    print(
        f"Tussenstand: round '{round_.name}' runs until {round_.ends_on.isoformat()} and "
        f"people can still answer; {where}, and the file name says 'tussenstand'. It is in the "
        "publication ledger: later reports keep what it showed in mind.",
        file=sys.stderr,
    )


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    kind = args.kind
    formats = parse_formats(args.format or ("csv,xlsx,fhir" if kind == "research" else "csv,xlsx"))
    catalog = catalog_or_error(settings)
    out = output_folder(args.out)
    today = settings.local_date()
    running: list[Round] = []

    async def run(store: Store) -> list[Path]:
        round_ = await round_ops.pick_round(store, args.round, today)
        if kind == "public" and round_.still_running(today):
            running.append(round_)
        files = await export_files(
            store,
            catalog,
            round_,
            formats,
            actor(),
            settings,
            kind=kind,
        )
        return save_files(files, out)

    for path in with_store(settings, run):
        print(f"Written: {path}")
    for round_ in running:
        say_interim(round_, "the files say so (the CSV's last lines, sheet 'Over deze cijfers')")
    if kind == "research":
        print(f"Warning: {RESEARCH_WARNING}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    try:
        from demo.run import run_demo
    except ModuleNotFoundError as exc:
        raise without_doubles(exc, "demo") from None
    summary = asyncio.run(run_demo(settings, catalog_or_error(settings), Path(args.out), args.db))
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
    dates = rounds.add_parser("dates", help="change the first or last day of a round")
    dates.add_argument("round", help="round name or id")
    dates.add_argument("--start", help="new first day, YYYY-MM-DD")
    dates.add_argument("--end", help="new last day, YYYY-MM-DD")
    dates.set_defaults(func=cmd_round_dates)
    close = rounds.add_parser("close", help="close a round: its codes stop working")
    close.add_argument("round", help="round name or id")
    close.set_defaults(func=cmd_round_close)

    location = sub.add_parser("location", help="add, list or rename locations and teams")
    locations = location.add_subparsers(dest="location_command", required=True, metavar="ACTION")
    add = locations.add_parser("add", help="add one or more locations")
    add.add_argument("names", nargs="+", help="location or team names")
    add.set_defaults(func=cmd_location_add)
    locations.add_parser("list", help="list locations").set_defaults(func=cmd_location_list)
    rename = locations.add_parser(
        "rename",
        help="give a location another name (its figures stay with it, also in earlier rounds)",
    )
    rename.add_argument("location", help="current name, or the number `location list` shows")
    rename.add_argument("name", help="the new name")
    rename.set_defaults(func=cmd_location_rename)

    progress = sub.add_parser("progress", help="response per role and location")
    add_round_option(progress)
    progress.set_defaults(func=cmd_progress)

    report = sub.add_parser("report", help="write the input section of the kwaliteitsverslag")
    add_round_option(report)
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

    exp = sub.add_parser(
        "export",
        help="data files: research (pseudonymised personal data) or public (report figures)",
        description=(
            "--kind research: pseudonymised answers per person (CSV, XLSX, FHIR) for analysts "
            "under a data processing agreement; personal data, not anonymous; logged. "
            "--kind public: the report's own figures (CSV, XLSX) with the same suppression and "
            "disclosure audit as the report; fit to publish. Both are in the audit log."
        ),
    )
    add_round_option(exp)
    exp.add_argument(
        "--kind",
        required=True,
        choices=("research", "public"),
        help="research: pseudonymised record-level data (personal data); public: aggregated "
        "report figures",
    )
    exp.add_argument(
        "--format", help="research: csv,xlsx,fhir (default all); public: csv,xlsx (default both)"
    )
    exp.add_argument("--out", default="export-output", help="output folder")
    exp.set_defaults(func=cmd_export)

    demo = sub.add_parser("demo", help="fill a demo round with generated answers, write a report")
    demo.add_argument("--out", default="demo-output", help="output folder (default demo-output)")
    demo.add_argument("--db", help="demo database (default: OUT/demo.sqlite3, made fresh)")
    demo.set_defaults(func=cmd_demo)
