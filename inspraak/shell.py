"""What every `inspraak` subcommand shares: the configured questionnaires, the database opened
for one command, and who acts (for the audit log)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TypeVar

from inspraak.errors import UserError
from questionnaires.i18n import ngettext
from questionnaires.loader import load_catalog
from questionnaires.model import Catalog
from questionnaires.reading import QuestionnaireError
from settings import Settings
from storage.db import DatabaseError
from storage.store import Store

T = TypeVar("T")


def catalog_or_error(settings: Settings) -> Catalog:
    """Load the configured questionnaires, or explain in one line what to run to see why."""
    try:
        return load_catalog(settings.questionnaires_dir)
    except QuestionnaireError as exc:
        raise UserError(
            f"the questionnaires in {settings.questionnaires_dir} have "
            + ngettext("{n} problem", "{n} problems", len(exc.problems), "en")
            + f"; run `inspraak validate` to see them. First: {exc.problems[0].en}"
        ) from None


def add_round_option(parser: argparse.ArgumentParser) -> None:
    """`--round NAME`; without it the command takes the only round, or the only one running
    (coordination.rounds.pick_round)."""
    parser.add_argument(
        "--round", help="round name or id (default: the only round, or the only one running)"
    )


def actor() -> str:
    """Who runs the command: the user name, for the audit log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "coordinator"


def with_store(settings: Settings, work: Callable[[Store], Awaitable[T]]) -> T:
    """Run `work` on the database, opened for it and closed after. A missing folder or a
    foreign file becomes a UserError."""

    async def run() -> T:
        try:
            store = await Store.connect(settings.db_path)
        except DatabaseError as exc:
            raise UserError(str(exc)) from None
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


# The packages of the inspraak-doubles distribution (doubles/pyproject.toml).
DOUBLES = {"demo", "localbotapi"}


def without_doubles(exc: ModuleNotFoundError, command: str) -> Exception:
    """What to say when `command` needs the demo and test doubles and they are not installed
    (production installs the product alone)."""
    if exc.name not in DOUBLES:
        return exc
    return UserError(
        f"`inspraak {command}` needs the demo package, which a production install leaves out. "
        "Install it next to the product: pip install 'inspraak[demo]' (from a checkout: "
        "make install)."
    )
