"""Operator commands: backup, restore and retention of the database, and the health check.

Thin shells over storage/backup.py and storage/retention.py; messages are in English (for the
operator), one line each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from inspraak.errors import UserError
from inspraak.shell import with_store
from questionnaires.i18n import ngettext
from settings import Settings
from storage.backup import BackupError, Summary, backup, check, restore
from storage.db import DatabaseError
from storage.retention import RetentionResult
from storage.store import Store


def _describe(summary: Summary) -> str:
    return ", ".join(
        [
            ngettext("{n} round", "{n} rounds", summary.rounds, "en"),
            ngettext("{n} response", "{n} responses", summary.responses, "en"),
            ngettext("{n} answer", "{n} answers", summary.answers, "en"),
            f"schema version {summary.schema_version}",
            f"{summary.size / 1e6:.1f} MB",
        ]
    )


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    try:
        summary = backup(settings.db_path, Path(args.path), overwrite=args.overwrite)
    except BackupError as exc:
        raise UserError(str(exc)) from None
    print(f"Backup written to {summary.path}: {_describe(summary)}.")
    return 0


def confirm(question: str, ask: Callable[[str], str] | None = None) -> bool:
    try:
        return (ask or input)(question).strip().lower() in ("y", "yes", "j", "ja")
    except EOFError:
        return False


async def _migrate(path: Path) -> None:
    try:
        store = await Store.connect(path)
    except DatabaseError as exc:
        raise UserError(str(exc)) from None
    await store.close()


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    source = Path(args.backup)
    try:
        found = check(source)  # before asking: a wrong name or a damaged file is said at once
    except BackupError as exc:
        raise UserError(str(exc)) from None
    if not args.yes and not confirm(
        f"Replace everything in {settings.db_path} by {source} ({_describe(found)})? A copy "
        "of the database as it is now is kept next to it. [y/N] "
    ):
        print("Nothing restored.", file=sys.stderr)
        return 1
    try:
        summary, kept = restore(source, settings.db_path)
    except BackupError as exc:
        raise UserError(str(exc)) from None
    asyncio.run(_migrate(settings.db_path))  # an older backup gets the current schema
    print(f"Restored {source} into {settings.db_path}: {_describe(summary)}.")
    if kept is not None:
        print(f"The database as it was is kept in {kept}.")
    return 0


def _report(result: RetentionResult, days: int) -> str:
    verb = "Removed" if result.applied else "Would remove (dry run)"
    over = ngettext("more than {n} day", "more than {n} days", days, "en")
    if not result.rounds:
        return f"No round has been over for {over}: nothing to remove."
    rounds = ", ".join(repr(name) for name in result.rounds)
    if result.nothing:
        return f"Rounds over for {over} ({rounds}): nothing left to remove."
    removed = [
        ngettext("{n} Telegram chat id", "{n} Telegram chat ids", result.messaging_links, "en"),
        ngettext("{n} WhatsApp number", "{n} WhatsApp numbers", result.whatsapp_links, "en"),
        ngettext("{n} browser session", "{n} browser sessions", result.web_sessions, "en"),
        ngettext("{n} resume link", "{n} resume links", result.resume_tokens, "en"),
        ngettext(
            "{n} unfinished response with {answers}",
            "{n} unfinished responses with {answers}",
            result.unfinished_responses,
            "en",
            answers=ngettext("{n} answer", "{n} answers", result.answers, "en"),
        ),
        ngettext(
            "{n} participant left without answers",
            "{n} participants left without answers",
            result.participants,
            "en",
        ),
    ]
    return (
        f"{verb} for rounds over for {over} ({rounds}): {', '.join(removed)}. "
        "Submitted answers and every report figure stay."
    )


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.retention_days
    if days < 1:
        raise UserError("--days must be 1 or more.")

    cutoff = datetime.now(UTC) - timedelta(days=days)
    result = with_store(settings, lambda store: store.apply_retention(cutoff, dry_run=args.dry_run))
    print(_report(result, days))
    return 0


DATABASE = (
    "the database (INSPRAAK_DB) takes no write. Check the disk (free space, permissions) and "
    "whether another program keeps it locked"
)
# Addresses that mean "every interface": the check asks this machine.
EVERY_INTERFACE = {"0.0.0.0", "::", ""}


def health_url(settings: Settings) -> str:
    """Where this machine reaches the running web form's /healthz."""
    host = "127.0.0.1" if settings.web_listen in EVERY_INTERFACE else settings.web_listen
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.web_port}/healthz"


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """Ask the running `inspraak run` (or `inspraak web`) whether it is healthy: exit 0 when it
    is, 1 when not (a container's HEALTHCHECK, a monitoring script)."""
    url = health_url(settings)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    try:
        with opener.open(url, timeout=args.timeout) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        body = json.load(exc) if exc.code == 503 else {"status": f"HTTP {exc.code}"}
    except (OSError, ValueError) as exc:
        print(f"unhealthy: no answer from {url} ({exc})", file=sys.stderr)
        return 1
    checks = body.get("checks", {})
    failing = [explained(name, state) for name, state in checks.items() if state != "ok"]
    if body.get("status") == "ok":
        print(f"healthy: {', '.join(checks)}")
        return 0
    print(f"unhealthy: {'; '.join(failing) or body.get('status')}", file=sys.stderr)
    return 1


def explained(check: str, state: object) -> str:
    """A failing check of /healthz as an operator reads it: what is wrong, what to check."""
    from bot.reach import ADVICE as TELEGRAM
    from bot.reach import STOPPED as TELEGRAM_STOPPED
    from conversation.reachable import STOPPED
    from whatsapp.reach import ADVICE as WHATSAPP

    advice: dict[str, Mapping[str, str]] = {
        "database": {"failing": DATABASE},
        "telegram": {**TELEGRAM, STOPPED: TELEGRAM_STOPPED},
        "whatsapp": WHATSAPP,
    }
    return f"{check}: {advice.get(check, {}).get(str(state)) or state}"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the operator subcommands to the `inspraak` command."""
    make = sub.add_parser("backup", help="copy the database to one file, also while the bot runs")
    make.add_argument("path", help="the backup file to write, e.g. backups/inspraak-2026-05-01.db")
    make.add_argument("--overwrite", action="store_true", help="replace an existing file")
    make.set_defaults(func=cmd_backup)

    back = sub.add_parser(
        "restore", help="put a backup back into INSPRAAK_DB (the current one is kept aside)"
    )
    back.add_argument("backup", help="a file written by `inspraak backup`")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.set_defaults(func=cmd_restore)

    keep = sub.add_parser(
        "retention",
        help="remove chat ids and unfinished answers of rounds over for a while (keeps reports)",
    )
    keep.add_argument(
        "--days", type=int, help="days a round must be over (default INSPRAAK_RETENTION_DAYS)"
    )
    keep.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    keep.set_defaults(func=cmd_retention)

    health = sub.add_parser(
        "health", help="ask the running bot and web form whether they are healthy (exit 0 or 1)"
    )
    health.add_argument("--timeout", type=float, default=5, help="seconds to wait (default 5)")
    health.set_defaults(func=cmd_health)
